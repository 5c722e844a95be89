import Foundation

/// An input row a figure is computed from: `arrivals.csv:31 (2024)`.
public struct InputRowReference: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var file: String
  /// Physical line (1-based) where the row starts.
  public var line: Int
  /// The row's period or date as the file gives it ("2024", "2017-12-31"); empty for a row
  /// that has none (an aid record is named by its id in `detail`).
  public var period: String

  public init(file: String, line: Int, period: String = "") {
    self.file = file
    self.line = line
    self.period = period
  }

  public var description: String {
    period.isEmpty ? "\(file):\(line)" : "\(file):\(line) (\(period))"
  }

  public static func < (a: Self, b: Self) -> Bool { (a.file, a.line) < (b.file, b.line) }
}

/// A value a report states: a number (counts, money, fractions) or a text (a status, a
/// currency, a date), or nothing (not stated: blank, not computable, or no such row).
public enum StatedValue: Hashable, Sendable, CustomStringConvertible {
  case number(Decimal)
  case text(String)

  public var number: Decimal? {
    if case .number(let value) = self { return value }
    return nil
  }

  public var description: String {
    switch self {
    case .number(let value): return value.description
    case .text(let text): return text
    }
  }
}

/// One figure an earlier report stated and this one states differently for the same period,
/// date or record: what it is, both values, and where the new one comes from.
public struct FigureRevision: Hashable, Sendable {
  /// The published table the figure is in (the CSV file's name without `.csv`).
  public enum Table: String, Hashable, Sendable, CaseIterable {
    case summary
    case arrivalsByYear = "arrivals-by-year"
    case arrivalsDetail = "arrivals-detail"
    case checks
    case aidRecords = "aid-records"
  }

  public enum Kind: String, Hashable, Sendable {
    /// The value changed.
    case revised
    /// The same value, stated provisional before and final now.
    case provisionalBecameFinal = "provisional_became_final"
    /// An aid record the earlier report did not have, authorised on a day it covered.
    case added
    /// An aid record or a checkpoint the earlier report had and this one does not.
    case removed
  }

  public var table: Table
  /// The row: a period label ("2024", "2025-01..2025-11"), a check's name, a record id, a
  /// metric name.
  public var key: String
  /// The column: `total`, `male`, `female`, `residents`, `amount`, `status`, `record`, …
  public var measure: String
  public var kind: Kind
  /// As the earlier report stated it; `nil` when it stated nothing (blank, not computable).
  public var previous: StatedValue?
  /// As this report states it; `nil` when it states nothing.
  public var now: StatedValue?
  /// The earlier report's folder, as found in the reports folder ("2025-11").
  public var earlierReport: String
  /// The input row that now gives the figure (several for a sum); empty when removed.
  public var sources: [InputRowReference]

  public init(
    table: Table, key: String, measure: String, kind: Kind, previous: StatedValue?,
    now: StatedValue?, earlierReport: String, sources: [InputRowReference] = []
  ) {
    self.table = table
    self.key = key
    self.measure = measure
    self.kind = kind
    self.previous = previous
    self.now = now
    self.earlierReport = earlierReport
    self.sources = sources
  }

  /// Now minus previously, where both are numbers.
  public var change: Decimal? {
    guard let now = now?.number, let previous = previous?.number else { return nil }
    return now - previous
  }

}
