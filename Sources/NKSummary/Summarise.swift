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
    rows: dataset.arrivals.map {
      .init(period: $0.period, total: $0.total, male: $0.male, female: $0.female, line: $0.line)
    })
  let departures = DepartureSeries(
    parts: Dictionary(grouping: dataset.departures) { $0.reason?.rawValue ?? "" }
      .sorted { $0.key < $1.key }
      .map { _, rows in
        CountSeries(
          fileName: "departures.csv",
          rows: rows.map {
            .init(period: $0.period, total: $0.count, male: nil, female: nil, line: $0.line)
          })
      })
  let people = PeopleFigures(arrivals: arrivals, departures: departures)

  let headlineArrivals = people.windowComparison(calendar.window)
  let residents = people.residents(at: reportPeriod)

  let aid: AidComputation
  do {
    aid = try AidComputation(
      ledger: dataset.aid, rates: dataset.exchangeRates, calendar: calendar)
  } catch {
    throw .aidLedger(String(describing: error))
  }

  let headline = Headline(
    arrivalsYTD: headlineArrivals.total,
    arrivalsYTDPrevious: headlineArrivals.previous,
    arrivalsChange: headlineArrivals.change,
    arrivalsChangeFraction: headlineArrivals.changeFraction,
    maleYTD: arrivals.split(calendar.window.firstOrdinal, calendar.window.lastOrdinal, \.male),
    femaleYTD: arrivals.split(calendar.window.firstOrdinal, calendar.window.lastOrdinal, \.female),
    residents: residents,
    aidAuthorised: aid.window.authorised,
    aidDelivered: aid.window.delivered,
    aidDeliveredValueKRW: aid.window.deliveredValue.krw,
    aidDeliveredValueUSD: aid.window.deliveredValue.usd,
    aidDeliveredProviders: aid.window.providers.count,
    aidDeliveredProviderTypes: aid.window.providerTypes.sorted(),
    aidDeliveredCategories: aid.window.categoriesByValue,
    aidPending: aid.pendingAtPeriod.count,
    aidPendingValueKRW: aid.pendingAtPeriod.value.krw,
    aidPendingValueUSD: aid.pendingAtPeriod.value.usd,
    aidPendingGroups: aid.pendingGroups
  )

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
  if let departuresEnd = departures.dataEnd, departuresEnd < reportPeriod.ordinal,
    let end = YearMonth(ordinal: departuresEnd)
  {
    warnings.append(
      .init(
        .staleData,
        "The departures data ends at \(end), before the report period \(reportPeriod): residents after it are not computable."
      ))
  }
  for (name, figure) in [
    ("Arrivals for \(MonthWords.span(calendar.window))", headline.arrivalsYTD),
    ("Arrivals for \(MonthWords.span(calendar.previousWindow))", headline.arrivalsYTDPrevious),
    ("Residents at the end of \(MonthWords.name(reportPeriod)) \(reportPeriod.year)", residents),
  ] {
    if let reason = figure.unavailableReason {
      warnings.append(.init(.notComputable, "\(name) are not computable: \(reason)."))
    }
  }
  warnings += aid.warnings
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
