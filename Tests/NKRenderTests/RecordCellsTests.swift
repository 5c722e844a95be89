import Foundation
import NKPeriods
import NKSummary
import Testing
import XlsxWriter

@testable import NKRender

extension ReportWorkbook {
  /// The reference: a record written cell by cell through `WorkbookSheetWriter`, as the
  /// records sheet was written before `RecordCells` (6eba228^); one sheet only.
  func writeCellByCell(_ record: AidRecordRow) throws {
    guard let sheet = records.sheet else { return }
    let s = WorkbookStyle.self
    try sheet.text(record.id, column: 0)
    try sheet.date(record.authorised, column: 1)
    try sheet.text(record.provider, column: 2, style: s.textIndented)
    try sheet.text(record.providerType, column: 3)
    try sheet.text(record.category, column: 4)
    try sheet.text(record.description, column: 5)
    try sheet.sheet.write(
      record.amount.workbookValue, row: sheet.row, column: 6,
      format: record.amount.workbookIsWhole ? s.amount : s.amountFraction)
    try sheet.text(record.currency, column: 7, style: s.textIndented)
    try sheet.text(record.status, column: 8)
    if let delivered = record.delivered { try sheet.date(delivered, column: 9) }
    if let krw = record.valueKRW.value, let usd = record.valueUSD.value {
      try sheet.sheet.write(krw.workbookValue, row: sheet.row, column: 10, format: s.krw)
      try sheet.sheet.write(usd.workbookValue, row: sheet.row, column: 11, format: s.usd)
    } else {
      var notes = WorkbookNotes()
      try sheet.figure(record.valueKRW, column: 10, style: s.krw, notes: &notes)
      try sheet.figure(record.valueUSD, column: 11, style: s.usd, notes: &notes)
      try sheet.note(
        notes.text, column: Self.aidRecordTitles.count - 1, width: WorkbookRenderer.noteWidth)
    }
    sheet.nextRow()
    records.rowsOnSheet += 1
  }
}

/// `RecordCells` lays a record's row out as cells on the reading thread; the workbook must be
/// the one written cell by cell, for every shape of record (cut text, non-ASCII, empty cells,
/// days before 1900, figures not computable with their notes and row heights, fractions).
@Suite("Record rows laid out as cells")
struct RecordCellsTests {
  @Test func recordCellsWriteWhatCellByCellWrites() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var rows = Fixture.numberedRecords(700)
    rows[3].description = String(repeating: "long ", count: 7_000)
    rows[4].provider = "Ünïcode 北 provider"
    rows[5].description = ""
    rows[5].currency = ""
    rows[6].authorised = Day(year: 1850, month: 3, day: 4)!
    rows[7].delivered = Day(year: 1899, month: 12, day: 31)!
    rows[8].valueKRW = .unavailable(reason: Reasons.long)
    rows[9].valueUSD = .unavailable(reason: Reasons.noUSDRate)
    rows[10].valueKRW = .unavailable(reason: .earlierFigureIsZero)
    rows[11].amount = Decimal(string: "1234.5")!
    let model = Fixture.model(recordCount: rows.count)
    let newURL = directory.appendingPathComponent("new.xlsx")
    try writeWorkbook(model, records: rows, to: newURL, temporaryDirectory: directory)
    let oldURL = directory.appendingPathComponent("old.xlsx")
    let book = try ReportWorkbook(
      heading: ReportHeading(model), url: oldURL, temporaryDirectory: directory, options: .init())
    for row in rows { try book.writeCellByCell(row) }
    try book.finish(model)
    #expect(try Data(contentsOf: newURL) == Data(contentsOf: oldURL))
  }

  /// The pass cuts its batches where a record sheet fills up, whatever the sheet's size
  /// against the batch's (and with no records at all).
  @Test(arguments: [(1, 5), (2, 7), (5, 10), (511, 1100), (512, 1100), (513, 1100), (600, 0)])
  func batchesAreCutWhereASheetFillsUp(perSheet: Int, count: Int) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (batched, oneByOne) = try renderBothWays(
      Fixture.numberedRecords(count), perSheet: perSheet, in: directory)
    #expect(batched == (try Data(contentsOf: oneByOne)), "\(perSheet) a sheet, \(count) records")
  }

  /// Batches through the pass continue on "Aid records 2", "3" as a record-by-record write
  /// does, with text cut at the cell limit, non-ASCII and empty cells on the way.
  @Test func batchedRecordSheetsAreTheWorkbookWrittenRecordByRecord() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let perSheet = RecordSinks.batchSize + 188  // not a multiple of the batch
    var rows = Fixture.numberedRecords(perSheet * 2 + 301)
    rows[5].description = String(repeating: "long ", count: 7_000)  // cut at the cell limit
    rows[6].provider = "Ünïcode 北 provider"
    rows[7].description = ""
    let (batched, oneByOne) = try renderBothWays(rows, perSheet: perSheet, in: directory)
    #expect(batched == (try Data(contentsOf: oneByOne)))
    let file = try WorkbookFile(url: oneByOne)
    #expect(file.sheetNames.filter { $0.hasPrefix("Aid records") }.count == 3)
    #expect(try file.string("A\(perSheet + 1)", in: "Aid records 2") == "R\(perSheet * 2 - 1)")
    #expect(try file.string("A302", in: "Aid records 3") == "R\(rows.count - 1)")
  }

  /// The workbook the renderer's pass writes (its bytes), and the same records written one at a
  /// time by `writeWorkbook` (its file), at `perSheet` records a sheet.
  private func renderBothWays(_ rows: [AidRecordRow], perSheet: Int, in directory: URL) throws
    -> (batched: Data, oneByOne: URL)
  {
    let model = Fixture.model(recordCount: rows.count)
    _ = try writeReport(
      model, records: rows, options: defaultOptions,
      workbookOptions: WorkbookOptions(recordsPerSheet: perSheet), into: directory)
    let oneByOne = directory.appendingPathComponent("one-by-one.xlsx")
    try writeWorkbook(
      model, records: rows, to: oneByOne, temporaryDirectory: directory,
      options: WorkbookOptions(recordsPerSheet: perSheet))
    let batched = try Data(
      contentsOf: directory.appendingPathComponent(ReportRenderer.workbookName(model.period)))
    return (batched, oneByOne)
  }
}

extension Fixture {
  /// `count` records cycling through the fixture's, with ids R0, R1, …
  static func numberedRecords(_ count: Int) -> [AidRecordRow] {
    (0..<count).map { index in
      var row = records[index % records.count]
      row.id = "R\(index)"
      return row
    }
  }
}
