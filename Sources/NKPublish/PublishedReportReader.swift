import Foundation
import NKInputs
import NKPeriods
import NKSummary

/// Reads what an earlier report folder published — `run.json`, `summary.csv`,
/// `arrivals-by-year.csv`, `arrivals-detail.csv`, `checks.csv` and its aid records in compact
/// form — as an `EarlierReport`, for comparison. Reports written by older versions of nkreport
/// may lack a file or a column: what is missing is left out and named in `notCompared`, never
/// taken as zero. CSV goes through the inputs' reader (`CSVRecords`).
public enum PublishedReportReader {
  /// Reads the report in `folder` (`Reports/2025-11`). With `aidRecords`, also reads its aid
  /// records' digest (`aid-records.digest`, 20 bytes a record), or for a report without one
  /// its `aid-records.csv`, once.
  public static func read(folder: URL, aidRecords: Bool = true, limits: InputLimits = .standard)
    -> EarlierReport
  {
    var report = EarlierReport(folder: folder.lastPathComponent, period: nil)
    var notes: [String] = []
    let manifest = readManifest(folder.appendingPathComponent("run.json"), &notes)
    report.version = manifest.version
    report.period = manifest.period

    if let rows = table(folder, "summary.csv", ["metric", "value"], &notes, limits) {
      for row in rows {
        guard let metric = row["metric"], !metric.isEmpty else { continue }
        report.summary[metric] = .some(stated(row["value"] ?? ""))
      }
      if report.period == nil, case .text(let text)?? = report.summary[Metric.period.rawValue] {
        report.period = YearMonth.parse(text)
      }
    }
    guard let period = report.period else {
      notes.append("the report's period: neither run.json nor summary.csv gives it")
      report.notCompared = notes
      return report
    }

    let peopleColumns = ["male", "female", "total"]
    if let rows = table(
      folder, "arrivals-by-year.csv", ["label"], &notes, limits,
      optional: peopleColumns + ["cumulative_arrivals", "provisional"])
    {
      report.annual = rows.compactMap { row in
        guard let label = row["label"],
          let (first, last) = EarlierReport.annualSpan(label: label, period: period)
        else { return nil }
        return peopleRow(row, label: label, first: first, last: last)
      }
    }
    if let rows = table(
      folder, "arrivals-detail.csv", ["period", "first_month", "last_month"], &notes, limits,
      optional: peopleColumns + ["provisional"])
    {
      report.detail = rows.compactMap { row in
        guard let label = row["period"], let first = row["first_month"].flatMap(YearMonth.parse),
          let last = row["last_month"].flatMap(YearMonth.parse)
        else { return nil }
        return peopleRow(row, label: label, first: first, last: last)
      }
    }
    if let rows = table(folder, "checks.csv", ["check", "expected"], &notes, limits) {
      report.checks = rows.compactMap { row in
        guard let name = row["check"] else { return nil }
        return EarlierReport.CheckRow(
          name: name, expected: row["expected"].flatMap(decimal),
          computed: row["computed"].flatMap(decimal))
      }
    }
    if aidRecords {
      let digest = folder.appendingPathComponent(AidRecordDigestFile.name)
      if FileManager.default.fileExists(atPath: digest.path),
        let read = try? AidRecordDigestFile.read(digest)
      {
        report.aidRecords = read
      } else {
        // An older report, or a digest that cannot be read: one pass over its CSV instead.
        report.aidRecords = readAidDigest(
          folder.appendingPathComponent("aid-records.csv"), &notes, limits)
      }
    }
    report.notCompared = notes
    return report
  }

  /// The records at `lines` of the earlier report's `aid-records.csv` (the changed and removed
  /// ones a comparison found), by line; one streaming pass that keeps only those lines.
  public static func aidRecords(
    atLines lines: [Int], in folder: URL, limits: InputLimits = .standard
  )
    throws -> [Int: AidRecordFacts]
  {
    guard !lines.isEmpty else { return [:] }
    let wanted = Set(lines)
    var csv = try CSVRecords(
      path: folder.appendingPathComponent("aid-records.csv").path, limits: limits)
    var found: [Int: AidRecordFacts] = [:]
    var seen = 0
    while seen < wanted.count, let line = try csv.advance() {
      guard wanted.contains(line) else { continue }
      seen += 1
      if let facts = aidFacts(csv.record) { found[line] = facts }
    }
    return found
  }

  // MARK: Files

  private static func readManifest(_ url: URL, _ notes: inout [String]) -> (
    period: YearMonth?, version: String
  ) {
    guard let data = try? Data(contentsOf: url) else {
      notes.append("run.json: absent or unreadable")
      return (nil, "")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      notes.append("run.json: not a JSON object")
      return (nil, "")
    }
    let tool = object["tool"] as? [String: Any]
    return (
      (object["period"] as? String).flatMap(YearMonth.parse), tool?["version"] as? String ?? ""
    )
  }

  /// Every record of a published table, or `nil` (noted) when the file is absent, unreadable
  /// or lacks a `required` column. A missing `optional` column is noted and read as absent.
  private static func table(
    _ folder: URL, _ name: String, _ required: [String], _ notes: inout [String],
    _ limits: InputLimits, optional: [String] = []
  ) -> [CSVRecords.Record]? {
    let path = folder.appendingPathComponent(name).path
    guard FileManager.default.fileExists(atPath: path) else {
      notes.append("\(name): absent")
      return nil
    }
    do {
      var csv = try CSVRecords(path: path, limits: limits)
      let missing = required.filter { !csv.hasColumn($0) }
      guard missing.isEmpty else {
        notes.append("\(name): no column \(missing.joined(separator: ", "))")
        return nil
      }
      for column in optional where !csv.hasColumn(column) {
        notes.append("\(name): no column \(column)")
      }
      var rows: [CSVRecords.Record] = []
      while let row = try csv.next() { rows.append(row) }
      return rows
    } catch {
      notes.append("\(name): \(error)")
      return nil
    }
  }

  private static func readAidDigest(_ url: URL, _ notes: inout [String], _ limits: InputLimits)
    -> AidRecordDigest?
  {
    let name = url.lastPathComponent
    guard FileManager.default.fileExists(atPath: url.path) else {
      notes.append("\(name): absent")
      return nil
    }
    do {
      var csv = try CSVRecords(path: url.path, limits: limits)
      let needed = ["id", "authorised", "amount", "currency", "status", "delivered"]
      let missing = needed.filter { !csv.hasColumn($0) }
      guard missing.isEmpty else {
        notes.append("\(name): no column \(missing.joined(separator: ", "))")
        return nil
      }
      var hashes: [UInt64] = []
      var fingerprints: [UInt64] = []
      var lines: [UInt32] = []
      var unreadable = 0
      while let row = try csv.next() {
        guard let facts = aidFacts(row), let line = UInt32(exactly: row.line) else {
          unreadable += 1
          continue
        }
        hashes.append(facts.idHash)
        fingerprints.append(facts.fingerprint)
        lines.append(line)
      }
      if unreadable > 0 { notes.append("\(name): \(unreadable) records unreadable, not compared") }
      return AidRecordDigest(
        idHashes: consume hashes, fingerprints: consume fingerprints, lines: consume lines)
    } catch {
      notes.append("\(name): \(error)")
      return nil
    }
  }

  // MARK: Values

  private static func peopleRow(
    _ row: CSVRecords.Record, label: String, first: YearMonth?, last: YearMonth
  ) -> EarlierReport.PeopleRow {
    EarlierReport.PeopleRow(
      label: label, first: first, last: last, total: row["total"].flatMap(integer),
      male: row["male"].flatMap(integer), female: row["female"].flatMap(integer),
      cumulativeArrivals: row["cumulative_arrivals"].flatMap(integer),
      residents: row["residents"].flatMap(integer),
      isProvisional: row["provisional"].flatMap {
        $0 == "true" ? true : $0 == "false" ? false : nil
      })
  }

  static func aidFacts(_ row: CSVRecords.Record) -> AidRecordFacts? {
    guard let id = row["id"].map(unneutralised), !id.isEmpty,
      let authorised = row["authorised"].flatMap(Day.parse),
      let amount = row["amount"].flatMap(decimal), let currency = row["currency"],
      let status = row["status"]
    else { return nil }
    let delivered = row["delivered"].flatMap { $0.isEmpty ? nil : Day.parse($0) }
    return AidRecordFacts(
      id: id, authorised: authorised, amount: amount, currency: unneutralised(currency),
      status: unneutralised(status), delivered: delivered, line: row.line)
  }

  /// A text cell as published: empty is "not stated", a plain number is a number.
  static func stated(_ text: String) -> StatedValue? {
    if text.isEmpty { return nil }
    if let number = decimal(text) { return .number(number) }
    return .text(text)
  }

  static func integer(_ text: String) -> Int? { Int(text) }

  /// A plain decimal ("-12.50"), as the report writes numbers; not locale-dependent.
  static func decimal(_ text: String) -> Decimal? {
    var digits = Substring(text)
    if digits.first == "-" { digits = digits.dropFirst() }
    let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count),
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
  }

  /// The report writes a text cell starting with `=`, `+`, `-`, `@` with a leading `'` (so a
  /// spreadsheet does not run it); the value is without it.
  static func unneutralised(_ text: String) -> String {
    guard text.hasPrefix("'"), let second = text.dropFirst().first, "=+-@\t\r".contains(second)
    else { return text }
    return String(text.dropFirst())
  }
}
