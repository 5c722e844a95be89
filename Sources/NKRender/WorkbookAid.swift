import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// The "Aid by year" sheet and the streamed "Aid records" sheets.
extension WorkbookRenderer {
  func writeAidByYear() throws {
    let s = WorkbookStyle.self
    let aid = model.aid
    let sheet = try addSheet(named: WorkbookSheetName.aidByYear)

    // By year (delivered value by delivery year; pending as at the year's end, or at P).
    let titles = [
      "Year", "Authorised", "Delivered", "Providers", "Delivered (KRW)", "Delivered (US$)",
      "Pending", "Pending (KRW)", "Pending (US$)", "Note",
    ]
    try sheet.header(titles, rightAligned: Set(0...8))
    for year in aid.byYear {
      var notes = WorkbookNotes()
      try sheet.number(year.year, column: 0, style: s.year)
      try sheet.number(year.authorised, column: 1, style: s.count)
      try sheet.number(year.delivered, column: 2, style: s.count)
      try sheet.number(year.providers, column: 3, style: s.count)
      try sheet.figure(year.valueKRW, column: 4, style: s.krw, notes: &notes)
      try sheet.figure(year.valueUSD, column: 5, style: s.usd, notes: &notes)
      try sheet.number(year.pending, column: 6, style: s.count)
      try sheet.figure(year.pendingValueKRW, column: 7, style: s.krw, notes: &notes)
      try sheet.figure(year.pendingValueUSD, column: 8, style: s.usd, notes: &notes)
      if year.year == model.period.year && model.period.month != 12 {
        notes.add("\(windowWords) only; pending as at the end of \(MonthWords.name(model.period))")
      }
      try sheet.note(notes.text, column: 9, width: Self.noteWidth)
      sheet.nextRow()
    }
    let byYearRows = aid.byYear.count
    try sheet.sheet.autofilter(
      firstRow: 0, firstColumn: 0, lastRow: byYearRows, lastColumn: titles.count - 1)
    sheet.nextRow()

    // Delivered aid by category.
    try section("Delivered aid by category and year of delivery", on: sheet)
    try sheet.header(
      ["Year", "Category", "Records", "Value (KRW)", "Value (US$)", "Note"],
      rightAligned: [0, 2, 3, 4])
    for row in aid.byCategory {
      var notes = WorkbookNotes()
      try sheet.number(row.year, column: 0, style: s.year)
      try sheet.text(row.category, column: 1, style: s.textIndented)
      try sheet.number(row.records, column: 2, style: s.count)
      try sheet.figure(row.valueKRW, column: 3, style: s.krw, notes: &notes)
      try sheet.figure(row.valueUSD, column: 4, style: s.usd, notes: &notes)
      try sheet.note(notes.text, column: 5, width: Self.noteWidth)
      sheet.nextRow()
    }
    if aid.byCategory.isEmpty { try noRows("No delivered aid.", on: sheet) }
    sheet.nextRow()

    // By provider type.
    try section("Aid by provider type", on: sheet)
    try sheet.header(
      [
        "Year", "Provider type", "Authorised", "Delivered", "Delivered (KRW)",
        "Delivered (US$)", "Note",
      ], rightAligned: [0, 2, 3, 4, 5])
    for row in aid.byProviderType {
      var notes = WorkbookNotes()
      try sheet.number(row.year, column: 0, style: s.year)
      try sheet.text(row.providerType, column: 1, style: s.textIndented)
      try sheet.number(row.authorised, column: 2, style: s.count)
      try sheet.number(row.delivered, column: 3, style: s.count)
      try sheet.figure(row.valueKRW, column: 4, style: s.krw, notes: &notes)
      try sheet.figure(row.valueUSD, column: 5, style: s.usd, notes: &notes)
      try sheet.note(notes.text, column: 6, width: Self.noteWidth)
      sheet.nextRow()
    }
    if aid.byProviderType.isEmpty { try noRows("No aid records.", on: sheet) }
    try sheet.fitColumns(minimum: 8, maximum: Self.noteWidth)

    // Delivered value by year, to the right of the first table.
    guard byYearRows > 0 else { return }
    let chart = try workbook.addChart(.column)
    try chart.setTitle("Aid delivered by year of delivery (KRW)")
    let series = try chart.addSeries(
      name: "Delivered (KRW)",
      categories: CellRange(sheet: sheet.name, rows: 1...byYearRows, column: 0),
      values: CellRange(sheet: sheet.name, rows: 1...byYearRows, column: 4))
    try series.setFillColor(0x44_72C4)
    try chart.setValueAxisNumberFormat("#,##0.0,,,\" bn\"")
    try chart.setValueAxisTitle("KRW")
    try chart.setLegendPosition(.none)
    try sheet.sheet.insertChart(chart, row: 1, column: titles.count + 1, xScale: 1.2)
  }

  /// A heading row above a table further down a sheet (merged, so it does not widen column A).
  func section(_ title: String, on sheet: WorkbookSheetWriter) throws {
    try sheet.sheet.mergeRange(
      rows: sheet.row...sheet.row, columns: 0...4, string: title, format: WorkbookStyle.section)
    sheet.nextRow()
  }

  func noRows(_ message: String, on sheet: WorkbookSheetWriter) throws {
    try sheet.text(message, column: 0, style: WorkbookStyle.muted)
    sheet.nextRow()
  }
}

/// The record sheets' rows laid out as cells ahead of writing (`CellBatch`), so that the thread
/// reading the ledger does the decimal work, the string checks and the width estimates, and the
/// workbook thread only hands the cells to the library. The same cells as
/// `WorkbookSheetWriter` would write one by one.
struct RecordCells: Sendable {
  /// The styles the record rows use, by position.
  static let styles = CellStyles([
    WorkbookStyle.textIndented, WorkbookStyle.date, WorkbookStyle.amount,
    WorkbookStyle.amountFraction, WorkbookStyle.krw, WorkbookStyle.usd,
    WorkbookStyle.unavailable, WorkbookStyle.note,
  ])
  private static let textIndented = styles[0]
  private static let date = styles[1]
  private static let amount = styles[2]
  private static let amountFraction = styles[3]
  private static let krw = styles[4]
  private static let usd = styles[5]
  private static let unavailable = styles[6]
  private static let note = styles[7]

  private(set) var batch: CellBatch
  let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    batch = CellBatch(
      styles: Self.styles, rows: capacity, cellsPerRow: ReportWorkbook.aidRecordTitles.count - 1)
  }

  var count: Int { batch.rowCount }

  /// Hands the rows so far over and starts an empty batch of the same capacity.
  mutating func take() -> CellBatch {
    defer { self = RecordCells(capacity: capacity) }
    return batch
  }

  mutating func append(_ record: AidRecordRow) {
    text(record.id, column: 0)
    day(record.authorised, column: 1)
    text(record.provider, column: 2, style: Self.textIndented)
    text(record.providerType, column: 3)
    text(record.category, column: 4)
    text(record.description, column: 5)
    let amount = record.amount
    batch.number(
      amount.workbookValue, column: 6,
      style: amount.workbookIsWhole ? Self.amount : Self.amountFraction)
    text(record.currency, column: 7, style: Self.textIndented)
    text(record.status, column: 8)
    if let delivered = record.delivered { day(delivered, column: 9) }
    if let krw = record.valueKRW.value, let usd = record.valueUSD.value {
      batch.number(krw.workbookValue, column: 10, style: Self.krw)
      batch.number(usd.workbookValue, column: 11, style: Self.usd)
    } else {
      var notes = WorkbookNotes()
      figure(record.valueKRW, column: 10, style: Self.krw, notes: &notes)
      figure(record.valueUSD, column: 11, style: Self.usd, notes: &notes)
      // As `WorkbookSheetWriter.note`: wrapped, and the row as tall as its lines.
      let text = notes.text
      self.text(text, column: ReportWorkbook.aidRecordTitles.count - 1, style: Self.note)
      let lines = WorkbookSheetWriter.lineCount(text, width: WorkbookRenderer.noteWidth)
      if lines > 1 { batch.setRowHeight(15 * Double(lines)) }
    }
    batch.endRow()
  }

  /// As `WorkbookSheetWriter.text`.
  private mutating func text(_ value: String, column: Int, style: CellStyles.Style? = nil) {
    if value.isEmpty {
      if let style { batch.blank(column: column, style: style) }
    } else {
      batch.text(WorkbookSheetWriter.fittingACell(value), column: column, style: style)
    }
  }

  /// As `WorkbookSheetWriter.date`.
  private mutating func day(_ day: Day, column: Int) {
    let date = CalendarDate(year: day.year, month: day.month, day: day.day)
    if date.isValid {
      batch.date(date, column: column, style: Self.date)
    } else {
      batch.text(day.description, column: column)
    }
  }

  /// As `WorkbookSheetWriter.figure`.
  private mutating func figure<Value: WorkbookNumber>(
    _ figure: Figure<Value>, column: Int, style: CellStyles.Style, notes: inout WorkbookNotes
  ) {
    switch figure {
    case .known(let value): batch.number(value.workbookValue, column: column, style: style)
    case .unavailable(let reason):
      batch.text("n/a", column: column, style: Self.unavailable)
      notes.add(reason.message)
    }
  }
}

/// Where the streamed records are: the sheet being filled and how many records it holds.
struct RecordSheets {
  var part = 0
  var sheet: WorkbookSheetWriter?
  var rowsOnSheet = 0
}

/// The "Aid records" sheets, streamed as the ledger is read.
extension ReportWorkbook {
  static let aidRecordTitles = [
    "ID", "Authorised", "Provider", "Provider type", "Category", "Description", "Amount",
    "Currency", "Status", "Delivered", "Value (KRW)", "Value (US$)", "Note",
  ]

  /// Writes one record on "Aid records" (see `write(_:)` for batches).
  func write(_ record: AidRecordRow) throws {
    var cells = RecordCells(capacity: 1)
    cells.append(record)
    try write(cells.batch)
  }

  /// Writes a batch of record rows on "Aid records", continuing on "Aid records 2", … whenever
  /// a sheet holds `options.recordsPerSheet` records. Each sheet has its own header, filter
  /// and frozen header row. Nothing is cut. A batch must not straddle two sheets (cut batches
  /// where a sheet fills up).
  func write(_ batch: CellBatch) throws {
    guard batch.rowCount > 0 else { return }
    if records.rowsOnSheet == options.recordsPerSheet {
      try finishRecordSheet()
      records.part += 1
      try startRecordSheet()
    }
    guard let sheet = records.sheet else { return }
    guard records.rowsOnSheet + batch.rowCount <= options.recordsPerSheet else {
      throw RenderError.inconsistentModel(
        "a batch of \(batch.rowCount) records does not fit on \(sheet.name)")
    }
    try sheet.sheet.write(batch, startingAt: sheet.row)
    sheet.nextRow(batch.rowCount)
    records.rowsOnSheet += batch.rowCount
  }

  func startRecordSheet() throws {
    let sheet = try newSheet(
      named: WorkbookSheetName.aidRecords(part: records.part), titleRows: 0...0)
    try sheet.header(Self.aidRecordTitles, rightAligned: [1, 6, 9, 10, 11])
    records.sheet = sheet
    records.rowsOnSheet = 0
  }

  /// Ends the last record sheet (after the last record).
  func finishRecordSheets() throws {
    if records.part == 0 && records.rowsOnSheet == 0, let sheet = records.sheet {
      try sheet.text("No aid records.", column: 0, style: WorkbookStyle.muted)
      sheet.nextRow()
      // The filter must reach the row written last (constant memory flushes earlier rows).
      records.rowsOnSheet = 1
    }
    try finishRecordSheet()
  }

  private func finishRecordSheet() throws {
    guard let sheet = records.sheet else { return }
    try sheet.sheet.autofilter(
      firstRow: 0, firstColumn: 0, lastRow: records.rowsOnSheet,
      lastColumn: Self.aidRecordTitles.count - 1)
    try sheet.fitColumns(minimum: 8, maximum: WorkbookRenderer.noteWidth)
  }
}
