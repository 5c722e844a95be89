import Foundation
import NKInputs
import NKPeriods

public enum SummaryError: Error, Equatable, Sendable, CustomStringConvertible {
  case noArrivals
  case aidLedger(String)

  public var description: String {
    switch self {
    case .noArrivals: return "arrivals.csv has no accepted rows: there is nothing to report"
    case .aidLedger(let reason): return "aid.csv could not be read again: \(reason)"
    }
  }
}

/// The latest month the arrivals data reaches: the default report period.
public func latestArrivalsMonth(_ dataset: Dataset) -> YearMonth? {
  dataset.arrivals.map(\.period.last).max()
}

/// Computes the report for period `period` (default: the latest month the arrivals reach).
///
/// Pure: reads nothing but the dataset (the aid ledger may re-read its own file).
public func summarise(_ dataset: Dataset, period: YearMonth? = nil) throws(SummaryError)
  -> ReportModel
{
  guard let dataThrough = latestArrivalsMonth(dataset) else { throw .noArrivals }
  let reportPeriod = period ?? dataThrough
  let calendar = ReportCalendar(period: reportPeriod)

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

  let aid: AidComputation
  do {
    aid = try AidComputation(
      ledger: dataset.aid, rates: dataset.exchangeRates, calendar: calendar)
  } catch {
    throw .aidLedger(String(describing: error))
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
  headline.residentsBasis = residentsBasis
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
    warnings.append(.init(.checkMismatch, "Check failed: \(check.detail)."))
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
    sources: dataset.files.map {
      SourceFile(
        name: $0.name, path: $0.path, isPresent: $0.isPresent, bytes: $0.bytes, sha256: $0.sha256,
        rowsRead: $0.rowsRead, rowsAccepted: $0.rowsAccepted, rowsRejected: $0.rowsRejected)
    },
    rejects: dataset.problems.map {
      RejectedRow(
        file: $0.file, line: $0.line, column: $0.column, value: $0.value, reason: $0.reason)
    },
    aidRecords: aid.recordStream(
      ledger: dataset.aid, rates: dataset.exchangeRates, calendar: calendar)
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
