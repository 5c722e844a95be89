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
  /// What changed since the earlier report (header only when nothing did, or nothing to
  /// compare with).
  public static let revisions = "revisions.csv"
  /// Only written when rows were rejected.
  public static let rejects = "rejects.csv"
}

/// Writes the CSV set of the contract into `directory` (created if missing) and returns the
/// names of the files written, in order. `rejects.csv` is written only when `model.rejects` is
/// non-empty. Same model → byte-identical files.
///
/// RFC 4180, UTF-8 without BOM, `\n` line ends, `.` decimal point, no grouping, ISO dates,
/// blank cells for figures that are not computable; text from the inputs that starts like a
/// spreadsheet formula is prefixed with `'`. `aid-records.csv` holds `records` (a report
/// streams its records through `AidRecordsCSV` instead).
@discardableResult
public func writeCSVFiles(_ model: ReportModel, records: [AidRecordRow], into directory: URL)
  throws -> [String]
{
  try createDirectory(directory)
  let recordsFile = try AidRecordsCSV(directory: directory)
  for record in records { try recordsFile.write(record) }
  return try writeCSVFiles(model, into: directory, records: recordsFile)
}

/// `aid-records.csv`, written one record at a time as the ledger is read; complete once the
/// other CSV files are written (`writeCSVFiles(_:into:records:)` closes it).
///
/// `@unchecked Sendable`: it owns an open file descriptor and its buffer, written by the pass's
/// thread and then closed by the thread writing the other CSV files — one after the other,
/// never at once (the hand-over is the thread start, which orders the writes).
final class AidRecordsCSV: @unchecked Sendable {
  private let writer: CSVWriter
  /// The physical line the next record starts on (the header is line 1; a field may hold
  /// line breaks).
  private var nextLine = 2

  init(directory: URL, checksums: FileChecksums? = nil) throws {
    try createDirectory(directory)
    writer = try CSVWriter(
      directory.appendingPathComponent(CSVFileName.aidRecords), header: AidRecordRow.csvColumns,
      checksums: checksums)
  }

  /// Writes `record` and returns the line of the file it starts on.
  @discardableResult
  func write(_ record: AidRecordRow) throws -> Int {
    let line = nextLine
    nextLine += try writer.record(record)
    return line
  }

  func close() throws { try writer.close() }
}

/// The CSV files of `model`, with `records` (already holding every record) closed in its place.
func writeCSVFiles(
  _ model: ReportModel, into directory: URL, records: AidRecordsCSV,
  checksums: FileChecksums? = nil
) throws -> [String] {
  var written: [String] = []
  func write(_ name: String, header: [String], rows: (CSVWriter) throws -> Void) throws {
    let writer = try CSVWriter(
      directory.appendingPathComponent(name), header: header, checksums: checksums)
    try rows(writer)
    try writer.close()
    written.append(name)
  }

  let marks = model.series.provisional
  func flag(_ value: Bool) -> CSVCell { .plain(value ? "true" : "false") }
  try write(CSVFileName.summary, header: ["metric", "value", "provisional"]) { csv in
    for figure in ReportFigure.published(in: model) {
      try csv.row([
        .plain(figure.metric.rawValue), .plain(figure.value.summaryText),
        flag(marks.metrics.contains(figure.metric)),
      ])
    }
  }

  try write(
    CSVFileName.arrivalsByYear,
    header: [
      "label", "first_year", "last_year", "male", "female", "total", "female_share", "change",
      "change_pct", "cumulative_arrivals", "departures", "residents", "complete", "provisional",
    ]
  ) { csv in
    for (index, row) in model.arrivalsByYear.enumerated() {
      try csv.row([
        .text(row.label), .int(row.firstYear), .int(row.lastYear), .figure(row.male),
        .figure(row.female), .figure(row.total), .fraction(row.femaleShare), .figure(row.change),
        .fraction(row.changeFraction), .figure(row.cumulativeArrivals), .figure(row.departures),
        .figure(row.residents), .plain(row.isComplete ? "true" : "false"),
        flag(marks.annual(index)),
      ])
    }
  }

  try write(
    CSVFileName.arrivalsDetail,
    header: [
      "period", "first_month", "last_month", "male", "female", "total", "ytd_total", "residents",
      "provisional",
    ]
  ) { csv in
    for (index, row) in model.arrivalsDetail.enumerated() {
      try csv.row([
        .plain(row.period.description), .plain(row.firstMonth.description),
        .plain(row.lastMonth.description), .int(row.male), .int(row.female), .int(row.total),
        .figure(row.ytdTotal), .figure(row.residents), flag(marks.detail(index)),
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
        .money(row.valueKRW, places: MinorUnit.krw), .money(row.valueUSD, places: MinorUnit.usd),
        .money(row.pendingValueKRW, places: MinorUnit.krw),
        .money(row.pendingValueUSD, places: MinorUnit.usd),
      ])
    }
  }

  try write(
    CSVFileName.aidByCategory, header: ["year", "category", "records", "value_krw", "value_usd"]
  ) {
    csv in
    for row in model.aid.byCategory {
      try csv.row([
        .int(row.year), .text(row.category), .int(row.records),
        .money(row.valueKRW, places: MinorUnit.krw),
        .money(row.valueUSD, places: MinorUnit.usd),
      ])
    }
  }

  try records.close()
  written.append(CSVFileName.aidRecords)

  try write(
    CSVFileName.checks,
    header: ["check", "expected", "computed", "difference", "status", "anchor"]
  ) {
    csv in
    for check in model.checks {
      try csv.row([
        .text(check.name), .money(check.expected, places: MinorUnit.krw),
        .money(check.computed, places: MinorUnit.krw),
        .money(check.difference, places: MinorUnit.krw), .plain(check.status.rawValue),
        .text(check.anchor?.message ?? ""),
      ])
    }
  }

  try write(CSVFileName.revisions, header: RevisionWords.header) { csv in
    for revision in model.series.revisions {
      try csv.row(RevisionWords.csvCells(revision))
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
  /// Money (or a check's whole figure) at `places` decimals, rounded half-even once from
  /// the exact value; blank when not computable.
  case money(Figure<Decimal>, places: Int)
  /// A ledger amount: as written, padded to its currency's minor unit, never rounded.
  case amount(Decimal, currency: String)

  var field: String {
    var bytes: [UInt8] = []
    append(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the field's bytes to `out`.
  func append(to out: inout [UInt8]) {
    switch self {
    case .text(let text): CSV.appendField(text, neutralising: true, to: &out)
    case .plain(let text): CSV.appendField(text, neutralising: false, to: &out)
    case .int(let value): if let value { CSV.appendInt(value, to: &out) }
    case .figure(let figure): if let value = figure.value { CSV.appendInt(value, to: &out) }
    case .fraction(let figure):
      if let text = figure.value.flatMap({ NumberText.fraction($0) }) {
        out.append(contentsOf: text.utf8)
      }
    case .money(let figure, let places):
      if let value = figure.value { MinorUnit.append(value, places: places, to: &out) }
    case .amount(let value, let currency):
      MinorUnit.appendAmount(value, currency: currency, to: &out)
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

  /// Appends `text` as one field: neutralised (when `neutralising`) and quoted exactly like
  /// `quoted(neutralised(text))`, without building intermediate strings.
  static func appendField(_ text: String, neutralising: Bool, to out: inout [UInt8]) {
    let done = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      var needsQuotes = false
      var hasQuote = false
      var isASCII = true
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "\""):
          hasQuote = true
          needsQuotes = true
        case UInt8(ascii: ","), UInt8(ascii: "\r"), UInt8(ascii: "\n"): needsQuotes = true
        case 0x80...: isASCII = false
        default: break
        }
      }
      // Doubling quotes went through Foundation's string search; keep it for non-ASCII text.
      if hasQuote && !isASCII { return false }
      if needsQuotes { out.append(UInt8(ascii: "\"")) }
      if neutralising, let first = bytes.first, startsFormula(first) {
        out.append(UInt8(ascii: "'"))
      }
      if hasQuote {
        for byte in bytes {
          out.append(byte)
          if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
      } else {
        out.append(contentsOf: bytes)
      }
      if needsQuotes { out.append(UInt8(ascii: "\"")) }
      return true
    }
    if done != true {
      out.append(contentsOf: quoted(neutralising ? neutralised(text) : text).utf8)
    }
  }

  /// `=`, `+`, `-`, `@`, tab or CR: the first UTF-8 byte decides, as these are all ASCII.
  @inline(__always)
  static func startsFormula(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
      UInt8(ascii: "\t"), UInt8(ascii: "\r"):
      return true
    default: return false
    }
  }

  /// The decimal digits of `value`, as `String(value)` writes them.
  static func appendInt(_ value: Int, to out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    if magnitude < 10 {
      out.append(UInt8(truncatingIfNeeded: magnitude) &+ 0x30)
      return
    }
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &digits) { raw in
      var start = raw.count
      repeat {
        start -= 1
        raw[start] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
        magnitude /= 10
      } while magnitude != 0
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start...]))
    }
  }

  /// `YYYY-MM-DD`, as `Day.description` writes it (years have four digits).
  static func appendDay(_ day: Day, to out: inout [UInt8]) {
    guard (1000...9999).contains(day.year), (1...99).contains(day.month), (1...99).contains(day.day)
    else {
      out.append(contentsOf: day.description.utf8)
      return
    }
    let year = day.year
    out.append(UInt8(truncatingIfNeeded: year / 1000) &+ 0x30)
    out.append(UInt8(truncatingIfNeeded: year / 100 % 10) &+ 0x30)
    out.append(UInt8(truncatingIfNeeded: year / 10 % 10) &+ 0x30)
    out.append(UInt8(truncatingIfNeeded: year % 10) &+ 0x30)
    out.append(UInt8(ascii: "-"))
    out.append(UInt8(truncatingIfNeeded: day.month / 10) &+ 0x30)
    out.append(UInt8(truncatingIfNeeded: day.month % 10) &+ 0x30)
    out.append(UInt8(ascii: "-"))
    out.append(UInt8(truncatingIfNeeded: day.day / 10) &+ 0x30)
    out.append(UInt8(truncatingIfNeeded: day.day % 10) &+ 0x30)
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

  init(_ url: URL, header: [String], checksums: FileChecksums? = nil) throws {
    file = try OutputFile(url, checksums: checksums)
    try file.write(header.map(CSV.quoted).joined(separator: ",") + "\n")
  }

  func row(_ cells: [CSVCell]) throws {
    try file.append { out in
      for (index, cell) in cells.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        cell.append(to: &out)
      }
      out.append(UInt8(ascii: "\n"))
    }
  }

  /// One line of `aid-records.csv` (`AidRecordRow.csvColumns`), written field by field into
  /// the file's buffer: the same bytes as `row` with the cells of the contract. Returns the
  /// number of lines it took.
  func record(_ record: AidRecordRow) throws -> Int {
    var lines = 0
    try file.append { out in
      let start = out.count
      let comma = UInt8(ascii: ",")
      CSV.appendField(record.id, neutralising: true, to: &out)
      out.append(comma)
      CSV.appendDay(record.authorised, to: &out)
      out.append(comma)
      CSV.appendField(record.provider, neutralising: true, to: &out)
      out.append(comma)
      CSV.appendField(record.providerType, neutralising: true, to: &out)
      out.append(comma)
      CSV.appendField(record.category, neutralising: true, to: &out)
      out.append(comma)
      CSV.appendField(record.description, neutralising: true, to: &out)
      out.append(comma)
      // The amount as the ledger gives it, at least to its currency's minor unit.
      MinorUnit.appendAmount(record.amount, currency: record.currency, to: &out)
      out.append(comma)
      CSV.appendField(record.currency, neutralising: true, to: &out)
      out.append(comma)
      CSV.appendField(record.status, neutralising: true, to: &out)
      out.append(comma)
      if let delivered = record.delivered { CSV.appendDay(delivered, to: &out) }
      out.append(comma)
      if let value = record.valueKRW.value {
        MinorUnit.append(value, places: MinorUnit.krw, to: &out)
      }
      out.append(comma)
      if let value = record.valueUSD.value {
        MinorUnit.append(value, places: MinorUnit.usd, to: &out)
      }
      out.append(UInt8(ascii: "\n"))
      for byte in out[start...] where byte == UInt8(ascii: "\n") { lines += 1 }
    }
    return lines
  }

  func close() throws { try file.close() }
}
