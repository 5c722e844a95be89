import Foundation
import NKRender
import NKSummary

/// The parts of `run.json` about the report as one of a series: the comparison with the
/// earlier report (`comparison`), the rows marked provisional (`provisional`) and where each
/// headline figure comes from (`lineage`, `lineage_not_computable`).
struct ManifestComparison: Codable, Equatable {
  struct Revision: Codable, Equatable {
    var table: String
    var key: String
    var measure: String
    var kind: String
    /// Numbers as JSON numbers (exact decimals), texts as strings; `null` when not stated.
    var previous: ManifestValue?
    var now: ManifestValue?
    var change: Decimal?
    var earlierReport: String
    var sources: [String]

    enum CodingKeys: String, CodingKey {
      case table, key, measure, kind, previous, now, change, sources
      case earlierReport = "earlier_report"
    }

    /// Every key in every revision, `null` where a value is not stated.
    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(table, forKey: .table)
      try container.encode(key, forKey: .key)
      try container.encode(measure, forKey: .measure)
      try container.encode(kind, forKey: .kind)
      try container.encode(previous, forKey: .previous)
      try container.encode(now, forKey: .now)
      try container.encode(change, forKey: .change)
      try container.encode(earlierReport, forKey: .earlierReport)
      try container.encode(sources, forKey: .sources)
    }
  }

  struct ResidentChange: Codable, Equatable {
    var earlierPeriod: String
    var previous: Int
    var now: Int
    var change: Int
    var arrivals: Int?
    var departures: Int?
    var revisions: Int?
    var other: Int?

    enum CodingKeys: String, CodingKey {
      case previous, now, change, arrivals, departures, revisions, other
      case earlierPeriod = "earlier_period"
    }
  }

  /// The earlier report's folder; `null` when there was nothing to compare with.
  var earlierReport: String?
  var revisions: [Revision]
  var notCompared: [String]
  var residentChange: ResidentChange?
  var aidRecordsNotListed: Int

  enum CodingKeys: String, CodingKey {
    case revisions
    case earlierReport = "earlier_report"
    case notCompared = "not_compared"
    case residentChange = "resident_change"
    case aidRecordsNotListed = "aid_records_not_listed"
  }

  /// `earlier_report` is written `null` when there was nothing to compare with (a reader must
  /// not take a missing key for an older version).
  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(earlierReport, forKey: .earlierReport)
    try container.encode(revisions, forKey: .revisions)
    try container.encode(notCompared, forKey: .notCompared)
    try container.encodeIfPresent(residentChange, forKey: .residentChange)
    try container.encode(aidRecordsNotListed, forKey: .aidRecordsNotListed)
  }

  init(_ series: ReportSeries) {
    aidRecordsNotListed = series.aidRecordsNotListed
    guard case .compared(let comparison) = series.comparison else {
      earlierReport = nil
      revisions = []
      notCompared = []
      return
    }
    earlierReport = comparison.earlierReport
    notCompared = comparison.notCompared
    revisions = comparison.revisions.map { revision in
      Revision(
        table: revision.table.rawValue, key: revision.key, measure: revision.measure,
        kind: revision.kind.rawValue, previous: revision.previous.map(ManifestValue.init),
        now: revision.now.map(ManifestValue.init), change: revision.change,
        earlierReport: revision.earlierReport, sources: revision.sources.map(\.description))
    }
    residentChange = comparison.residentChange.map {
      ResidentChange(
        earlierPeriod: $0.earlierPeriod.description, previous: $0.previous, now: $0.now,
        change: $0.change, arrivals: $0.arrivals, departures: $0.departures,
        revisions: $0.revisions, other: $0.other)
    }
  }
}

/// A value a revision states: a number or a text.
enum ManifestValue: Codable, Equatable {
  case number(Decimal)
  case text(String)

  init(_ value: StatedValue) {
    switch value {
    case .number(let number): self = .number(number)
    case .text(let text): self = .text(text)
    }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Decimal.self) {
      self = .number(number)
    } else {
      self = .text(try container.decode(String.self))
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .number(let number): try container.encode(number)
    case .text(let text): try container.encode(text)
    }
  }
}

/// Why a headline figure is not computable, and the rows it would have needed.
struct ManifestNotComputable: Codable, Equatable {
  var reason: String
  var rowsNeeded: [String]

  enum CodingKeys: String, CodingKey {
    case reason
    case rowsNeeded = "rows_needed"
  }
}

extension ReportSeries {
  /// `lineage`: metric → its input rows (for a figure not computable, the rows it needs).
  var manifestLineage: [String: [String]] {
    Dictionary(
      lineage.map { item in
        (
          item.metric.rawValue,
          item.notComputable == nil ? item.items : item.neededRows.map(\.description)
        )
      }, uniquingKeysWith: { first, _ in first })
  }

  var manifestNotComputable: [String: ManifestNotComputable] {
    Dictionary(
      lineage.compactMap { item in
        item.notComputable.map {
          (
            item.metric.rawValue,
            ManifestNotComputable(reason: $0.message, rowsNeeded: item.neededRows.map(\.description))
          )
        }
      }, uniquingKeysWith: { first, _ in first })
  }
}
