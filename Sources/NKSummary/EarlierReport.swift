import Foundation
import NKPeriods

/// What an earlier report published, as read back from its folder (its CSV files and
/// run.json, from this or an older version of nkreport): the figures a later report is
/// compared with. Values only; reading the files is `NKPublish`'s.
public struct EarlierReport: Hashable, Sendable {
  /// A row of a people table: a span of months and its counts as published (`nil`: blank).
  public struct PeopleRow: Hashable, Sendable {
    /// The label as published ("2024", "..1998", "2025-01..2025-11").
    public var label: String
    /// The months the row states: the key rows are matched by (`nil` first for an open start).
    public var first: YearMonth?
    public var last: YearMonth
    public var total: Int?
    public var male: Int?
    public var female: Int?
    /// Cumulative arrivals and residents at the row's end (the annual table only).
    public var cumulativeArrivals: Int?
    public var residents: Int?
    /// `nil` when the report had no `provisional` column (older versions).
    public var isProvisional: Bool?

    public init(
      label: String, first: YearMonth?, last: YearMonth, total: Int?, male: Int?, female: Int?,
      cumulativeArrivals: Int? = nil, residents: Int? = nil, isProvisional: Bool? = nil
    ) {
      self.label = label
      self.first = first
      self.last = last
      self.total = total
      self.male = male
      self.female = female
      self.cumulativeArrivals = cumulativeArrivals
      self.residents = residents
      self.isProvisional = isProvisional
    }
  }

  /// A row of `checks.csv`: a published checkpoint (or another check) and what it expected.
  public struct CheckRow: Hashable, Sendable {
    /// "residents 2017-12-31", "cumulative arrivals 2017-12-31", …
    public var name: String
    public var expected: Decimal?
    public var computed: Decimal?

    public init(name: String, expected: Decimal?, computed: Decimal?) {
      self.name = name
      self.expected = expected
      self.computed = computed
    }
  }

  /// The earlier report's folder name in the reports folder ("2025-11").
  public var folder: String
  /// Its report period (from run.json, else summary.csv); `nil` when neither says.
  public var period: YearMonth?
  /// The nkreport version that wrote it ("" when run.json does not say).
  public var version: String
  /// `summary.csv`'s metrics as published: the metric's raw name → value (`nil`: blank).
  public var summary: [String: StatedValue?]
  public var annual: [PeopleRow]
  public var detail: [PeopleRow]
  public var checks: [CheckRow]
  /// Its aid records in compact form; `nil` when they could not be read.
  public var aidRecords: AidRecordDigest?
  /// What could not be compared and why ("arrivals-detail.csv: absent"), in file order.
  public var notCompared: [String]

  public init(
    folder: String, period: YearMonth?, version: String = "", summary: [String: StatedValue?] = [:],
    annual: [PeopleRow] = [], detail: [PeopleRow] = [], checks: [CheckRow] = [],
    aidRecords: AidRecordDigest? = nil, notCompared: [String] = []
  ) {
    self.folder = folder
    self.period = period
    self.version = version
    self.summary = summary
    self.annual = annual
    self.detail = detail
    self.checks = checks
    self.aidRecords = aidRecords
    self.notCompared = notCompared
  }

  /// Residents at the end of the earlier report's period, as it published them.
  public var residents: Int? {
    guard case .number(let value)?? = summary[Metric.residents.rawValue] else { return nil }
    return Int(value.description)
  }

  /// Cumulative arrivals at the end of its period: the annual table's row ending there.
  public var cumulativeArrivals: Int? {
    guard let period else { return nil }
    return annual.last { $0.last == period }?.cumulativeArrivals
  }
}

/// The span of an annual-table row from its label, in a report for `period`: a year is cut at
/// the period when it is the period's year ("2025" in a 2025-11 report is January–November).
extension EarlierReport {
  public static func annualSpan(label: String, period: YearMonth) -> (YearMonth?, YearMonth)? {
    guard case .success(let parsed) = Period.parse(label) else { return nil }
    var last = parsed.last
    if last.year == period.year && last > period { last = period }
    guard let first = parsed.first else { return (nil, last) }
    return (first, last)
  }
}
