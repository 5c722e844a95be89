import Foundation
import NKPeriods
import NKSummary
import Testing

@testable import NKRender

/// Writes `model` to a scratch file and reads it back.
private func written(
  _ model: ReportModel = WorkbookFixture.model(),
  records: [AidRecordRow] = WorkbookFixture.records, options: WorkbookOptions = .init()
) throws -> WorkbookFile {
  try withWorkbookScratch { directory in
    let url = directory.appendingPathComponent("nkreport-2018-11.xlsx")
    try writeWorkbook(
      model, records: records, to: url, temporaryDirectory: directory, options: options)
    return try WorkbookFile(url: url)
  }
}

private let summary = WorkbookSheetName.summary
private let byYear = WorkbookSheetName.arrivalsByYear
private let records = WorkbookSheetName.aidRecords
private let checks = WorkbookSheetName.checks

@Suite("Workbook")
struct WorkbookTests {
  @Test func sheetsInContractOrder() throws {
    let file = try written()
    #expect(
      file.sheetNames == [
        "Summary", "Arrivals by year", "Arrivals detail", "Aid by year", "Aid records", "Checks",
        "Revisions",
      ])
  }

  @Test func headlineFiguresAreNumberCellsWithFormats() throws {
    let file = try written()
    let arrivals = try #require(try file.row(labelled: "Arrivals from North Korea", in: summary))
    let b = try #require(try file.cell("B\(arrivals)", in: summary))
    #expect(b.attributes["t"] == nil)
    #expect(b.first("v")?.text == "1042")
    #expect(try file.numberFormat("B\(arrivals)", in: summary) == "#,##0")
    #expect(try file.number("C\(arrivals)", in: summary) == 1045)
    #expect(try file.number("D\(arrivals)", in: summary) == -3)
    #expect(try file.numberFormat("D\(arrivals)", in: summary) == "+#,##0;-#,##0;0")
    #expect(try file.number("E\(arrivals)", in: summary) == -0.0029)
    #expect(try file.numberFormat("E\(arrivals)", in: summary) == "+0.0%;-0.0%;0.0%")

    func figure(_ label: String) throws -> (Double?, String?) {
      let row = try #require(try file.row(labelled: label, in: summary), "\(label)")
      return (
        try file.number("B\(row)", in: summary), try file.numberFormat("B\(row)", in: summary)
      )
    }
    #expect(try figure("Residents in the South, end of November 2018") == (32381, "#,##0"))
    #expect(try figure("Aid authorised (records)") == (14, "#,##0"))
    #expect(try figure("Aid delivered: providers") == (6, "#,##0"))
    #expect(try figure("Aid delivered: value in KRW") == (4_700_000_000, "#,##0 \"KRW\""))
    #expect(try figure("Aid delivered: value in US$") == (4_187_123.45, "\"US$ \"#,##0"))
    #expect(try figure("Aid pending (records)") == (2, "#,##0"))
    #expect(try figure("Aid pending: value in US$") == (8_000_000, "\"US$ \"#,##0"))
    #expect(
      try figure("2 international records authorised in 2017, on hold") == (2, "#,##0"))

    // Header names the windows; the period is in words under the title.
    let header = try #require(try file.row(labelled: "Figure", in: summary))
    #expect(try file.string("B\(header)", in: summary) == "January–November 2018")
    #expect(try file.string("C\(header)", in: summary) == "January–November 2017")
    #expect(try file.string("A1", in: summary) == "North Korean arrivals and humanitarian aid")
    #expect(try file.string("A2", in: summary)?.hasPrefix("January–November 2018") == true)

    // Data through: a real date cell shown as a month.
    let through = try #require(try file.row(labelled: "Data through", in: summary))
    let serial = Double(Day.end(of: YearMonth(year: 2025, month: 12)!).daysSinceUnixEpoch + 25569)
    #expect(try file.number("B\(through)", in: summary) == serial)
    #expect(try file.numberFormat("B\(through)", in: summary) == "yyyy-mm")
  }

  @Test func warningsAtTheTopRejectedRowsFirst() throws {
    let file = try written()
    let first = try #require(try file.string("A3", in: summary))
    #expect(first.hasPrefix("⚠ 2 input rows were rejected"))
    #expect(try file.string("A4", in: summary)?.contains("not computable") == true)
    #expect(try file.string("A5", in: summary)?.contains("Check failed") == true)
    #expect(try file.font("A3", in: summary)?.first("b") != nil)
    #expect(try file.fill("A3", in: summary)?.first("fgColor")?.attributes["rgb"] == "FFFFC7CE")
    // Merged across the table's width.
    let merges = try file.sheet(summary).all("mergeCell").compactMap { $0.attributes["ref"] }
    #expect(merges.contains("A3:F3"))

    let quiet = try written(WorkbookFixture.model(warnings: [], rejects: []))
    #expect(try quiet.string("A3", in: summary) == "No warnings.")
    #expect(try quiet.row(labelled: "Rejected input rows", in: summary) == nil)
  }

  @Test func unavailableFiguresAreMutedNotApplicableNeverZero() throws {
    let file = try written()
    let men = try #require(try file.row(labelled: "of whom men", in: summary))
    #expect(try file.string("B\(men)", in: summary) == "n/a")
    #expect(try file.number("B\(men)", in: summary) == nil)
    #expect(try file.font("B\(men)", in: summary)?.first("i") != nil)
    #expect(try file.string("F\(men)", in: summary) == WorkbookFixture.noSplit.message)
    // The comparison window's men, which the data gives, are shown (a number).
    #expect(try file.number("C\(men)", in: summary) == 188)

    // Arrivals by year: the 2018 row has no split, ..1998 no departures.
    let year2018 = try #require(try file.row(labelled: "2018", in: byYear))
    #expect(try file.string("D\(year2018)", in: byYear) == "n/a")
    #expect(try file.string("E\(year2018)", in: byYear) == "n/a")
    #expect(try file.number("F\(year2018)", in: byYear) == 1042)  // sex not given
    #expect(try file.number("G\(year2018)", in: byYear) == 1042)
    #expect(try file.string("N\(year2018)", in: byYear) == "no")
    let early = try #require(try file.row(labelled: "..1998", in: byYear))
    #expect(try file.string("B\(early)", in: byYear) == "start")
    #expect(try file.number("C\(early)", in: byYear) == 1998)
    #expect(try file.numberFormat("C\(early)", in: byYear) == "0")
    #expect(try file.string("L\(early)", in: byYear) == "n/a")
    #expect(try file.number("L\(early)", in: byYear) == nil)
    #expect(try file.cell("F\(early)", in: byYear) == nil)  // split known: nothing "not given"
    #expect(
      try file.string("O\(early)", in: byYear)
        == "\(Reasons.multiYear.message); \(Reasons.noDeparturesBefore1999.message)")
    #expect(try file.numberFormat("H\(early)", in: byYear) == "0.0%")

    // Aid records: a value without a rate.
    #expect(try file.string("K5", in: records) == "n/a")
    #expect(try file.string("M5", in: records) == Reasons.noRate("CNY", "2018-06").message)
  }

  @Test func arrivalsByYearFrozenFilteredAndCharted() throws {
    let file = try written()
    let sheet = try file.sheet(byYear)
    let pane = try #require(sheet.first("pane"))
    #expect(pane.attributes["ySplit"] == "1")
    #expect(pane.attributes["state"] == "frozen")
    #expect(sheet.first("autoFilter")?.attributes["ref"] == "A1:O5")
    #expect(try file.font("A1", in: byYear)?.first("b") != nil)

    let charts = file.chartParts.map { file.text($0) }
    #expect(charts.count == 3)
    let stacked = try #require(charts.first { $0.contains("'Arrivals by year'!$D$2:$D$5") })
    #expect(stacked.contains("<c:grouping val=\"stacked\"/>"))
    for range in ["$A$2:$A$5", "$E$2:$E$5", "$F$2:$F$5"] {
      #expect(stacked.contains("'Arrivals by year'!\(range)"))
    }
    let line = try #require(charts.first { $0.contains("<c:lineChart>") })
    #expect(line.contains("'Arrivals by year'!$M$2:$M$5"))
    let aid = try #require(charts.first { $0.contains("'Aid by year'!$E$2:$E$3") })
    #expect(aid.contains("<c:barChart>"))
    #expect(aid.contains("'Aid by year'!$A$2:$A$3"))
    // Both arrivals charts are drawn on their own sheet.
    let part = try file.sheetPart(byYear)
    let rels = file.text(
      part.replacingOccurrences(of: "worksheets/", with: "worksheets/_rels/") + ".rels")
    #expect(rels.contains("drawing"))
  }

  @Test func textFromInputsStaysTextNoFormulaAnywhere() throws {
    let file = try written()
    #expect(try file.string("C2", in: records) == WorkbookFixture.hyperlinkProvider)
    #expect(try file.string("F2", in: records) == "+drugs for 3 provinces")
    #expect(try file.string("F4", in: records) == "@SUM(1)")
    let reject = try #require(try file.row(labelled: "=1+1", in: checks, column: "D"))
    #expect(try file.number("B\(reject)", in: checks) == 9)
    for part in file.parts.keys where part.hasPrefix("xl/worksheets/sheet") {
      let text = file.text(part)
      #expect(!text.contains("<f>") && !text.contains("<f "), "formula in \(part)")
    }
    // Records: dates are date cells, amounts numbers.
    #expect(try file.numberFormat("B2", in: records) == "yyyy-mm-dd")
    #expect(try file.number("G2", in: records) == 1_500_000_000)
    #expect(try file.numberFormat("G5", in: records) == "#,##0.00")
    #expect(try file.cell("J3", in: records) == nil)  // not delivered: blank
  }

  @Test func recordsContinueOnFurtherSheetsNothingCut() throws {
    let file = try written(WorkbookFixture.model(), options: .init(recordsPerSheet: 2))
    #expect(
      file.sheetNames == [
        "Summary", "Arrivals by year", "Arrivals detail", "Aid by year", "Aid records",
        "Aid records 2", "Aid records 3", "Checks", "Revisions",
      ])
    var ids: [String] = []
    for name in ["Aid records", "Aid records 2", "Aid records 3"] {
      #expect(try file.string("A1", in: name) == "ID")
      #expect(try file.sheet(name).first("pane")?.attributes["ySplit"] == "1")
      for row in 2...3 {
        if let id = try file.string("A\(row)", in: name) { ids.append(id) }
      }
      #expect(try file.cell("A4", in: name) == nil)
    }
    #expect(ids == WorkbookFixture.records.map(\.id))
    #expect(try file.sheet("Aid records 3").first("autoFilter")?.attributes["ref"] == "A1:M2")
    let listed = try #require(try file.row(labelled: "Aid records", in: summary))
    #expect(try file.number("B\(listed)", in: summary) == 5)
    #expect(try file.string("F\(listed)", in: summary)?.contains("“Aid records 3”") == true)

    // Exactly full: no empty continuation sheet.
    let full = try written(options: .init(recordsPerSheet: 5))
    #expect(!full.sheetNames.contains("Aid records 2"))
    #expect(try full.string("A6", in: records) == "A-005")

    #expect(throws: WorkbookRenderError.invalidRecordsPerSheet(0)) {
      _ = try written(options: .init(recordsPerSheet: 0))
    }
  }

  @Test func noRecordsStillGivesTheSheet() throws {
    let file = try written(WorkbookFixture.model(recordCount: 0), records: [])
    #expect(file.sheetNames.contains(records))
    #expect(try file.string("A1", in: records) == "ID")
    #expect(try file.string("A2", in: records) == "No aid records.")
  }

  @Test func documentPropertiesFixedFromPeriodAndFilesIdentical() throws {
    let file = try written()
    let core = file.text("docProps/core.xml")
    #expect(core.contains("<dc:title>nkreport 2018-11</dc:title>"))
    #expect(core.contains("<dc:creator>nkreport</dc:creator>"))
    #expect(core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2018-12-01T00:00:00Z"))
    #expect(core.contains("January–November 2018"))

    let (first, second) = try withWorkbookScratch { directory in
      let a = directory.appendingPathComponent("a.xlsx")
      let b = directory.appendingPathComponent("b.xlsx")
      try writeWorkbook(
        WorkbookFixture.model(), records: WorkbookFixture.records, to: a,
        temporaryDirectory: directory)
      try writeWorkbook(
        WorkbookFixture.model(), records: WorkbookFixture.records, to: b, temporaryDirectory: nil)
      return (try Data(contentsOf: a), try Data(contentsOf: b))
    }
    #expect(first == second)
    #expect(!first.isEmpty)
  }

  @Test func everySheetPrintsLandscapeOnePageWideWithTitles() throws {
    let file = try written()
    let names = try file.xml("xl/workbook.xml").all("definedName")
      .filter { $0.attributes["name"] == "_xlnm.Print_Titles" }
    #expect(names.count == file.sheetNames.count)
    #expect(names.contains { $0.text == "'Arrivals by year'!$1:$1" })
    #expect(names.contains { $0.text == "Summary!$1:$2" })
    for name in file.sheetNames {
      let sheet = try file.sheet(name)
      let setup = try #require(sheet.first("pageSetup"), "\(name)")
      #expect(setup.attributes["paperSize"] == "9", "\(name)")
      #expect(setup.attributes["orientation"] == "landscape", "\(name)")
      #expect(setup.attributes["fitToHeight"] == "0", "\(name)")
      #expect(sheet.first("pageSetUpPr")?.attributes["fitToPage"] == "1", "\(name)")
      let footer = try #require(sheet.first("oddFooter")?.text, "\(name)")
      #expect(footer.contains("&P") && footer.contains("January–November 2018"), "\(name)")
      #expect(sheet.first("pane")?.attributes["state"] == "frozen", "\(name)")
      #expect(sheet.first("cols") != nil, "\(name): column widths")
    }
  }

  @Test func checksHighlightMismatchesAndListRejects() throws {
    let file = try written()
    let mismatch = try #require(try file.row(labelled: "residents 2017-12", in: checks))
    #expect(try file.string("E\(mismatch)", in: checks) == "mismatch")
    #expect(
      try file.fill("E\(mismatch)", in: checks)?.first("fgColor")?.attributes["rgb"]
        == "FFFFC7CE")
    #expect(try file.number("D\(mismatch)", in: checks) == -14)
    let ok = try #require(try file.row(labelled: "residents 2018-11", in: checks))
    #expect(try file.string("E\(ok)", in: checks) == "ok")
    let open = try #require(try file.row(labelled: "aid value 2018", in: checks))
    #expect(try file.number("B\(open)", in: checks) == 4_700_000_000.5)
    #expect(try file.numberFormat("B\(open)", in: checks) == "#,##0.00")
    #expect(try file.string("C\(open)", in: checks) == "n/a")
    #expect(try file.row(labelled: "Warnings", in: checks) != nil)
    #expect(try file.row(labelled: "Rejected input rows (2)", in: checks) != nil)

    let clean = try written(WorkbookFixture.model(rejects: []))
    #expect(try clean.row(labelled: "Rejected input rows (2)", in: checks) == nil)
  }

  @Test func aidByYearTablesOneAfterAnother() throws {
    let file = try written()
    let sheet = WorkbookSheetName.aidByYear
    #expect(try file.number("A2", in: sheet) == 2017)
    #expect(try file.numberFormat("A2", in: sheet) == "0")
    #expect(try file.number("E3", in: sheet) == 4_700_000_000)
    #expect(try file.string("I3", in: sheet) == "n/a")
    let category = try #require(
      try file.row(labelled: "tuberculosis drugs", in: sheet, column: "B"))
    #expect(try file.number("C\(category)", in: sheet) == 4)
    #expect(try file.row(labelled: "civic", in: sheet, column: "B") != nil)
    #expect(try file.sheet(sheet).all("autoFilter").count == 1)
  }

  @Test func decimalsBecomeTheNearestDouble() {
    for text in ["0.1", "4187.1234", "0.000001", "-0.0029", "4700000000", "1122.42", "-8000000"] {
      #expect(Decimal(string: text)!.workbookValue == Double(text)!, "\(text)")
    }
    #expect(
      Decimal(string: "123456789012345678901234567890")!.workbookValue == 1.2345678901234568e29)
  }
}

/// `NKREPORT_WORKBOOK_PREVIEW=/some/dir swift test --filter writesPreview` writes the fixture's
/// workbook there, to look at (e.g. through LibreOffice's PDF export).
@Test(.enabled(if: ProcessInfo.processInfo.environment["NKREPORT_WORKBOOK_PREVIEW"] != nil))
func writesPreview() throws {
  let directory = URL(
    fileURLWithPath: ProcessInfo.processInfo.environment["NKREPORT_WORKBOOK_PREVIEW"] ?? ".")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  try writeWorkbook(
    WorkbookFixture.previewModel(), records: WorkbookFixture.records,
    to: directory.appendingPathComponent("nkreport-2018-11.xlsx"),
    temporaryDirectory: directory)
}

@Test func wrappedNotesGetTallRows() throws {
  #expect(WorkbookSheetWriter.lineCount("short note", width: 45) == 1)
  #expect(WorkbookSheetWriter.lineCount(String(repeating: "word ", count: 20), width: 45) == 3)
  #expect(WorkbookSheetWriter.lineCount(String(repeating: "x", count: 100), width: 45) == 3)
  #expect(WorkbookSheetWriter.lineCount(String(repeating: "x", count: 94), width: 45) == 2)
  // The 2018 row's two reasons wrap; its row is made tall enough.
  let file = try withWorkbookScratch { directory in
    let url = directory.appendingPathComponent("w.xlsx")
    try writeWorkbook(
      WorkbookFixture.model(), records: WorkbookFixture.records, to: url,
      temporaryDirectory: directory)
    return try WorkbookFile(url: url)
  }
  let row = try #require(try file.row(labelled: "2018", in: "Arrivals by year"))
  let element = try file.sheet("Arrivals by year").all("row")
    .first { $0.attributes["r"] == "\(row)" }
  #expect(element?.attributes["ht"] == "45")
  #expect(element?.attributes["customHeight"] == "1")
}

@Test func leavesNoTemporaryFilesBehind() throws {
  // The report folder is checksummed file by file: the library's temporary files must go.
  let names = try withWorkbookScratch { directory in
    let url = directory.appendingPathComponent("nkreport-2018-11.xlsx")
    try writeWorkbook(
      WorkbookFixture.model(), records: WorkbookFixture.records, to: url,
      temporaryDirectory: directory,
      options: .init(recordsPerSheet: 2))
    return try FileManager.default.contentsOfDirectory(atPath: directory.path)
  }
  #expect(names == ["nkreport-2018-11.xlsx"])
}

@Suite("Workbook text past Excel's cell limit")
struct WorkbookLongTextTests {
  @Test func anOverlongDescriptionIsCutWithAMarkerNotAFailedReport() throws {
    var record = WorkbookFixture.records[0]
    record.description = String(repeating: "한국어 text ", count: 4_000)  // 40,000 characters
    let file = try written(WorkbookFixture.model(recordCount: 1), records: [record])
    let cells = try file.cells(records)
    let texts = try cells.values.compactMap { try file.stringValue(of: $0) }
    let cut = try #require(texts.first { $0.hasSuffix(WorkbookSheetWriter.cutMarker) })
    #expect(cut.utf16.count <= WorkbookSheetWriter.cellCharacterLimit)
    #expect(cut.hasPrefix("한국어 text 한국어"))
  }

  @Test func cuttingNeverSplitsACharacter() {
    let emoji = String(repeating: "👍", count: 20_000)  // 40,000 UTF-16 units
    let cut = WorkbookSheetWriter.fittingACell(emoji)
    #expect(cut.utf16.count <= WorkbookSheetWriter.cellCharacterLimit)
    #expect(cut.hasSuffix(WorkbookSheetWriter.cutMarker))
    #expect(cut.dropLast(WorkbookSheetWriter.cutMarker.count).allSatisfy { $0 == "👍" })
    #expect(WorkbookSheetWriter.fittingACell("short") == "short")
  }
}
