import Foundation
import NKImport
import NKPeriods
import Testing

/// XLSX as office programs and libraries write it: a heading is read as the text the office
/// program shows; where that is still ambiguous, it is refused with the cell and the text.
@Suite("Workbooks from different writers")
struct WorkbookShapeTests {
  /// One folder for the suite's workbooks, each in a folder of its own.
  nonisolated(unsafe) static let scratch = try! Scratch()

  /// The current table with its latest column headed by `cell` (on sheet "Table", the
  /// header in row 3, column B onwards), written by the builder.
  func workbook(
    latest cell: WorkbookBuilder.Cell, formats: [String] = ["General"], inline: Bool = false,
    edit: (inout WorkbookBuilder.Sheet) -> Void = { _ in }
  ) throws -> (Scratch, String) {
    let scratch = Self.scratch
    var sheet = WorkbookBuilder.tableSheet(
      name: "Table", grid: try Current.grid(), column: 1, inline: inline)
    sheet.set(3, 28, cell)
    edit(&sheet)
    var builder = WorkbookBuilder(sheets: [sheet])
    builder.formats = formats
    let path = scratch.path("\(UUID().uuidString)/mou.xlsx")
    try FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try builder.write(to: path)
    return (scratch, path)
  }

  func readProblems(_ path: String) -> [String] {
    problems(of: importError { () throws(ImportError) in _ = try TableSource.read(path: path) })
  }

  @Test func excelLikeSharedStringsAndOpenpyxlLikeInlineStrings() throws {
    for inline in [false, true] {
      let (scratch, path) = try workbook(latest: .shared("'26.1~3월(잠정)"), inline: inline)
      let (table, format) = try TableSource.read(path: path)
      #expect(format == .workbook(sheet: "Table"))
      #expect(table.headerLocation == "mou.xlsx:Table!B3")
      PublishedFormsTests.expectCurrent(table)
      #expect(table.warnings.map(\.location) == ["mou.xlsx:Table!AC7"])
      _ = scratch
    }
  }

  @Test func aHeadingDisplayedAsTwoDecimalsIsImportedAsOctober() throws {
    let scratch = try Scratch()
    var sheet = WorkbookBuilder.Sheet(name: "Sheet1")
    let rows: [[WorkbookBuilder.Cell]] = [
      [.shared("구분"), .shared("~'24"), .number("2025.1", style: 1), .shared("합계")],
      [.shared("남"), .number("9568"), .number("20"), .formula("B4+C4", cached: "9588")],
      [.shared("여"), .number("24734"), .number("180"), .formula("B5+C5", cached: "24914")],
      [.shared("합계"), .number("34302"), .number("200"), .formula("B6+C6", cached: "34502")],
    ]
    for (row, cells) in rows.enumerated() {
      for (column, cell) in cells.enumerated() { sheet.set(3 + row, column, cell) }
    }
    var builder = WorkbookBuilder(sheets: [sheet])
    builder.formats = ["General", "0.00"]
    let path = scratch.path("mou.xlsx")
    try builder.write(to: path)
    let (table, _) = try TableSource.read(path: path)
    #expect(table.columns.map(\.period.description) == ["..2024", "2025-01..2025-10"])
    #expect(table.columns.last?.heading == "2025.10")
    #expect(table.cumulative?.through == YearMonth(year: 2025, month: 10))
    #expect(table.cumulative?.total == 34_502)
  }

  @Test func aWholeNumberWrittenAsADecimalIsTheYear() throws {
    // Other writers store 2025 as 2025.0; the office program shows 2025.
    let (_, path) = try workbook(latest: .shared("'26.1~3월(잠정)")) { sheet in
      sheet.rows[3]![27] = .number("2025.0")
    }
    let (table, _) = try TableSource.read(path: path)
    #expect(table.columns[25].period.description == "2025")
    #expect(table.columns[25].heading == "2025")
  }

  @Test func aNumberShownAsYearDotOneIsAmbiguousAndRefused() throws {
    // Shown 2026.1 in General: typed 2026.10 or 2026.1 reads the same. Never guess a month.
    let (_, path) = try workbook(latest: .number("2026.1"))
    let found = readProblems(path)
    #expect(found.count == 1)
    #expect(
      found.first?.hasPrefix(
        "mou.xlsx:Table!AC3: \"2026.1\" is the number 2026.1 shown as \"2026.1\"") == true)
    // A format rounding what was typed away is refused the same way.
    let (_, rounded) = try workbook(
      latest: .number("2026.033", style: 1), formats: ["General", "0.00"])
    #expect(
      readProblems(rounded).first?.hasPrefix("mou.xlsx:Table!AC3: \"2026.03\" is shown rounded")
        == true)
  }

  @Test func aDateHeadingReadsAsTheDateShown() throws {
    // 2026-03-01 is serial 46082; formatted yyyy.mm it shows 2026.03.
    let (_, path) = try workbook(
      latest: .number("46082", style: 1), formats: ["General", "yyyy.mm"])
    let (table, _) = try TableSource.read(path: path)
    #expect(table.columns.last?.period.description == "2026-01..2026-03")
    #expect(table.columns.last?.heading == "2026.03")
    // Formatted with its day, it is a date, not a period: refused, shown as it is.
    let (_, dated) = try workbook(
      latest: .number("46082", style: 1), formats: ["General", "yyyy-mm-dd"])
    let found = readProblems(dated)
    #expect(
      found.first?.hasPrefix(
        "mou.xlsx:Table!AC3: \"2026-03-01\" reads as a date (year, month, day)") == true)
    // The same month in the 1904 date system.
    let scratch = try Scratch()
    var sheet = WorkbookBuilder.tableSheet(name: "Table", grid: try Current.grid(), column: 1)
    sheet.set(3, 28, .number(String(46082 - 1462), style: 1))
    var builder = WorkbookBuilder(sheets: [sheet])
    builder.formats = ["General", "yy.m\"월\""]
    builder.date1904 = true
    try builder.write(to: scratch.path("1904.xlsx"))
    let (table1904, _) = try TableSource.read(path: scratch.path("1904.xlsx"))
    #expect(table1904.columns.last?.heading == "26.3월")
    #expect(table1904.columns.last?.period.description == "2026-01..2026-03")
  }

  @Test func formulasWithAndWithoutCachedValues() throws {
    // Excel saves a formula's result; some libraries save none. A total computed by a
    // formula is read from its cached value; a heading or figure without one is refused.
    let (_, cached) = try workbook(
      latest: .formula("\"'26.1~3월(잠정)\"", cached: "'26.1~3월(잠정)", text: true)
    ) {
      sheet in sheet.rows[6]![29] = .formula("SUM(C6:AC6)", cached: "34581")
    }
    PublishedFormsTests.expectCurrent(try TableSource.read(path: cached).table)
    let (_, uncached) = try workbook(latest: .formula("\"'26.1~3월(잠정)\"", cached: nil)) { sheet in
      sheet.rows[6]![29] = .formula("SUM(C6:AC6)", cached: nil)
    }
    let found = readProblems(uncached)
    #expect(
      found.contains(
        "mou.xlsx:Table!AC3: is a formula whose result the file does not hold: open the file in the office program and save it again"
      ))
    #expect(
      found.contains(
        "mou.xlsx:Table!AD6: is a formula whose result the file does not hold: open the file in the office program and save it again"
      ))
  }

  @Test func mergedTitleAndHiddenCellsAreRead() throws {
    // A title merged across the table and a hidden note row: the table reads as it is; a
    // hidden column of the table is still part of it (the total counts it).
    let (_, path) = try workbook(latest: .shared("'26.1~3월(잠정)")) { sheet in
      sheet.merged = ["B1:AD1", "B8:AD8"]
      sheet.set(8, 1, .shared("※ 2026년은 잠정치"))
      sheet.hiddenRows = [8, 7]
      sheet.hiddenColumns = [10]
    }
    let table = try TableSource.read(path: path).table
    PublishedFormsTests.expectCurrent(table)
    // What the analyst may not have seen is named, as a warning.
    #expect(
      table.warnings.map(\.description).filter { $0.contains("hidden") } == [
        "mou.xlsx:Table!K3: the column is hidden in the workbook; its figures are imported like the rest",
        "mou.xlsx:Table!B7: the Female ratio (여성비율) row is hidden in the workbook; its figures are imported like the rest",
      ])
  }

  @Test func aHeadingMergedOverTwoColumnsIsNamedAsSuch() throws {
    let (_, path) = try workbook(latest: .shared("'26.1~3월(잠정)")) { sheet in
      // '25 heads AB3:AC3, merged; the '26.1~3월(잠정) column has no heading of its own.
      sheet.rows[3]![28] = nil
      sheet.merged = ["AB3:AC3"]
    }
    #expect(
      readProblems(path).contains(
        "mou.xlsx:Table!AC3: the column has figures but its header cell is blank (it is inside the merged cells AB3:AC3: give each column its own heading)"
      ))
  }

  @Test func aCoverSheetIsPassedOverAndTheSheetUsedIsNamed() throws {
    let scratch = try Scratch()
    var cover = WorkbookBuilder.Sheet(name: "표지")
    cover.set(1, 0, .shared("구분"))
    cover.set(1, 1, .shared("내용"))
    cover.set(2, 0, .shared("작성기관"))
    cover.set(2, 1, .shared("통일부"))
    let table = WorkbookBuilder.tableSheet(name: "입국현황", grid: try Current.grid())
    try WorkbookBuilder(sheets: [cover, table]).write(to: scratch.path("mou.xlsx"))
    let (read, format) = try TableSource.read(path: scratch.path("mou.xlsx"))
    #expect(format == .workbook(sheet: "입국현황"))
    #expect(format.description == "XLSX, sheet 입국현황")
    PublishedFormsTests.expectCurrent(read)
    // No sheet holding the table: the sheets searched are named.
    try WorkbookBuilder(sheets: [cover]).write(to: scratch.path("cover.xlsx"))
    let found = readProblems(scratch.path("cover.xlsx"))
    #expect(found.first?.hasPrefix("cover.xlsx:표지!A1: ") == true)
  }
}
