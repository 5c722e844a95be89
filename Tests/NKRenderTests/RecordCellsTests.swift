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
    var rows: [AidRecordRow] = (0..<700).map { i in
      var r = Fixture.records[i % Fixture.records.count]
      r.id = "R\(i)"
      return r
    }
    rows[3].description = String(repeating: "long ", count: 7_000)
    rows[4].provider = "Ünïcode 北 provider"
    rows[5].description = ""
    rows[5].currency = ""
    rows[6].authorised = Day(year: 1850, month: 3, day: 4)!
    rows[7].delivered = Day(year: 1899, month: 12, day: 31)!
    rows[8].valueKRW = .unavailable(
      reason: "no rate for the month of delivery and a rather long reason that wraps over "
        + "several lines of the note column")
    rows[9].valueUSD = .unavailable(reason: "no USD rate")
    rows[10].valueKRW = .unavailable(reason: "")
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
    let rows: [AidRecordRow] = (0..<count).map { i in
      var r = Fixture.records[i % Fixture.records.count]
      r.id = "R\(i)"
      return r
    }
    let model = Fixture.model(recordCount: rows.count)
    var renderer = ReportRenderer(model: model, records: rows, options: defaultOptions)
    renderer.workbookOptions = WorkbookOptions(recordsPerSheet: perSheet)
    _ = try renderer.writeFiles(into: directory)
    let one = directory.appendingPathComponent("one.xlsx")
    try writeWorkbook(
      model, records: rows, to: one, temporaryDirectory: directory,
      options: WorkbookOptions(recordsPerSheet: perSheet))
    let batched = try Data(contentsOf: directory.appendingPathComponent(renderer.workbookName))
    #expect(batched == (try Data(contentsOf: one)), "\(perSheet) a sheet, \(count) records")
  }
}
