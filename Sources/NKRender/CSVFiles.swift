import Foundation
import NKPeriods
import NKSummary

/// The CSV files of the contract's "Outputs", in the order they are written.
public enum CSVFileName {
  public static let summary = "summary.csv"
  public static let arrivalsByYear = "arrivals-by-year.csv"
  public static let arrivalsDetail = "arrivals-detail.csv"
  public static let aidByYear = "aid-by-year.csv"
  public static let aidByCategory = "aid-by-category.csv"
  public static let aidRecords = "aid-records.csv"
  public static let checks = "checks.csv"
  /// Only written when rows were rejected.
  public static let rejects = "rejects.csv"
}

/// Writes the CSV set of the contract into `directory` (created if missing) and returns the
/// names of the files written, in order. `rejects.csv` is written only when `model.rejects` is
/// non-empty. Same model → byte-identical files.
///
/// RFC 4180, UTF-8 without BOM, `\n` line ends, `.` decimal point, no grouping, ISO dates,
/// blank cells for figures that are not computable; text from the inputs that starts like a
/// spreadsheet formula is prefixed with `'`. The aid records are streamed, never collected.
@discardableResult
public func writeCSVFiles(_ model: ReportModel, into directory: URL) throws -> [String] {
  try createDirectory(directory)
  var written: [String] = []
  func write(_ name: String, header: [String], rows: (CSVWriter) throws -> Void) throws {
    let writer = try CSVWriter(directory.appendingPathComponent(name), header: header)
    try rows(writer)
    try writer.close()
    written.append(name)
  }

  try write(CSVFileName.summary, header: ["metric", "value"]) { csv in
    for metric in Headline.metricNames {
      guard let value = summaryValue(metric, model) else {
        throw RenderError.inconsistentModel("summary metric \(metric) has no CSV rendering")
      }
      try csv.row([.plain(metric), value])
    }
  }

  try write(
    CSVFileName.arrivalsByYear,
    header: [
      "label", "first_year", "last_year", "male", "female", "total", "female_share", "change",
      "change_pct", "cumulative_arrivals", "departures", "residents", "complete",
    ]
  ) { csv in
    for row in model.arrivalsByYear {
      try csv.row([
        .text(row.label), .int(row.firstYear), .int(row.lastYear), .figure(row.male),
        .figure(row.female), .figure(row.total), .fraction(row.femaleShare), .figure(row.change),
        .fraction(row.changeFraction), .figure(row.cumulativeArrivals), .figure(row.departures),
        .figure(row.residents), .plain(row.isComplete ? "true" : "false"),
      ])
    }
  }

  try write(
    CSVFileName.arrivalsDetail,
    header: [
      "period", "first_month", "last_month", "male", "female", "total", "ytd_total", "residents",
    ]
  ) { csv in
    for row in model.arrivalsDetail {
      try csv.row([
        .plain(row.period.description), .plain(row.firstMonth.description),
        .plain(row.lastMonth.description), .int(row.male), .int(row.female), .int(row.total),
        .figure(row.ytdTotal), .figure(row.residents),
      ])
    }
  }

  try write(
    CSVFileName.aidByYear,
    header: [
      "year", "authorised", "delivered", "providers", "value_krw", "value_usd", "pending_value_krw",
      "pending_value_usd",
    ]
  ) { csv in
    for row in model.aid.byYear {
      try csv.row([
        .int(row.year), .int(row.authorised), .int(row.delivered), .int(row.providers),
        .money(row.valueKRW), .money(row.valueUSD), .money(row.pendingValueKRW),
        .money(row.pendingValueUSD),
      ])
    }
  }

  try write(
    CSVFileName.aidByCategory, header: ["year", "category", "records", "value_krw", "value_usd"]
  ) {
    csv in
    for row in model.aid.byCategory {
      try csv.row([
        .int(row.year), .text(row.category), .int(row.records), .money(row.valueKRW),
        .money(row.valueUSD),
      ])
    }
  }

  try write(CSVFileName.aidRecords, header: AidRecordRow.csvColumns) { csv in
    try model.aidRecords.forEach { record in
      try csv.row([
        .text(record.id), .plain(record.authorised.description), .text(record.provider),
        .text(record.providerType), .text(record.category), .text(record.description),
        .money(.known(record.amount)), .text(record.currency), .text(record.status),
        .plain(record.delivered?.description ?? ""), .money(record.valueKRW),
        .money(record.valueUSD),
      ])
    }
  }

  try write(CSVFileName.checks, header: ["check", "expected", "computed", "difference", "status"]) {
    csv in
    for check in model.checks {
      try csv.row([
        .text(check.name), .money(check.expected), .money(check.computed),
        .money(check.difference), .plain(check.status.rawValue),
      ])
    }
  }

  if !model.rejects.isEmpty {
    try write(CSVFileName.rejects, header: ["file", "line", "column", "value", "reason"]) { csv in
      for reject in model.rejects {
        try csv.row([
          .text(reject.file), .int(reject.line), .text(reject.column), .text(reject.value),
          .text(reject.reason),
        ])
      }
    }
  }
  return written
}

private func summaryValue(_ metric: String, _ model: ReportModel) -> CSVCell? {
  let headline = model.headline
  switch metric {
  case "period": return .plain(model.period.description)
  case "arrivals_ytd": return .figure(headline.arrivalsYTD)
  case "arrivals_ytd_prev": return .figure(headline.arrivalsYTDPrevious)
  case "arrivals_change": return .figure(headline.arrivalsChange)
  case "arrivals_change_pct": return .fraction(headline.arrivalsChangeFraction)
  case "residents": return .figure(headline.residents)
  case "aid_authorised": return .int(headline.aidAuthorised)
  case "aid_delivered_value_krw": return .money(headline.aidDeliveredValueKRW)
  case "aid_delivered_value_usd": return .money(headline.aidDeliveredValueUSD)
  case "aid_delivered_providers": return .int(headline.aidDeliveredProviders)
  case "aid_pending": return .int(headline.aidPending)
  case "aid_pending_value_krw": return .money(headline.aidPendingValueKRW)
  case "aid_pending_value_usd": return .money(headline.aidPendingValueUSD)
  default: return nil
  }
}

func createDirectory(_ directory: URL) throws {
  do {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  } catch {
    throw RenderError.io(
      path: directory.path, reason: "cannot create directory: \(error.localizedDescription)")
  }
}

/// One cell of a CSV row: how a value is turned into text decides whether it may be altered.
enum CSVCell {
  /// Text from the inputs: neutralised against formula injection, then quoted as needed.
  case text(String)
  /// Text the renderer made itself (dates, periods, flags, metric names): quoted as needed only.
  case plain(String)
  case int(Int?)
  case figure(Figure<Int>)
  /// A fraction rounded to 4 decimals; blank when not computable.
  case fraction(Figure<Double>)
  /// An exact Decimal; blank when not computable.
  case money(Figure<Decimal>)

  var field: String {
    switch self {
    case .text(let text): return CSV.quoted(CSV.neutralised(text))
    case .plain(let text): return CSV.quoted(text)
    case .int(let value): return value.map(String.init) ?? ""
    case .figure(let figure): return figure.value.map(String.init) ?? ""
    case .fraction(let figure): return figure.value.flatMap { NumberText.fraction($0) } ?? ""
    case .money(let figure): return figure.value.flatMap(NumberText.plain) ?? ""
    }
  }
}

enum CSV {
  /// OWASP CSV injection: a cell starting with `=`, `+`, `-`, `@`, tab or CR is prefixed
  /// with `'` so a spreadsheet shows it as text instead of evaluating it.
  static func neutralised(_ text: String) -> String {
    guard let first = text.unicodeScalars.first else { return text }
    switch first {
    case "=", "+", "-", "@", "\t", "\r": return "'" + text
    default: return text
    }
  }

  /// RFC 4180: a field containing a comma, a double quote, CR or LF is enclosed in double
  /// quotes, with its double quotes doubled.
  static func quoted(_ field: String) -> String {
    let needsQuotes = field.utf8.contains { byte in
      byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r")
        || byte == UInt8(ascii: "\n")
    }
    guard needsQuotes else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// Writes header and rows, `\n`-terminated, through a buffered file.
final class CSVWriter {
  private let file: OutputFile

  init(_ url: URL, header: [String]) throws {
    file = try OutputFile(url)
    try file.write(header.map(CSV.quoted).joined(separator: ",") + "\n")
  }

  func row(_ cells: [CSVCell]) throws {
    var line = ""
    for (index, cell) in cells.enumerated() {
      if index > 0 { line.append(",") }
      line.append(cell.field)
    }
    line.append("\n")
    try file.write(line)
  }

  func close() throws { try file.close() }
}
