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

/// Why the workbook could not be written (besides the library's own `XlsxError`s, which
/// propagate as they are).
public enum WorkbookRenderError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidRecordsPerSheet(Int)
  case periodOutOfRange(YearMonth)

  public var description: String {
    switch self {
    case .invalidRecordsPerSheet(let count):
      return
        "records per sheet must be 1…\(WorkbookOptions.maximumRecordsPerSheet), not \(count)"
    case .periodOutOfRange(let period):
      return "report period \(period) has no following day to date the workbook"
    }
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

  /// "Aid records", "Aid records 2", "Aid records 3", … for sheet `index` (0-based).
  public static func aidRecords(part index: Int) -> String {
    index == 0 ? aidRecords : "\(aidRecords) \(index + 1)"
  }
}

/// Writes `nkreport-P.xlsx`: Summary, Arrivals by year, Arrivals detail, Aid by year,
/// Aid records (continued on "Aid records 2", … when the records exceed a sheet) and Checks.
///
/// Written in libxlsxwriter's constant-memory mode, every sheet strictly top to bottom, so the
/// streamed aid records never sit in memory. The same model always gives a byte-identical file
/// (the document date is fixed from the report period). `temporaryDirectory` receives the
/// library's temporary files (`nil`: the system default).
public func writeWorkbook(_ model: ReportModel, to url: URL, temporaryDirectory: URL?) throws {
  try writeWorkbook(model, to: url, temporaryDirectory: temporaryDirectory, options: .init())
}

/// ``writeWorkbook(_:to:temporaryDirectory:)`` with options (e.g. fewer records per sheet).
public func writeWorkbook(
  _ model: ReportModel, to url: URL, temporaryDirectory: URL?, options: WorkbookOptions
) throws {
  guard (1...WorkbookOptions.maximumRecordsPerSheet).contains(options.recordsPerSheet) else {
    throw WorkbookRenderError.invalidRecordsPerSheet(options.recordsPerSheet)
  }
  let workbook = try Workbook(
    path: url.path,
    options: .init(constantMemory: true, temporaryDirectory: temporaryDirectory?.path))
  let renderer = WorkbookRenderer(model: model, workbook: workbook, options: options)
  try renderer.render()
  try workbook.close()
}

/// Renders one model into one open workbook, sheet after sheet.
final class WorkbookRenderer {
  let model: ReportModel
  let workbook: Workbook
  let options: WorkbookOptions
  /// "January–November 2018".
  let windowWords: String
  let previousWindowWords: String

  init(model: ReportModel, workbook: Workbook, options: WorkbookOptions) {
    self.model = model
    self.workbook = workbook
    self.options = options
    self.windowWords = MonthWords.span(model.window)
    self.previousWindowWords = MonthWords.span(model.previousWindow)
  }

  /// Sheets needed for the aid records (at least one, holding the header).
  var recordSheetCount: Int {
    max(1, (model.aidRecords.count + options.recordsPerSheet - 1) / options.recordsPerSheet)
  }

  func render() throws {
    try workbook.setProperties(documentProperties())
    try writeSummary()
    try writeArrivalsByYear()
    try writeArrivalsDetail()
    try writeAidByYear()
    try writeAidRecords()
    try writeChecks()
  }

  func documentProperties() throws -> Workbook.DocumentProperties {
    // Fixed from P — the first day after P, 00:00 UTC — so reruns give identical bytes.
    let lastDay = Day.end(of: model.period)
    guard lastDay.year < YearMonth.yearRange.upperBound || lastDay.month < 12 else {
      throw WorkbookRenderError.periodOutOfRange(model.period)
    }
    let created = Date(timeIntervalSince1970: TimeInterval(lastDay.daysSinceUnixEpoch + 1) * 86_400)
    return Workbook.DocumentProperties(
      title: "nkreport \(model.period)",
      subject: "North Korean arrivals and humanitarian aid, \(windowWords)",
      author: "nkreport",
      keywords: "North Korea, arrivals, defectors, residents, humanitarian aid, \(model.period)",
      comments:
        "Report period \(model.period) (\(windowWords)); data through \(model.dataThrough). "
        + "Written by nkreport from the input datasets.",
      created: created)
  }

  /// A new sheet with the report's page setup: landscape A4, one page wide, the rows
  /// `titleRows` repeated on every printed page and frozen on screen, a footer with the page
  /// number and the period.
  func addSheet(named name: String, titleRows: ClosedRange<Int> = 0...0) throws
    -> WorkbookSheetWriter
  {
    let sheet = try workbook.addWorksheet(named: name)
    try sheet.setLandscape()
    try sheet.setPaper(.a4)
    try sheet.fitToPages(width: 1, height: 0)
    try sheet.setMargins(left: 0.5, right: 0.5, top: 0.6, bottom: 0.7)
    try sheet.repeatRows(titleRows)
    try sheet.freezePanes(row: titleRows.upperBound + 1, column: 0)
    try sheet.setFooter(
      "&L&8nkreport \(model.period) – &A&C&8Page &P of &N&R&8\(windowWords)")
    return WorkbookSheetWriter(sheet)
  }
}
