import Foundation
import NKImport
import NKPeriods
import Testing

/// The Ministry's table in each form it reaches analysts: every column, figure for figure.
@Suite("Reading the Ministry's table")
struct TableReadingTests {
  static func expectPublished(
    _ table: MinistryTable, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(table.columns.count == 21, sourceLocation: sourceLocation)
    #expect(
      table.columns.map(\.period.description) == Published.periods, sourceLocation: sourceLocation)
    #expect(table.columns.map(\.male) == Published.male, sourceLocation: sourceLocation)
    #expect(table.columns.map(\.female) == Published.female, sourceLocation: sourceLocation)
    #expect(table.columns.map(\.total) == Published.total, sourceLocation: sourceLocation)
    #expect(
      table.columns.map(\.isProvisional) == Array(repeating: false, count: 20) + [true],
      sourceLocation: sourceLocation)
    let cumulative = table.cumulative
    #expect(cumulative?.through == YearMonth(year: 2020, month: 9), sourceLocation: sourceLocation)
    #expect(cumulative?.male == 9427, sourceLocation: sourceLocation)
    #expect(cumulative?.female == 24291, sourceLocation: sourceLocation)
    #expect(cumulative?.total == 33718, sourceLocation: sourceLocation)
  }

  @Test func thePublishedFiguresAddUp() {
    // The fixture's own arithmetic, checked before any code reads it.
    #expect(zip(Published.male, Published.female).map(+) == Published.total)
    #expect(Published.male.reduce(0, +) == Published.cumulative.male)
    #expect(Published.female.reduce(0, +) == Published.cumulative.female)
    #expect(Published.total.reduce(0, +) == Published.cumulative.total)
    for (female, (total, printed)) in zip(Published.female, zip(Published.total, Published.ratio)) {
      #expect(String(format: "%.1f%%", Double(female) * 100 / Double(total)) == printed)
    }
  }

  @Test func utf8CSVWithKoreanLabelsTitleAndNoteRows() throws {
    let (table, format) = try TableSource.read(path: Fixture.utf8.path)
    #expect(format == .csv(.utf8))
    #expect(table.headerLocation == "mou-2020-09.csv:3:구분")
    Self.expectPublished(table)
  }

  @Test func utf8CSVWithBOM() throws {
    let scratch = try Scratch()
    let bytes = [0xEF, 0xBB, 0xBF] + Array(try Data(contentsOf: Fixture.utf8))
    let path = try scratch.write(bytes, to: "mou-bom.csv")
    let (table, format) = try TableSource.read(path: path)
    #expect(format == .csv(.utf8WithBOM))
    Self.expectPublished(table)
  }

  @Test func cp949CSVWithCRLF() throws {
    // The committed bytes were made with `iconv -f UTF-8 -t CP949` and CRLF line ends.
    let bytes = Array(try Data(contentsOf: Fixture.cp949))
    #expect(String(validating: bytes, as: UTF8.self) == nil)
    #expect(bytes.starts(with: [0xBA, 0xCF]))  // 북 in CP949
    #expect(bytes.contains(0x0D))
    let (table, format) = try TableSource.read(path: Fixture.cp949.path)
    #expect(format == .csv(.cp949))
    #expect(table.headerLocation == "mou-2020-09-cp949.csv:3:구분")
    Self.expectPublished(table)
  }

  @Test func xlsxWithEnglishLabelsAndATitleRow() throws {
    let scratch = try Scratch()
    let path = scratch.path("mou-2020-09.xlsx")
    try ministryWorkbook(at: path)
    let (table, format) = try TableSource.read(path: path)
    #expect(format == .workbook(sheet: "Arrivals"))
    #expect(table.headerLocation == "mou-2020-09.xlsx:Arrivals!B3")
    #expect(table.columns.last?.location == "mou-2020-09.xlsx:Arrivals!W3")
    Self.expectPublished(table)
  }

  @Test func chineseLabelsAndLabelsWithAlternatives() throws {
    let scratch = try Scratch()
    let chinese = ministryCSV(
      headings: Published.headings.map { $0.replacingOccurrences(of: "(잠정)", with: "(暂定)") },
      totalHeading: "合计", labels: ["男(名)", "女(名)", "合计(名)", "女性比例"]
    ) { rows in rows[0][0] = "类别" }
    Self.expectPublished(try TableSource.read(path: try scratch.write(chinese, to: "zh.csv")).table)
    let bilingual = ministryCSV(
      totalHeading: "합계 / Total",
      labels: ["남(명) / Male", "여(명) / Female", "합계(명) / Total", "여성비율 / Female ratio"]
    ) { rows in rows[0][0] = "구분 / Category" }
    Self.expectPublished(
      try TableSource.read(path: try scratch.write(bilingual, to: "ko-en.csv")).table)
  }

  @Test func rowsInAnyOrderAndTheRatioRowOptional() throws {
    let scratch = try Scratch()
    let text = ministryCSV { rows in
      rows = [rows[0], rows[3], rows[2], rows[1]]
    }
    Self.expectPublished(try TableSource.read(path: try scratch.write(text, to: "order.csv")).table)
  }

  @Test(
    arguments: [
      ("~'98", nil, "..1998"), ("'02", "2001", "2002"), ("’17", nil, "2017"), ("‘17", nil, "2017"),
      ("2005", nil, "2005"), ("'20.09", nil, "2020-01..2020-09"),
      ("'20.9월", nil, "2020-01..2020-09"),
      ("2020.09", nil, "2020-01..2020-09"), ("’20.09 (잠정)", nil, "2020-01..2020-09"),
      ("~'01", "1998", "1999..2001"), ("~'01", "1999", "2000..2001"),
      ("~2020.06", "2019", "2020-01..2020-06"),
      ("'49", nil, "2049"), ("'50", nil, "1950"), ("'20.01", nil, "2020-01"),
    ] as [(String, String?, String)])
  func headerForms(heading: String, previousYear: String?, expected: String) throws {
    let scratch = try Scratch()
    var headings = [heading]
    var rows: [[String]] = []
    if let previousYear { headings.insert(previousYear, at: 0) }
    let count = headings.count
    rows.append(["Category"] + headings)
    rows.append(["Male"] + Array(repeating: "1", count: count))
    rows.append(["Female"] + Array(repeating: "2", count: count))
    rows.append(["Total"] + Array(repeating: "3", count: count))
    let text = rows.map { $0.joined(separator: ",") }.joined(separator: "\n")
    let table = try TableSource.read(path: try scratch.write(text, to: "h.csv")).table
    #expect(table.columns.last?.period.description == expected)
    #expect(table.cumulative == nil)
  }
}
