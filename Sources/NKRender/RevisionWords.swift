import Foundation
import NKPeriods
import NKSummary

/// The revisions since the earlier report as every output states them: the columns of
/// `revisions.csv` (and of the Revisions sheet), and the digest's sentences. One place, so
/// the CSV, the sheet, the digest and run.json say the same.
public enum RevisionWords {
  public static let header = [
    "table", "key", "measure", "kind", "previous", "now", "change", "earlier_report", "sources",
  ]

  /// A stated value as the CSV writes it: a number in plain decimal digits, a text as it is,
  /// nothing blank.
  public static func text(_ value: StatedValue?) -> String { value?.description ?? "" }

  /// "file:line (period); …".
  public static func sources(_ revision: FigureRevision) -> String {
    revision.sources.map(\.description).joined(separator: "; ")
  }

  static func csvCells(_ revision: FigureRevision) -> [CSVCell] {
    [
      .plain(revision.table.rawValue), .text(revision.key), .plain(revision.measure),
      .plain(revision.kind.rawValue), cell(revision.previous), cell(revision.now),
      .plain(revision.change?.description ?? ""), .plain(revision.earlierReport),
      .text(sources(revision)),
    ]
  }

  private static func cell(_ value: StatedValue?) -> CSVCell {
    switch value {
    case .number(let number)?: return .plain(number.description)
    case .text(let text)?: return .text(text)
    case nil: return .plain("")
    }
  }

  // MARK: The digest

  /// "Revised since the report for 2025-11"; for an earlier version of the same period,
  /// "Revised since the earlier version of this report (now 2025-11.rev-1)".
  public static func heading(_ comparison: ReportComparison) -> String {
    let folder = comparison.earlierReport
    if folder.contains(".rev-") {
      return "Revised since the earlier version of this report (now \(folder))"
    }
    return "Revised since the report for \(folder)"
  }

  /// The digest's lines about the comparison: nothing to compare with, nothing revised, or
  /// one line per revision; then the resident figure's change and what could not be compared.
  static func digestLines(_ series: ReportSeries, period: YearMonth) -> [String] {
    series.revisions.map(line) + summaryLines(series, period: period)
  }

  /// The Revisions sheet's lines under its table.
  static func sheetLines(_ series: ReportSeries, period: YearMonth) -> [String] {
    guard case .compared(let comparison) = series.comparison, !comparison.revisions.isEmpty
    else { return summaryLines(series, period: period) }
    return [
      "Compared with the report for \(comparison.earlierReport):"
        + " \(Words.count(comparison.revisions.count, "revision", "revisions"))."
    ] + summaryLines(series, period: period)
  }

  /// Nothing to compare with or nothing revised; the records not listed; the resident
  /// figure's change; what could not be compared.
  static func summaryLines(_ series: ReportSeries, period: YearMonth) -> [String] {
    guard case .compared(let comparison) = series.comparison else {
      return [
        "There was nothing to compare with: no earlier report is in the reports folder."
      ]
    }
    var lines: [String] = []
    if comparison.revisions.isEmpty {
      lines.append("Nothing the report for \(comparison.earlierReport) stated has been revised.")
    }
    if series.aidRecordsNotListed > 0 {
      lines.append(
        "\(Words.count(series.aidRecordsNotListed, "more aid record", "more aid records"))"
          + " added or changed \(series.aidRecordsNotListed == 1 ? "is" : "are") not listed.")
    }
    if let change = comparison.residentChange { lines.append(residentLine(change, period)) }
    if !comparison.notCompared.isEmpty {
      lines.append(
        "Not compared (the earlier report lacks them): "
          + comparison.notCompared.joined(separator: "; ") + ".")
    }
    return lines
  }

  /// "Arrivals by year 2002, total: 1,139 → 1,142 (+3), from arrivals.csv:7 (2002)".
  static func line(_ revision: FigureRevision) -> String {
    let what =
      "\(tableName(revision.table)) \(revision.key), \(revision.measure.replacingOccurrences(of: "_", with: " "))"
    let previous = revision.previous.map(number) ?? "blank"
    let now = revision.now.map(number) ?? "blank"
    var text: String
    switch revision.kind {
    case .revised:
      text = "\(what): \(previous) → \(now)"
      if let change = revision.change { text += " (\(signed(change)))" }
    case .provisionalBecameFinal: text = "\(what): provisional, now final"
    case .added: text = "\(what): added, \(now)"
    case .removed: text = "\(what): removed (was \(previous))"
    }
    if !revision.sources.isEmpty { text += ", from " + digestSources(revision.sources) }
    return text
  }

  /// Up to three rows by name; more (a cumulative figure's) by count per file, the rows
  /// themselves in revisions.csv.
  static func digestSources(_ rows: [InputRowReference]) -> String {
    guard rows.count > 3 else { return rows.map(\.description).joined(separator: "; ") }
    var files: [String] = []
    var counts: [String: Int] = [:]
    for row in rows {
      if counts[row.file] == nil { files.append(row.file) }
      counts[row.file, default: 0] += 1
    }
    return files.map { "\(Words.count(counts[$0] ?? 0, "row", "rows")) of \($0)" }
      .joined(separator: " and ") + " (listed in \(CSVFileName.revisions))"
  }

  static func residentLine(_ change: ResidentChange, _ period: YearMonth) -> String {
    var text =
      "Residents: \(NumberText.grouped(change.previous)) at the end of"
      + " \(Words.monthYear(change.earlierPeriod)) as published then,"
      + " \(NumberText.grouped(change.now)) at the end of \(Words.monthYear(period)) now"
      + " (\(signed(Decimal(change.change))))"
    var parts: [String] = []
    if let arrivals = change.arrivals { parts.append("\(signed(Decimal(arrivals))) arrivals") }
    if let departures = change.departures {
      parts.append("\(signed(Decimal(-departures))) departures")
    }
    if let revisions = change.revisions {
      parts.append("\(signed(Decimal(revisions))) revisions of earlier figures")
    }
    if let other = change.other, other != 0 { parts.append("\(signed(Decimal(other))) other") }
    if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
    return text + "."
  }

  static func tableName(_ table: FigureRevision.Table) -> String {
    switch table {
    case .summary: return "Summary"
    case .arrivalsByYear: return "Arrivals by year"
    case .arrivalsDetail: return "Arrivals detail"
    case .checks: return "Checkpoint"
    case .aidRecords: return "Aid record"
    }
  }

  static func number(_ value: StatedValue) -> String {
    guard case .number(let number) = value else { return value.description }
    if let whole = Int(exactly: NSDecimalNumber(decimal: number).doubleValue),
      Decimal(whole) == number
    {
      return NumberText.grouped(whole)
    }
    return number.description
  }

  static func signed(_ change: Decimal) -> String {
    let text = number(.number(abs(change)))
    if change > 0 { return "+" + text }
    if change < 0 { return "−" + text }
    return "0"
  }
}
