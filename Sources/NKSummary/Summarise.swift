import Foundation
import NKInputs
import NKPeriods

/// Why no report can be made from the inputs.
public enum SummaryError: Error, Equatable, Sendable, CustomStringConvertible {
  case noArrivals
  /// The latest month of the arrivals data, the default period, is outside `ReportPlan.years`.
  case defaultPeriodOutOfRange(YearMonth)
  /// A requested period outside `ReportPlan.years`.
  case periodOutOfRange(YearMonth)
  /// Input rows were rejected and the plan does not allow publishing without them: every
  /// problem of every file, `aid.csv`'s included.
  case inputsRejected([InputProblem])

  public var description: String {
    let years = "\(ReportPlan.years.lowerBound)–\(ReportPlan.years.upperBound)"
    switch self {
    case .noArrivals: return "arrivals.csv has no accepted rows: there is nothing to report"
    case .defaultPeriodOutOfRange(let latest):
      return
        "the arrivals data ends at \(latest); a report period must fall in \(years): give --period"
    case .periodOutOfRange(let period):
      return "the report period must fall in \(years) (got \(period))"
    case .inputsRejected(let problems):
      return "\(problems.count) input problem\(problems.count == 1 ? "" : "s"): nothing published"
    }
  }
}

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

/// Makes the report in one pass over the aid ledger: each accepted record P's report lists is
/// added to the aid figures and handed to `eachRecord` (the record writers) as it is read.
///
/// When rows are rejected and the plan does not allow it, the ledger is still read to the end
/// (every problem is listed) but nothing more is handed on, and `inputsRejected` is thrown.
/// Errors of `eachRecord` and of reading the ledger propagate unchanged.
public func makeReport(
  _ dataset: Dataset, plan: ReportPlan, eachRecord: (AidRecordRow) throws -> Void
) throws -> ReportModel {
  var aggregator = AidAggregator(rates: dataset.exchangeRates, calendar: plan.calendar)
  let publishing = plan.allowRejects || dataset.problems.isEmpty
  let reading = try dataset.aid.read { record in
    guard publishing, let row = aggregator.add(record) else { return }
    try eachRecord(row)
  }
  let complete = dataset.including(reading)
  if !plan.allowRejects && !complete.problems.isEmpty {
    throw SummaryError.inputsRejected(complete.problems)
  }
  return summarise(complete, plan: plan, aid: aggregator.finish())
}

/// A report to make: the inputs, read but for the aid ledger, and the plan. The renderer makes
/// it while it writes the record files (`make`), so the ledger is read once.
public struct ReportJob: Sendable {
  public let dataset: Dataset
  public let plan: ReportPlan

  public init(dataset: Dataset, plan: ReportPlan) {
    self.dataset = dataset
    self.plan = plan
  }

  /// `makeReport(dataset, plan:eachRecord:)`.
  public func make(eachRecord: (AidRecordRow) throws -> Void) throws -> ReportModel {
    try makeReport(dataset, plan: plan, eachRecord: eachRecord)
  }
}

/// The report for `period`, with rejected rows left out (tests, and reports whose records are
/// not needed).
public func summarise(_ dataset: Dataset, period: YearMonth? = nil) throws -> ReportModel {
  try makeReport(
    dataset, plan: ReportPlan(dataset: dataset, period: period, allowRejects: true),
    eachRecord: { _ in })
}

/// Computes the report from a dataset whose ledger has been read and its aid figures. Pure.
func summarise(_ dataset: Dataset, plan: ReportPlan, aid: AidFigures) -> ReportModel {
  let reportPeriod = plan.period
  let dataThrough = plan.dataThrough
  let calendar = plan.calendar

  let arrivals = CountSeries(
    fileName: "arrivals.csv",
    rows: dataset.arrivals.map { row in
      // Two of male, female and total determine the third.
      .init(
        period: row.period, total: row.total,
        male: row.male ?? row.female.map { row.total - $0 },
        female: row.female ?? row.male.map { row.total - $0 }, line: row.line)
    })
  let departureRows = Dictionary(grouping: dataset.departures) { $0.reason?.rawValue ?? "" }
    .mapValues { rows in
      CountSeries(
        fileName: "departures.csv",
        rows: rows.map {
          .init(period: $0.period, total: $0.count, male: nil, female: nil, line: $0.line)
        })
    }
  let departures = DepartureSeries(
    totals: departureRows[""] ?? CountSeries(fileName: "departures.csv", rows: []),
    reasons: departureRows.filter { !$0.key.isEmpty }.map { .init(name: $0.key, series: $0.value) })
  let people = PeopleFigures(
    arrivals: arrivals, departures: departures, checkpoints: dataset.checkpoints)

  let headlineArrivals = people.windowComparison(calendar.window)
  let residents = people.residents(at: reportPeriod)
  let cumulative = people.cumulativeArrivals(atOrdinal: reportPeriod.ordinal)
  let departuresAbsent = dataset.isAbsent(DeparturesFileName.name)
  var residentsBasis = residents.anchor.map { "from \($0)" } ?? ""
  if departuresAbsent && residents.figure.isKnown {
    residentsBasis +=
      "; departures.csv is absent: no departures counted (residents = cumulative arrivals)"
  }

  // Without an aid ledger every aid figure is unknown: none authorised is not what it says.
  let aidSupplied = !dataset.isAbsent(AidFileName.name)
  func aidCount(_ value: Int) -> Figure<Int> {
    aidSupplied ? .known(value) : .unavailable(reason: AidFileName.absentReason)
  }
  func aidValue(_ value: Figure<Decimal>) -> Figure<Decimal> {
    aidSupplied ? value : .unavailable(reason: AidFileName.absentReason)
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
  headline.residentsBasis = residentsBasis
  headline.residentsCountNoDepartures = departuresAbsent && residents.figure.isKnown
  headline.residentsPublishedTotal = residents.checkpoint.map {
    PublishedTotal(date: $0.date, source: $0.source, isResidents: $0.measure == .residents)
  }
  headline.cumulativeArrivalsAnchor = cumulative.anchor.map { "from \($0)" } ?? ""
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
    warnings.append(
      .init(
        .rejectedRows,
        "\(rejectedCount) input row\(rejectedCount == 1 ? " was" : "s were") rejected and left out of this report (\(dataset.problems.count) problem\(dataset.problems.count == 1 ? "" : "s"); see rejects.csv)."
      ))
  }
  if reportPeriod > dataThrough {
    warnings.append(
      .init(
        .staleData,
        "The arrivals data ends at \(dataThrough), before the report period \(reportPeriod): later months are unknown."
      ))
  }
  if let known = departures.knownThrough, known.month < reportPeriod.ordinal,
    let gap = known.gap
  {
    let through = YearMonth(ordinal: known.month).map { "through \($0)" } ?? "for no month"
    warnings.append(
      .init(.staleData, "The departures data is complete only \(through): \(gap)."))
  }
  for (name, figure) in [
    ("Arrivals for \(MonthWords.span(calendar.window))", headline.arrivalsYTD),
    ("Arrivals for \(MonthWords.span(calendar.previousWindow))", headline.arrivalsYTDPrevious),
    (
      "Residents at the end of \(MonthWords.name(reportPeriod)) \(reportPeriod.year)",
      residents.figure
    ),
  ] {
    if let reason = figure.unavailableReason {
      warnings.append(.init(.notComputable, "\(name) are not computable: \(reason)."))
    }
  }
  if aidSupplied { warnings += aid.warnings }
  // Row-accounting mismatches are the rejected rows, already warned about above.
  for check in checks where check.status == .mismatch && !check.name.hasPrefix("rows ") {
    warnings.append(.init(.checkMismatch, "Check failed: \(check.detail)\(outcome(of: check))."))
  }
  warnings += dataset.warnings.map { .init(.staleData, $0.message) }

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
  static let absentReason = "no aid ledger (aid.csv) was supplied"
}

/// What a failed check found, for its warning: the computed figure, what it runs from, and
/// how far it is from the expected one (", which give 33721 from the open-start row ..1998
/// (arrivals.csv line 2): a difference of +3").
private func outcome(of check: Check) -> String {
  guard let computed = check.computed.value, let difference = check.difference.value else {
    return ""
  }
  let from = check.anchor.isEmpty ? "" : " from \(check.anchor)"
  let sign = difference > 0 ? "+" : ""
  return ", which give \(computed)\(from): a difference of \(sign)\(difference)"
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
