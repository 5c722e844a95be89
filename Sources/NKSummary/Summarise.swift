import Foundation
import NKInputs
import NKPeriods

/// The latest month the arrivals data reaches: the default report period.
public func latestArrivalsMonth(_ dataset: Dataset) -> YearMonth? {
  dataset.arrivals.map(\.period.last).max()
}

/// The report to make, decided from the inputs before the aid ledger is read: its period
/// (default: the latest month the arrivals reach) and whether rejected rows stop it.
public struct ReportPlan: Sendable {
  /// Report years: a year earlier must exist, and the workbook's dates must be ones a
  /// spreadsheet holds.
  public static let years = 1901...9998

  public let period: YearMonth
  /// The latest month the arrivals data reaches.
  public let dataThrough: YearMonth
  /// Publish with rejected rows left out (and listed in rejects.csv) instead of failing.
  public let allowRejects: Bool
  let calendar: ReportCalendar

  public init(dataset: Dataset, period: YearMonth? = nil, allowRejects: Bool = false)
    throws(SummaryError)
  {
    guard let dataThrough = latestArrivalsMonth(dataset) else { throw .noArrivals }
    if let period, !Self.years.contains(period.year) { throw .periodOutOfRange(period) }
    if period == nil, !Self.years.contains(dataThrough.year) {
      throw .defaultPeriodOutOfRange(dataThrough)
    }
    self.period = period ?? dataThrough
    self.dataThrough = dataThrough
    self.allowRejects = allowRejects
    calendar = ReportCalendar(period: self.period)
  }

  /// January of P's year through P.
  public var window: Period { calendar.window }
  /// The same months one year earlier.
  public var previousWindow: Period { calendar.previousWindow }
}

/// The summarise stage: the report's model from the dataset once the pass has read its ledger
/// (`Dataset.including`), the plan, and the pass's aid figures. Pure: values in, a value out;
/// it reads no file and calls nothing back.
public func summarise(_ dataset: Dataset, plan: ReportPlan, aid: AidFigures) -> ReportModel {
  let reportPeriod = plan.period
  let dataThrough = plan.dataThrough
  let calendar = plan.calendar

  // Two of male, female and total determine the third (PeopleFigures+Sources).
  let people = PeopleFigures(dataset: dataset)
  let arrivals = people.arrivals
  let departures = people.departures

  let headlineArrivals = people.windowComparison(calendar.window)
  let residents = people.residents(at: reportPeriod)
  let cumulative = people.cumulativeArrivals(atOrdinal: reportPeriod.ordinal)
  let departuresAbsent = dataset.isAbsent(DeparturesFileName.name)

  // Without an aid ledger every aid figure is unknown: none authorised is not what it says.
  let aidSupplied = !dataset.isAbsent(AidFileName.name)
  func aidCount(_ value: Int) -> Figure<Int> {
    aidSupplied ? .known(value) : .unavailable(reason: .noAidLedger)
  }
  func aidValue(_ value: Figure<Decimal>) -> Figure<Decimal> {
    aidSupplied ? value : .unavailable(reason: .noAidLedger)
  }

  var headline = Headline(
    arrivalsYTD: headlineArrivals.total,
    arrivalsYTDPrevious: headlineArrivals.previous,
    arrivalsChange: headlineArrivals.change,
    arrivalsChangeFraction: headlineArrivals.changeFraction,
    maleYTD: arrivals.split(calendar.window.firstOrdinal, calendar.window.lastOrdinal, \.male),
    femaleYTD: arrivals.split(calendar.window.firstOrdinal, calendar.window.lastOrdinal, \.female),
    residents: residents.figure,
    aidAuthorised: aidCount(aid.window.authorised),
    aidDelivered: aidCount(aid.window.delivered),
    aidDeliveredValueKRW: aidValue(aid.window.deliveredValue.krw),
    aidDeliveredValueUSD: aidValue(aid.window.deliveredValue.usd),
    aidDeliveredProviders: aidCount(aid.window.providers.count),
    aidDeliveredProviderTypes: aid.window.providerTypes.sorted(),
    aidDeliveredCategories: aid.window.categoriesByValue,
    aidPending: aidCount(aid.pendingAtPeriod.count),
    aidPendingValueKRW: aidValue(aid.pendingAtPeriod.value.krw),
    aidPendingValueUSD: aidValue(aid.pendingAtPeriod.value.usd),
    aidPendingGroups: aid.pendingGroups
  )
  let previous = calendar.previousWindow
  headline.maleYTDPrevious = arrivals.split(previous.firstOrdinal, previous.lastOrdinal, \.male)
  headline.femaleYTDPrevious = arrivals.split(
    previous.firstOrdinal, previous.lastOrdinal, \.female)
  headline.residentsAnchor = residents.anchor
  headline.residentsCountNoDepartures = departuresAbsent && residents.figure.isKnown
  headline.residentsPublishedTotal = residents.checkpoint.map {
    PublishedTotal(date: $0.date, source: $0.source, isResidents: $0.measure == .residents)
  }
  headline.cumulativeArrivalsAnchor = cumulative.anchor
  headline.aidLedgerSupplied = aidSupplied

  let annual = people.annualTable(calendar: calendar)
  let detail = people.detailRows(calendar: calendar, notes: notesByLine(dataset))
  let aidSummary = AidSummary(
    byYear: aid.years, byCategory: aid.categories, byProviderType: aid.providerTypes)
  let checks = reconciliation(
    dataset: dataset, people: people, calendar: calendar, annual: annual, aid: aidSummary)

  var warnings: [ReportWarning] = []
  let rejectedCount = dataset.files.reduce(0) { $0 + $1.rowsRejected }
  if !dataset.problems.isEmpty {
    warnings.append(.rejectedRows(rows: rejectedCount, problems: dataset.problems.count))
  }
  if reportPeriod > dataThrough {
    warnings.append(.arrivalsEndBeforePeriod(dataThrough: dataThrough, period: reportPeriod))
  }
  if let known = departures.knownThrough, known.month < reportPeriod.ordinal,
    let gap = known.gap
  {
    warnings.append(.departuresIncomplete(through: YearMonth(ordinal: known.month), gap: gap))
  }
  for (figure, value) in [
    (ReportWarning.HeadlineFigure.arrivals(calendar.window), headline.arrivalsYTD),
    (.arrivals(calendar.previousWindow), headline.arrivalsYTDPrevious),
    (.residentsAtEndOf(reportPeriod), residents.figure),
  ] {
    if let reason = value.unavailableReason {
      warnings.append(.notComputable(figure, reason: reason))
    }
  }
  if aidSupplied { warnings += aid.warnings }
  // Row-accounting mismatches are the rejected rows, already warned about above.
  for check in checks where check.status == .mismatch && !check.name.hasPrefix("rows ") {
    warnings.append(.checkFailed(check))
  }
  warnings += dataset.warnings.map { .inputs($0) }

  return ReportModel(
    period: reportPeriod,
    window: calendar.window,
    previousWindow: calendar.previousWindow,
    dataThrough: dataThrough,
    headline: headline,
    arrivalsByYear: annual,
    arrivalsDetail: detail,
    aid: aidSummary,
    checks: checks,
    warnings: warnings,
    // Inputs are cited relative to the inputs folder, so the same inputs reached by another
    // path (`Inputs`, `/var/lib/nkreport/Inputs`) give the same report.
    sources: dataset.files.map {
      SourceFile(
        name: $0.name, path: $0.name, isPresent: $0.isPresent, bytes: $0.bytes, sha256: $0.sha256,
        rowsRead: $0.rowsRead, rowsAccepted: $0.rowsAccepted, rowsRejected: $0.rowsRejected)
    },
    rejects: dataset.problems.map {
      RejectedRow(
        file: $0.file, line: $0.line, column: $0.column, value: $0.value, reason: $0.reason)
    },
    aidRecordCount: aid.recordsInScope
  )
}

/// The optional files whose absence the figures must know about.
enum DeparturesFileName {
  static let name = "departures.csv"
}

enum AidFileName {
  static let name = "aid.csv"
}

private func notesByLine(_ dataset: Dataset) -> [Int: String] {
  Dictionary(dataset.arrivals.map { ($0.line, $0.note) }, uniquingKeysWith: { first, _ in first })
}

/// The report period and the windows derived from it.
struct ReportCalendar: Sendable {
  let period: YearMonth
  /// January of P's year through P.
  let window: Period
  let previousWindow: Period

  init(period: YearMonth) {
    self.period = period
    let january = YearMonth(year: period.year, month: 1) ?? period
    window = .months(january, period)
    let previousFirst = january.adding(months: -12) ?? january
    let previousLast = period.adding(months: -12) ?? period
    previousWindow = .months(previousFirst, previousLast)
  }

  /// The last day of P: the cut-off for "by the end of P".
  var periodEnd: Day { Day.end(of: period) }
}
