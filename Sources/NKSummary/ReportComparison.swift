import Foundation
import NKPeriods

/// How the resident figure moved from the earlier report to this one: the arrivals and
/// departures since the earlier report's period, and the revisions of the earlier figure
/// (residents at that period as computed now, less as published then). `other` is what the
/// three leave over (a figure anchored differently now, e.g. on a new checkpoint); each part is
/// `nil` when not computable.
public struct ResidentChange: Hashable, Sendable {
  public var earlierPeriod: YearMonth
  public var previous: Int
  public var now: Int
  public var arrivals: Int?
  public var departures: Int?
  public var revisions: Int?
  public var other: Int?
  public var change: Int { now - previous }
}

/// The comparison of this report with an earlier one: every figure the earlier report stated
/// that this one states differently for the same period, date or record; the resident
/// figure's change split into its parts; and what could not be compared.
public struct ReportComparison: Hashable, Sendable {
  public var earlierReport: String
  public var revisions: [FigureRevision]
  public var residentChange: ResidentChange?
  /// What could not be compared and why (files or columns the earlier report lacks).
  public var notCompared: [String]

  /// Compares `current` with `earlier`; aid records are compared in the ledger's pass
  /// (`AidRecordComparison`) and their revisions passed as `aidRevisions`.
  public init(
    earlier: EarlierReport, current: CurrentFigures, aidRevisions: [FigureRevision] = []
  ) {
    earlierReport = earlier.folder
    notCompared = earlier.notCompared
    var revisions: [FigureRevision] = []
    let folder = earlier.folder
    let covered = earlier.period

    // The headline metrics, when the earlier report is of the same period.
    if covered == current.period {
      for metric in Metric.allCases where Self.comparesSummary(metric) {
        guard let previous = earlier.summary[metric.rawValue] else { continue }
        let now = Self.published(current.summary[metric.rawValue] ?? nil, metric)
        if previous != now {
          revisions.append(
            FigureRevision(
              table: .summary, key: current.period.description, measure: metric.rawValue,
              kind: .revised, previous: previous, now: now, earlierReport: folder))
        }
      }
    }

    // The people tables, row by row over the same months.
    for (table, earlierRows, currentRows) in [
      (FigureRevision.Table.arrivalsByYear, earlier.annual, current.annual),
      (.arrivalsDetail, earlier.detail, current.detail),
    ] {
      for before in earlierRows {
        guard
          let now = currentRows.first(where: { $0.first == before.first && $0.last == before.last })
        else { continue }
        revisions += Self.peopleRevisions(table, before, now, folder: folder)
      }
    }

    // Checkpoints by name ("residents 2017-12-31"): the published value each expected.
    for check in earlier.checks where Self.isCheckpoint(check.name) {
      if let now = current.checkpoints.first(where: { $0.name == check.name }) {
        let value = StatedValue.number(Decimal(now.expected))
        if check.expected.map(StatedValue.number) != value {
          revisions.append(
            FigureRevision(
              table: .checks, key: check.name, measure: "expected", kind: .revised,
              previous: check.expected.map(StatedValue.number), now: value, earlierReport: folder,
              sources: [now.source]))
        }
      } else {
        revisions.append(
          FigureRevision(
            table: .checks, key: check.name, measure: "expected", kind: .removed,
            previous: check.expected.map(StatedValue.number), now: nil, earlierReport: folder))
      }
    }
    // Residents and cumulative arrivals at the earlier report's period.
    if let covered {
      for (measure, previous, now) in [
        ("residents", earlier.residents, current.residentsAtEarlierPeriod),
        (
          "cumulative_arrivals", earlier.cumulativeArrivals,
          current.cumulativeArrivalsAtEarlierPeriod
        ),
      ] where previous != nil && now.value != nil && previous != now.value {
        revisions.append(
          FigureRevision(
            table: .summary, key: covered.description, measure: measure, kind: .revised,
            previous: previous.map { .number(Decimal($0)) },
            now: now.value.map { .number(Decimal($0)) }, earlierReport: folder,
            sources: now.sources))
      }
      if let previous = earlier.residents, let now = current.residents.value {
        let arrivals = current.arrivalsSinceEarlierPeriod.value
        let departures = current.departuresSinceEarlierPeriod.value
        let revision = current.residentsAtEarlierPeriod.value.map { $0 - previous }
        var other: Int?
        if let arrivals, let departures, let revision {
          other = now - previous - arrivals + departures - revision
        }
        residentChange = ResidentChange(
          earlierPeriod: covered, previous: previous, now: now, arrivals: arrivals,
          departures: departures, revisions: revision, other: other)
      }
    }

    revisions += aidRevisions
    self.revisions = revisions
  }

  /// Counts and money: fractions follow from the counts, the period is the key itself, and
  /// residents are compared at the earlier period below.
  static func comparesSummary(_ metric: Metric) -> Bool {
    switch metric.kind {
    case .count, .money: return metric != .residents
    case .text, .fraction: return false
    }
  }

  /// A value as `summary.csv` writes it: money at its currency's minor unit.
  static func published(_ value: StatedValue?, _ metric: Metric) -> StatedValue? {
    guard case .money(let currency) = metric.kind, case .number(var amount)? = value else {
      return value
    }
    var rounded = Decimal()
    NSDecimalRound(&rounded, &amount, currency == .usd ? 2 : 0, .bankers)
    return .number(rounded)
  }

  static func isCheckpoint(_ name: String) -> Bool {
    name.hasPrefix("residents ") || name.hasPrefix("cumulative arrivals ")
  }

  /// Total, men and women of one row over the same months, and a provisional row made final.
  static func peopleRevisions(
    _ table: FigureRevision.Table, _ before: EarlierReport.PeopleRow,
    _ now: CurrentFigures.PeopleRow, folder: String
  ) -> [FigureRevision] {
    var result: [FigureRevision] = []
    for (measure, previous, current) in [
      ("total", before.total, now.total), ("male", before.male, now.male),
      ("female", before.female, now.female),
    ] where previous != nil && current != nil && previous != current {
      result.append(
        FigureRevision(
          table: table, key: before.label, measure: measure, kind: .revised,
          previous: previous.map { .number(Decimal($0)) },
          now: current.map { .number(Decimal($0)) }, earlierReport: folder, sources: now.sources))
    }
    if before.isProvisional == true && !now.isProvisional && now.total != nil {
      result.append(
        FigureRevision(
          table: table, key: before.label, measure: "status", kind: .provisionalBecameFinal,
          previous: .text("provisional"), now: .text("final"), earlierReport: folder,
          sources: now.sources))
    }
    return result
  }
}
