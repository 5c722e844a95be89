import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// Options of the workbook renderer; the defaults are what a report uses.
public struct WorkbookOptions: Hashable, Sendable {
  /// Data rows per "Aid records" sheet before the records continue on "Aid records 2", … .
  /// Excel holds 1,048,576 rows per sheet, one of which is the header.
  public var recordsPerSheet: Int

  /// The most data rows a sheet can hold under its header row.
  public static let maximumRecordsPerSheet = 1_048_575

  public init(recordsPerSheet: Int = WorkbookOptions.maximumRecordsPerSheet) {
    self.recordsPerSheet = recordsPerSheet
  }
}

/// The sheet names, in the workbook's order (continuation sheets "Aid records 2", … follow
/// "Aid records").
public enum WorkbookSheetName {
  public static let summary = "Summary"
  public static let arrivalsByYear = "Arrivals by year"
  public static let arrivalsDetail = "Arrivals detail"
  public static let aidByYear = "Aid by year"
  public static let aidRecords = "Aid records"
  public static let checks = "Checks"
  /// What changed since the earlier report (after Checks).
  public static let revisions = "Revisions"

  /// "Aid records", "Aid records 2", "Aid records 3", … for sheet `index` (0-based).
  public static func aidRecords(part index: Int) -> String {
    index == 0 ? aidRecords : "\(aidRecords) \(index + 1)"
  }
}

/// What a workbook needs before its figures are known: its page footers and document
/// properties come from the period alone, so it can be opened before the ledger is read.
public struct ReportHeading: Hashable, Sendable {
  public var period: YearMonth
  public var window: Period
  public var previousWindow: Period
  public var dataThrough: YearMonth

  public init(period: YearMonth, window: Period, previousWindow: Period, dataThrough: YearMonth) {
    self.period = period
    self.window = window
    self.previousWindow = previousWindow
    self.dataThrough = dataThrough
  }

  public init(_ plan: ReportPlan) {
    self.init(
      period: plan.period, window: plan.window, previousWindow: plan.previousWindow,
      dataThrough: plan.dataThrough)
  }

  public init(_ model: ReportModel) {
    self.init(
      period: model.period, window: model.window, previousWindow: model.previousWindow,
      dataThrough: model.dataThrough)
  }
}

/// Writes `nkreport-P.xlsx` for `model` with its aid `records` (tests and small reports; a
/// report streams its records through `ReportWorkbook`): Summary, Arrivals by year, Arrivals
/// detail, Aid by year, Aid records (continued on "Aid records 2", … when the records exceed a
/// sheet) and Checks. The same model and records always give a byte-identical file.
/// `temporaryDirectory` receives the library's temporary files (`nil`: the system default).
public func writeWorkbook(
  _ model: ReportModel, records: [AidRecordRow], to url: URL, temporaryDirectory: URL?,
  options: WorkbookOptions = .init()
) throws {
  let book = try ReportWorkbook(
    heading: ReportHeading(model), url: url, temporaryDirectory: temporaryDirectory,
    options: options)
  for record in records { try book.write(record) }
  try book.finish(model)
}

/// The workbook of one report, written in one pass over the ledger.
///
/// In libxlsxwriter's constant-memory mode each sheet is written strictly top to bottom, but
/// sheets are independent: the sheets are added in the workbook's order when it is opened,
/// the records stream onto "Aid records" (and its continuations) as the ledger is read, and
/// the sheets of figures are written once the figures are final (`finish`). Cell styles get
/// their indices in one fixed order when the workbook is opened (`WorkbookStyle.all`), so the
/// file's bytes do not depend on which sheet was written first.
///
/// Not `Sendable`: it owns libxlsxwriter's workbook and worksheet handles (C pointers), used by
/// one thread at a time — handed to the records thread for the pass and back when it is joined
/// (`BackgroundWork`, `sending`), then finished by the render stage.
final class ReportWorkbook {
  let workbook: Workbook
  let heading: ReportHeading
  let options: WorkbookOptions
  private var sheets: [String: WorkbookSheetWriter] = [:]
  var records: RecordSheets

  /// The sheets before the records, in order, with their title rows.
  static let sheetsBeforeRecords: [(name: String, titleRows: ClosedRange<Int>)] = [
    (WorkbookSheetName.summary, 0...1), (WorkbookSheetName.arrivalsByYear, 0...0),
    (WorkbookSheetName.arrivalsDetail, 0...0), (WorkbookSheetName.aidByYear, 0...0),
  ]

  init(heading: ReportHeading, url: URL, temporaryDirectory: URL?, options: WorkbookOptions)
    throws
  {
    guard (1...WorkbookOptions.maximumRecordsPerSheet).contains(options.recordsPerSheet) else {
      throw WorkbookRenderError.invalidRecordsPerSheet(options.recordsPerSheet)
    }
    let properties = try Self.documentProperties(heading)
    workbook = try Workbook(
      path: url.path,
      options: .init(constantMemory: true, temporaryDirectory: temporaryDirectory?.path))
    self.heading = heading
    self.options = options
    records = RecordSheets()
    try workbook.setProperties(properties)
    try workbook.fixStyleOrder(WorkbookStyle.all)
    for sheet in Self.sheetsBeforeRecords {
      sheets[sheet.name] = try newSheet(named: sheet.name, titleRows: sheet.titleRows)
    }
    try startRecordSheet()
  }

  /// The sheets of figures and Checks, then the file. Call once, after the last record.
  func finish(_ model: ReportModel) throws {
    try finishRecordSheets()
    try WorkbookRenderer(model: model, book: self).render()
    try workbook.close()
  }

  /// The sheet `name`: the one added when the workbook was opened, else a new one at the end.
  func sheet(named name: String, titleRows: ClosedRange<Int>) throws -> WorkbookSheetWriter {
    if let sheet = sheets[name] { return sheet }
    return try newSheet(named: name, titleRows: titleRows)
  }

  /// A new sheet with the report's page setup: landscape A4, one page wide, the rows
  /// `titleRows` repeated on every printed page and frozen on screen, a footer with the page
  /// number and the period.
  func newSheet(named name: String, titleRows: ClosedRange<Int>) throws -> WorkbookSheetWriter {
    let sheet = try workbook.addWorksheet(named: name)
    try sheet.setLandscape()
    try sheet.setPaper(.a4)
    try sheet.fitToPages(width: 1, height: 0)
    try sheet.setMargins(left: 0.5, right: 0.5, top: 0.6, bottom: 0.7)
    try sheet.repeatRows(titleRows)
    try sheet.freezePanes(row: titleRows.upperBound + 1, column: 0)
    try sheet.setFooter(
      "&L&8nkreport \(heading.period) – &A&C&8Page &P of &N&R&8\(MonthWords.span(heading.window))")
    return WorkbookSheetWriter(sheet)
  }

  static func documentProperties(_ heading: ReportHeading) throws -> Workbook.DocumentProperties {
    // Fixed from P — the first day after P, 00:00 UTC — so reruns give identical bytes.
    let lastDay = Day.end(of: heading.period)
    guard lastDay.year < YearMonth.yearRange.upperBound || lastDay.month < 12 else {
      throw WorkbookRenderError.periodOutOfRange(heading.period)
    }
    let windowWords = MonthWords.span(heading.window)
    let created = Date(timeIntervalSince1970: TimeInterval(lastDay.daysSinceUnixEpoch + 1) * 86_400)
    return Workbook.DocumentProperties(
      title: "nkreport \(heading.period)",
      subject: "North Korean arrivals and humanitarian aid, \(windowWords)",
      author: "nkreport",
      keywords: "North Korea, arrivals, defectors, residents, humanitarian aid, \(heading.period)",
      comments:
        "Report period \(heading.period) (\(windowWords)); data through \(heading.dataThrough). "
        + "Written by nkreport from the input datasets.",
      created: created)
  }
}

/// Writes the sheets of figures of one model into an open `ReportWorkbook`.
final class WorkbookRenderer {
  let model: ReportModel
  let book: ReportWorkbook
  var workbook: Workbook { book.workbook }
  var options: WorkbookOptions { book.options }
  /// "January–November 2018".
  let windowWords: String
  let previousWindowWords: String

  init(model: ReportModel, book: ReportWorkbook) {
    self.model = model
    self.book = book
    self.windowWords = MonthWords.span(model.window)
    self.previousWindowWords = MonthWords.span(model.previousWindow)
  }

  /// Sheets holding the aid records (at least one, holding the header).
  var recordSheetCount: Int { book.records.part + 1 }

  func render() throws {
    try writeSummary()
    try writeArrivalsByYear()
    try writeArrivalsDetail()
    try writeAidByYear()
    try writeChecks()
    try writeRevisions()
  }

  func addSheet(named name: String, titleRows: ClosedRange<Int> = 0...0) throws
    -> WorkbookSheetWriter
  {
    try book.sheet(named: name, titleRows: titleRows)
  }
}
