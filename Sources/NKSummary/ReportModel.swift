import Foundation
import NKPeriods

/// Everything a report shows, computed once from the dataset and the report period.
///
/// Every renderer (workbook, CSV, digest, run.json) reads this model only, so every output
/// shows the same numbers. Aggregates are kept, not rows: the aid records go straight from the
/// ledger to the record files in the one pass (`AidAggregator.add` gives each its report row),
/// so a million-row ledger never sits in memory.
public struct ReportModel: Sendable {
  /// The report period P.
  public var period: YearMonth
  /// January of P's year through P.
  public var window: Period
  /// The same months one year earlier.
  public var previousWindow: Period
  /// The latest month the arrivals data reaches.
  public var dataThrough: YearMonth

  public var headline: Headline
  /// One row per year (or multi-year row such as `..1998`) up to P's year; P's year as at P.
  public var arrivalsByYear: [AnnualArrivals]
  /// The finest arrival rows from January of the previous year through P.
  public var arrivalsDetail: [ArrivalsDetailRow]
  public var aid: AidSummary
  public var checks: [Check]
  /// Notices the reader must see: rejected rows, exchange-rate fall-backs, not computable
  /// figures, stale data. In a stable order.
  public var warnings: [ReportWarning]
  /// The input files read, in the contract's order.
  public var sources: [SourceFile]
  /// Rows rejected from the inputs (published only with `--allow-rejects`).
  public var rejects: [RejectedRow]
  /// The aid records the report lists (authorised by the end of P), each in the record files.
  public var aidRecordCount: Int
  /// Provisional marks, the comparison with the earlier report and each figure's input rows
  /// (set after the pass; empty for a report built without them).
  public var series = ReportSeries()

  public init(
    period: YearMonth, window: Period, previousWindow: Period, dataThrough: YearMonth,
    headline: Headline, arrivalsByYear: [AnnualArrivals], arrivalsDetail: [ArrivalsDetailRow],
    aid: AidSummary, checks: [Check], warnings: [ReportWarning], sources: [SourceFile],
    rejects: [RejectedRow], aidRecordCount: Int
  ) {
    self.period = period
    self.window = window
    self.previousWindow = previousWindow
    self.dataThrough = dataThrough
    self.headline = headline
    self.arrivalsByYear = arrivalsByYear
    self.arrivalsDetail = arrivalsDetail
    self.aid = aid
    self.checks = checks
    self.warnings = warnings
    self.sources = sources
    self.rejects = rejects
    self.aidRecordCount = aidRecordCount
  }
}

/// The headline figures of `summary.csv`, in the contract's terms.
public struct Headline: Hashable, Sendable {
  public var arrivalsYTD: Figure<Int>
  public var arrivalsYTDPrevious: Figure<Int>
  public var arrivalsChange: Figure<Int>
  /// A fraction (−0.0029 for −0.29 %).
  public var arrivalsChangeFraction: Figure<Double>
  /// Split of `arrivalsYTD` by sex, where the data gives it.
  public var maleYTD: Figure<Int>
  public var femaleYTD: Figure<Int>
  /// Split of `arrivalsYTDPrevious` (the comparison window) by sex, where the data gives it.
  public var maleYTDPrevious: Figure<Int> = .unavailable(reason: .notSummarised)
  public var femaleYTDPrevious: Figure<Int> = .unavailable(reason: .notSummarised)
  /// Residents at the end of P.
  public var residents: Figure<Int>
  /// Aid rows authorised in the window (any status); the aid counts and values are not
  /// computable when no aid ledger was supplied.
  public var aidAuthorised: Figure<Int>
  /// Aid rows delivered in the window.
  public var aidDelivered: Figure<Int>
  public var aidDeliveredValueKRW: Figure<Decimal>
  public var aidDeliveredValueUSD: Figure<Decimal>
  public var aidDeliveredProviders: Figure<Int>
  /// Provider types of the delivered rows, e.g. `[.civic]`.
  public var aidDeliveredProviderTypes: [String]
  /// Categories of the delivered rows, largest value first (as first written in the ledger).
  public var aidDeliveredCategories: [String]
  /// Rows authorised on or before the end of P and not delivered by then (never cancelled).
  public var aidPending: Figure<Int>
  public var aidPendingValueKRW: Figure<Decimal>
  public var aidPendingValueUSD: Figure<Decimal>
  /// The pending rows grouped by provider type and year authorised, for the digest's sentence.
  public var aidPendingGroups: [PendingAidGroup]
  /// What `residents` runs from; nil when not computable. (What it assumes, e.g. no
  /// departures.csv, is `residentsCountNoDepartures`.)
  public var residentsAnchor: FigureAnchor? = nil
  /// True when `residents` counts no departures because `departures.csv` is absent (the
  /// contract's reading): the figure is then every arrival to date, and outputs say so.
  public var residentsCountNoDepartures: Bool = false
  /// The published total `residents` is carried from, when it runs from a checkpoint rather
  /// than from the open start.
  public var residentsPublishedTotal: PublishedTotal? = nil
  /// What cumulative arrivals at the end of P run from (nil when not computable).
  public var cumulativeArrivalsAnchor: FigureAnchor? = nil
  /// False when no `aid.csv` was supplied: every aid figure is then unknown, not zero.
  public var aidLedgerSupplied: Bool = true

  public init(
    arrivalsYTD: Figure<Int>, arrivalsYTDPrevious: Figure<Int>, arrivalsChange: Figure<Int>,
    arrivalsChangeFraction: Figure<Double>, maleYTD: Figure<Int>, femaleYTD: Figure<Int>,
    residents: Figure<Int>, aidAuthorised: Figure<Int>, aidDelivered: Figure<Int>,
    aidDeliveredValueKRW: Figure<Decimal>, aidDeliveredValueUSD: Figure<Decimal>,
    aidDeliveredProviders: Figure<Int>, aidDeliveredProviderTypes: [String],
    aidDeliveredCategories: [String], aidPending: Figure<Int>, aidPendingValueKRW: Figure<Decimal>,
    aidPendingValueUSD: Figure<Decimal>, aidPendingGroups: [PendingAidGroup]
  ) {
    self.arrivalsYTD = arrivalsYTD
    self.arrivalsYTDPrevious = arrivalsYTDPrevious
    self.arrivalsChange = arrivalsChange
    self.arrivalsChangeFraction = arrivalsChangeFraction
    self.maleYTD = maleYTD
    self.femaleYTD = femaleYTD
    self.residents = residents
    self.aidAuthorised = aidAuthorised
    self.aidDelivered = aidDelivered
    self.aidDeliveredValueKRW = aidDeliveredValueKRW
    self.aidDeliveredValueUSD = aidDeliveredValueUSD
    self.aidDeliveredProviders = aidDeliveredProviders
    self.aidDeliveredProviderTypes = aidDeliveredProviderTypes
    self.aidDeliveredCategories = aidDeliveredCategories
    self.aidPending = aidPending
    self.aidPendingValueKRW = aidPendingValueKRW
    self.aidPendingValueUSD = aidPendingValueUSD
    self.aidPendingGroups = aidPendingGroups
  }
}

/// A checkpoint a figure is carried from.
public struct PublishedTotal: Hashable, Sendable {
  public var date: Day
  public var source: String
  public var isResidents: Bool

  public init(date: Day, source: String, isResidents: Bool) {
    self.date = date
    self.source = source
    self.isResidents = isResidents
  }
}

public struct PendingAidGroup: Hashable, Sendable {
  public var providerType: String
  public var yearAuthorised: Int
  public var records: Int
  /// Distinct statuses in the ledger, e.g. `["on_hold"]` or `["delivered"]` (delivered later).
  public var statuses: [String]
  public var valueKRW: Figure<Decimal>
  public var valueUSD: Figure<Decimal>
  public var providers: [String]

  public init(
    providerType: String, yearAuthorised: Int, records: Int, statuses: [String],
    valueKRW: Figure<Decimal>, valueUSD: Figure<Decimal>, providers: [String]
  ) {
    self.providerType = providerType
    self.yearAuthorised = yearAuthorised
    self.records = records
    self.statuses = statuses
    self.valueKRW = valueKRW
    self.valueUSD = valueUSD
    self.providers = providers
  }
}

/// One row of the annual table (`arrivals-by-year.csv`).
public struct AnnualArrivals: Hashable, Sendable {
  /// `2018`, `1999..2001`, `..1998`.
  public var label: String
  /// `nil` for a row that runs from the start of the data (`..1998`).
  public var firstYear: Int?
  public var lastYear: Int
  /// The months this row covers (for P's year: January through P).
  public var span: Period
  public var male: Figure<Int>
  public var female: Figure<Int>
  public var total: Figure<Int>
  public var femaleShare: Figure<Double>
  /// Against the same months one year earlier; unavailable for multi-year rows.
  public var change: Figure<Int>
  public var changeFraction: Figure<Double>
  public var cumulativeArrivals: Figure<Int>
  public var departures: Figure<Int>
  /// Residents at the end of the row's last month.
  public var residents: Figure<Int>
  /// True when the row covers its whole year(s) and its total is known.
  public var isComplete: Bool

  public init(
    label: String, firstYear: Int?, lastYear: Int, span: Period, male: Figure<Int>,
    female: Figure<Int>, total: Figure<Int>, femaleShare: Figure<Double>, change: Figure<Int>,
    changeFraction: Figure<Double>, cumulativeArrivals: Figure<Int>, departures: Figure<Int>,
    residents: Figure<Int>, isComplete: Bool
  ) {
    self.label = label
    self.firstYear = firstYear
    self.lastYear = lastYear
    self.span = span
    self.male = male
    self.female = female
    self.total = total
    self.femaleShare = femaleShare
    self.change = change
    self.changeFraction = changeFraction
    self.cumulativeArrivals = cumulativeArrivals
    self.departures = departures
    self.residents = residents
    self.isComplete = isComplete
  }
}

/// One row of `arrivals-detail.csv`.
public struct ArrivalsDetailRow: Hashable, Sendable {
  public var period: Period
  public var firstMonth: YearMonth
  public var lastMonth: YearMonth
  public var male: Int?
  public var female: Int?
  public var total: Int
  public var note: String
  /// Arrivals from January of `lastMonth`'s year through `lastMonth`.
  public var ytdTotal: Figure<Int>
  /// Residents at the end of `lastMonth`.
  public var residents: Figure<Int>

  public init(
    period: Period, firstMonth: YearMonth, lastMonth: YearMonth, male: Int?, female: Int?,
    total: Int, note: String, ytdTotal: Figure<Int>, residents: Figure<Int>
  ) {
    self.period = period
    self.firstMonth = firstMonth
    self.lastMonth = lastMonth
    self.male = male
    self.female = female
    self.total = total
    self.note = note
    self.ytdTotal = ytdTotal
    self.residents = residents
  }
}

public struct AidSummary: Hashable, Sendable {
  public var byYear: [AidYear]
  public var byCategory: [AidCategoryYear]
  public var byProviderType: [AidProviderTypeYear]

  public init(
    byYear: [AidYear], byCategory: [AidCategoryYear], byProviderType: [AidProviderTypeYear]
  ) {
    self.byYear = byYear
    self.byCategory = byCategory
    self.byProviderType = byProviderType
  }
}

/// One row of `aid-by-year.csv`: delivered value by delivery year; pending as at the year's
/// end (or at P for P's year).
public struct AidYear: Hashable, Sendable {
  public var year: Int
  public var authorised: Int
  public var delivered: Int
  public var providers: Int
  public var valueKRW: Figure<Decimal>
  public var valueUSD: Figure<Decimal>
  public var pending: Int
  public var pendingValueKRW: Figure<Decimal>
  public var pendingValueUSD: Figure<Decimal>

  public init(
    year: Int, authorised: Int, delivered: Int, providers: Int, valueKRW: Figure<Decimal>,
    valueUSD: Figure<Decimal>, pending: Int, pendingValueKRW: Figure<Decimal>,
    pendingValueUSD: Figure<Decimal>
  ) {
    self.year = year
    self.authorised = authorised
    self.delivered = delivered
    self.providers = providers
    self.valueKRW = valueKRW
    self.valueUSD = valueUSD
    self.pending = pending
    self.pendingValueKRW = pendingValueKRW
    self.pendingValueUSD = pendingValueUSD
  }
}

/// One row of `aid-by-category.csv`: delivered records and value by delivery year.
public struct AidCategoryYear: Hashable, Sendable {
  public var year: Int
  /// As first written in the ledger (categories compare case-insensitively).
  public var category: String
  public var records: Int
  public var valueKRW: Figure<Decimal>
  public var valueUSD: Figure<Decimal>

  public init(
    year: Int, category: String, records: Int, valueKRW: Figure<Decimal>,
    valueUSD: Figure<Decimal>
  ) {
    self.year = year
    self.category = category
    self.records = records
    self.valueKRW = valueKRW
    self.valueUSD = valueUSD
  }
}

/// Aid by provider type and year: authorised records by year authorised, delivered records and
/// value by delivery year.
public struct AidProviderTypeYear: Hashable, Sendable {
  public var year: Int
  public var providerType: String
  public var authorised: Int
  public var delivered: Int
  public var valueKRW: Figure<Decimal>
  public var valueUSD: Figure<Decimal>

  public init(
    year: Int, providerType: String, authorised: Int, delivered: Int, valueKRW: Figure<Decimal>,
    valueUSD: Figure<Decimal>
  ) {
    self.year = year
    self.providerType = providerType
    self.authorised = authorised
    self.delivered = delivered
    self.valueKRW = valueKRW
    self.valueUSD = valueUSD
  }
}
