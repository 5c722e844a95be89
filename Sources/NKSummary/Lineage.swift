import Foundation
import NKInputs
import NKPeriods

/// Where a headline metric comes from: the input rows it was computed from, or, when it is not
/// computable, why and the rows it would have needed.
public struct MetricLineage: Hashable, Sendable {
  public var metric: Metric
  /// The rows, by file and line: arrivals, departures, checkpoints, exchange rates.
  public var rows: [InputRowReference]
  /// The aid records it counts or values (lines of `aid.csv`), compact; `nil` for no aid metric.
  public var aidRecords: LineSpans?
  /// Why it is not computable; `nil` when it is.
  public var notComputable: UnavailableReason?
  /// For a figure not computable: the rows that hold months it needs but do not cover them
  /// exactly (a row cutting through the window), which a finer or matching row would replace.
  public var neededRows: [InputRowReference]

  public init(
    metric: Metric, rows: [InputRowReference], aidRecords: LineSpans? = nil,
    notComputable: UnavailableReason? = nil, neededRows: [InputRowReference] = []
  ) {
    self.metric = metric
    self.rows = rows
    self.aidRecords = aidRecords
    self.notComputable = notComputable
    self.neededRows = neededRows
  }

  /// `arrivals.csv:31 (2024)` items, then `aid.csv lines 2–40 (39 records)`.
  public var items: [String] {
    var items = rows.map(\.description)
    if let aid = aidRecords, aid.count > 0 {
      let within = aid.isExact ? "lines" : "records within lines"
      items.append("aid.csv \(within) \(aid) (\(aid.count) record\(aid.count == 1 ? "" : "s"))")
    }
    return items
  }
}

/// Builds the lineage of every metric of `summary.csv`. The people metrics come from the
/// dataset's rows; the aid metrics need the ledger's one pass: `observe` each record as it is
/// read (in file order), then `lineage(model:)`.
public struct LineageBuilder: Sendable {
  private let people: PeopleFigures
  private let calendar: ReportCalendar
  private let rates: ExchangeRates
  private let rateLines: [String: [YearMonth: Int]]
  private var authorised = LineSpans()
  private var delivered = LineSpans()
  private var pending = LineSpans()
  /// (currency, month) valued for delivered and for pending records.
  private var deliveredValuations: Set<RateKey> = []
  private var pendingValuations: Set<RateKey> = []

  private struct RateKey: Hashable, Sendable {
    var currency: String
    var month: YearMonth
  }

  public init(dataset: Dataset, period: YearMonth) {
    people = PeopleFigures(dataset: dataset)
    calendar = ReportCalendar(period: period)
    rates = dataset.exchangeRates
    var lines: [String: [YearMonth: Int]] = [:]
    for rate in dataset.exchangeRates.all {
      lines[rate.currency, default: [:]][rate.month] = rate.line
    }
    rateLines = lines
  }

  /// One record of the ledger, classified as the aid figures classify it.
  public mutating func observe(_ record: AidRecord) {
    let periodEnd = calendar.periodEnd
    guard record.authorised <= periodEnd else { return }
    if calendar.window.contains(record.authorised.yearMonth) { authorised.add(record.line) }
    let deliveredDay = record.status == .delivered ? record.delivered : nil
    if let day = deliveredDay, day <= periodEnd {
      if calendar.window.contains(day.yearMonth) {
        delivered.add(record.line)
        deliveredValuations.insert(RateKey(currency: record.currency, month: day.yearMonth))
      }
    } else if record.status != .cancelled {
      pending.add(record.line)
      pendingValuations.insert(
        RateKey(currency: record.currency, month: record.authorised.yearMonth))
    }
  }

  /// The lineage of each metric of `model` (in `Metric.allCases` order, `period` left out).
  public func lineage(model: ReportModel) -> [MetricLineage] {
    let window = calendar.window
    let previous = calendar.previousWindow
    let current = arrivals(.arrivalsYTD, window, model.headline.arrivalsYTD)
    let earlier = arrivals(.arrivalsYTDPrevious, previous, model.headline.arrivalsYTDPrevious)
    func both(_ metric: Metric, _ figure: Figure<Int>) -> MetricLineage {
      MetricLineage(
        metric: metric, rows: (current.rows + earlier.rows).sorted(),
        notComputable: figure.unavailableReason,
        neededRows: (current.neededRows + earlier.neededRows).sorted())
    }
    let month = calendar.period.ordinal
    let residents = people.residents(atOrdinal: month)
    var result = [
      current, earlier, both(.arrivalsChange, model.headline.arrivalsChange),
      both(.arrivalsChangeFraction, model.headline.arrivalsChange),
      MetricLineage(
        metric: .residents,
        rows: people.cumulativeSources(residents, through: month, residents: true),
        notComputable: model.headline.residents.unavailableReason,
        neededRows: residents.figure.isKnown
          ? [] : overlapping(people.arrivals, Int.min, month)),
    ]
    let headline = model.headline
    func aid(
      _ metric: Metric, _ lines: LineSpans, _ figure: Figure<Decimal>?, valuations: Set<RateKey>?,
      usd: Bool = false
    ) -> MetricLineage {
      MetricLineage(
        metric: metric, rows: valuations.map { rateRows($0, usd: usd) } ?? [], aidRecords: lines,
        notComputable: figure?.unavailableReason)
    }
    result += [
      aid(.aidAuthorised, authorised, headline.aidAuthorised.map { Decimal($0) }, valuations: nil),
      aid(
        .aidDeliveredValueKRW, delivered, headline.aidDeliveredValueKRW,
        valuations: deliveredValuations),
      aid(
        .aidDeliveredValueUSD, delivered, headline.aidDeliveredValueUSD,
        valuations: deliveredValuations, usd: true),
      aid(
        .aidDeliveredProviders, delivered, headline.aidDeliveredProviders.map { Decimal($0) },
        valuations: nil),
      aid(.aidPending, pending, headline.aidPending.map { Decimal($0) }, valuations: nil),
      aid(
        .aidPendingValueKRW, pending, headline.aidPendingValueKRW, valuations: pendingValuations),
      aid(
        .aidPendingValueUSD, pending, headline.aidPendingValueUSD, valuations: pendingValuations,
        usd: true),
    ]
    return result
  }

  private func arrivals(_ metric: Metric, _ window: Period, _ figure: Figure<Int>) -> MetricLineage
  {
    let low = window.firstOrdinal
    let high = window.lastOrdinal
    let rows = people.arrivalSources(low, high)
    return MetricLineage(
      metric: metric, rows: rows, notComputable: figure.unavailableReason,
      neededRows: rows.isEmpty ? overlapping(people.arrivals, low, high) : [])
  }

  /// Rows holding a month of `low...high` but reaching outside it: the rows a figure over the
  /// window could not use, the ones to split or replace.
  private func overlapping(_ series: CountSeries, _ low: Int, _ high: Int) -> [InputRowReference] {
    series.rows.filter {
      $0.period.firstOrdinal <= high && $0.period.lastOrdinal >= low
        && ($0.period.firstOrdinal < low || $0.period.lastOrdinal > high)
    }.map { PeopleFigures.reference(series, $0) }
  }

  /// The `fx.csv` rows used to value amounts at `keys`: each currency's rate for the month
  /// (or the month it falls back to), and the US dollar's for a value in dollars.
  private func rateRows(_ keys: Set<RateKey>, usd: Bool) -> [InputRowReference] {
    var rows: Set<InputRowReference> = []
    for key in keys {
      var currencies = [key.currency]
      if usd { currencies.append("USD") }
      for currency in currencies where currency != "KRW" {
        guard let lookup = rates.rate(currency, in: key.month),
          let line = rateLines[currency]?[lookup.rateMonth]
        else { continue }
        rows.insert(
          InputRowReference(file: "fx.csv", line: line, period: "\(lookup.rateMonth) \(currency)"))
      }
    }
    return rows.sorted()
  }
}
