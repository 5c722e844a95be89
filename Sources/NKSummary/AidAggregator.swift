import Foundation
import NKInputs
import NKPeriods

/// The aid figures of a report, found by `AidAggregator` in the one pass; `summarise` reads them.
public struct AidFigures: Sendable {
  struct Window {
    var authorised = 0
    var delivered = 0
    var deliveredValue = Money.zero
    var providers: Set<String> = []
    var providerTypes: Set<String> = []
    /// Categories of the delivered rows, largest known won value first, then first seen.
    var categoriesByValue: [String] = []
  }

  var window = Window()
  var pendingAtPeriod: (count: Int, value: Money) = (0, .zero)
  var pendingGroups: [PendingAidGroup] = []
  var years: [AidYear] = []
  var categories: [AidCategoryYear] = []
  var providerTypes: [AidProviderTypeYear] = []
  var warnings: [ReportWarning] = []
  /// Records authorised by the end of P: the ones the report lists.
  var recordsInScope = 0
}

/// Every aid figure of the report, built up one record at a time as the ledger is read.
///
/// Amounts are summed exactly by currency and valuation month (`AmountSum`) and valued once
/// per aggregate at the end; a record pending at several year ends is added once, to the span
/// of years it is pending, and each year's pending aid is found from the spans that cover it.
/// A value: the pass owns it, adds each accepted record, and hands `finish()` to `summarise`.
public struct AidAggregator {
  private struct WindowSums {
    var authorised = 0
    var delivered = 0
    var value = AmountSum()
    var providers: Set<String> = []
    var providerTypes: Set<String> = []
    /// Category key → (name as first written, value, first-seen order).
    var categories: [String: (name: String, value: AmountSum, order: Int)] = [:]
  }

  private struct YearFigures {
    var authorised = 0
    var delivered = 0
    var providers: Set<String> = []
    var value = AmountSum()
  }

  private struct CategoryFigures {
    var name: String
    var records = 0
    var value = AmountSum()
  }

  private struct ProviderTypeFigures {
    var authorised = 0
    var delivered = 0
    var value = AmountSum()
  }

  private struct PendingGroupFigures {
    var records = 0
    var statuses: Set<String> = []
    var value = AmountSum()
    var providers: [String] = []
    /// `providers` told apart case-insensitively (lowercased, as `folded` keys them).
    var providerKeys: [String] = []
  }

  /// Records pending at the end of every year from their authorisation year through
  /// `lastYear`, valued at the rates of their authorisation month.
  private struct PendingSpanKey: Hashable, Comparable {
    var lastYear: Int
    var valuation: ValuationKey
    static func < (lhs: Self, rhs: Self) -> Bool {
      (lhs.lastYear, lhs.valuation) < (rhs.lastYear, rhs.valuation)
    }
  }

  private struct PendingSpan {
    var records = 0
    var amount = ExactDecimalSum()
    var first: Int
  }

  private let calendar: ReportCalendar
  private let periodEnd: Day
  private var valuer: Valuer
  private var yearFigures: [Int: YearFigures] = [:]
  private var categoryFigures: [YearAndKey: CategoryFigures] = [:]
  private var typeFigures: [YearAndKey: ProviderTypeFigures] = [:]
  private var groupFigures: [YearAndKey: PendingGroupFigures] = [:]
  private var pendingSpans: [PendingSpanKey: PendingSpan] = [:]
  private var windowSums = WindowSums()
  private var pendingCount = 0
  private var pendingValue = AmountSum()
  private var categoryOrder = 0
  /// Records in scope so far: each one's ledger position.
  private var order = 0
  /// Providers and categories as written → their case-folded keys: a ledger names a few
  /// hundred of each a million times, and `lowercased()` allocates on every call.
  private var foldedKeys: [String: String] = [:]

  /// The aggregate of the report `plan` describes, valuing amounts with `rates`.
  public init(plan: ReportPlan, rates: ExchangeRates) {
    self.init(rates: rates, calendar: plan.calendar)
  }

  init(rates: ExchangeRates, calendar: ReportCalendar) {
    self.calendar = calendar
    periodEnd = calendar.periodEnd
    valuer = Valuer(rates: rates)
  }

  /// The last year at whose end a record is pending (a year before `authorisedYear` when it
  /// never is): pending at the end of each year from its authorisation until the year before
  /// its delivery, through P's year when it was not delivered by the end of P.
  static func lastPendingYear(
    authorisedYear: Int, delivered: Day?, periodEnd: Day, lastYear: Int
  ) -> Int {
    guard let delivered, delivered <= periodEnd else { return lastYear }
    return min(lastYear, delivered.year - 1)
  }

  /// Adds `record` to every figure and returns it as the report lists it, valued as at the
  /// end of P; `nil` for a record authorised after P, which P's report does not list, count
  /// or warn about.
  public mutating func add(_ record: AidRecord) -> AidRecordRow? {
    guard record.authorised <= periodEnd else { return nil }
    order += 1
    let currency = valuer.currencyID(record.currency)
    let authorisedMonth = record.authorised.yearMonth
    let deliveredDay = record.status == .delivered ? record.delivered : nil
    let deliveredByP = deliveredDay.flatMap { $0 <= periodEnd ? $0 : nil }
    // The rates of `valuationMonth(asAt:)`.
    let valuationMonth = deliveredByP?.yearMonth ?? authorisedMonth
    let valuationKey = valuer.key(currency, at: valuationMonth)
    let authorisedYear = authorisedMonth.year
    let type = record.providerType.rawValue
    yearFigures[authorisedYear, default: .init()].authorised += 1
    typeFigures[YearAndKey(authorisedYear, type), default: .init()].authorised += 1
    if calendar.window.contains(authorisedMonth) { windowSums.authorised += 1 }
    if let delivered = deliveredByP {
      addDelivered(record, on: delivered, key: valuationKey)
    }
    if record.status != .cancelled {
      addPending(
        record, currency: currency, deliveredDay: deliveredDay,
        key: deliveredByP == nil ? valuationKey : nil)
    }
    let value = valuer.value(record.amount, currency, at: valuationMonth)
    return AidRecordRow(
      id: record.id, authorised: record.authorised, provider: record.provider,
      providerType: type, category: record.category, description: record.description,
      amount: record.amount, currency: record.currency, status: record.status.rawValue,
      delivered: record.delivered, valueKRW: value.krw, valueUSD: value.usd, line: record.line)
  }

  /// `text.lowercased()`, remembered for the first 100,000 distinct texts.
  private mutating func folded(_ text: String) -> String {
    if let key = foldedKeys[text] { return key }
    let key = text.lowercased()
    if foldedKeys.count < 100_000 { foldedKeys[text] = key }
    return key
  }

  private mutating func addDelivered(_ record: AidRecord, on delivered: Day, key: ValuationKey) {
    let amount = record.amount
    let providerKey = folded(record.provider)
    let categoryKey = folded(record.category)
    let type = record.providerType.rawValue
    let year = delivered.year
    let order = order
    Self.update(&yearFigures[year, default: .init()]) { figures in
      figures.delivered += 1
      figures.providers.insert(providerKey)
      figures.value.add(amount, key: key, order: order)
    }
    Self.update(
      &categoryFigures[YearAndKey(year, categoryKey), default: .init(name: record.category)]
    ) { figures in
      figures.records += 1
      figures.value.add(amount, key: key, order: order)
    }
    Self.update(&typeFigures[YearAndKey(year, type), default: .init()]) { figures in
      figures.delivered += 1
      figures.value.add(amount, key: key, order: order)
    }
    guard calendar.window.contains(delivered.yearMonth) else { return }
    windowSums.delivered += 1
    windowSums.value.add(amount, key: key, order: order)
    windowSums.providers.insert(providerKey)
    windowSums.providerTypes.insert(type)
    categoryOrder += 1
    let newOrder = categoryOrder
    Self.update(
      &windowSums.categories[categoryKey, default: (record.category, AmountSum(), newOrder)]
    ) { category in
      category.value.add(amount, key: key, order: order)
    }
  }

  /// Pending at the end of each year from authorisation until delivery (or P). `key` is the
  /// record's valuation when that is its authorisation month (not delivered by P).
  private mutating func addPending(
    _ record: AidRecord, currency: CurrencyID, deliveredDay: Day?, key: ValuationKey?
  ) {
    let authorisedYear = record.authorised.year
    let lastYear = calendar.period.year
    let last = Self.lastPendingYear(
      authorisedYear: authorisedYear, delivered: deliveredDay, periodEnd: periodEnd,
      lastYear: lastYear)
    // Valued only when it is pending at some year end: a record delivered before the end of
    // its first year needs (and warns about) no authorisation-month rate.
    guard last >= authorisedYear else { return }
    let pendingKey = key ?? valuer.key(currency, at: record.authorised.yearMonth)
    let order = order
    Self.update(
      &pendingSpans[
        PendingSpanKey(lastYear: last, valuation: pendingKey), default: PendingSpan(first: order)]
    ) { span in
      span.records += 1
      span.amount.add(record.amount)
    }
    guard last == lastYear else { return }
    pendingCount += 1
    pendingValue.add(record.amount, key: pendingKey, order: order)
    let type = record.providerType.rawValue
    Self.update(&groupFigures[YearAndKey(authorisedYear, type), default: .init()]) { group in
      group.records += 1
      group.statuses.insert(record.status.rawValue)
      group.value.add(record.amount, key: pendingKey, order: order)
      if group.providers.count < 10 {
        let providerKey = record.provider.lowercased()
        if !group.providerKeys.contains(providerKey) {
          group.providers.append(record.provider)
          group.providerKeys.append(providerKey)
        }
      }
    }
  }

  /// The figures, once every record has been added.
  public func finish() -> AidFigures {
    var figures = AidFigures()
    let categories = windowSums.categories.values.map { category in
      (category.name, valuer.valuation(category.value).knownWon, category.order)
    }
    figures.window = AidFigures.Window(
      authorised: windowSums.authorised, delivered: windowSums.delivered,
      deliveredValue: valuer.money(windowSums.value), providers: windowSums.providers,
      providerTypes: windowSums.providerTypes,
      categoriesByValue: categories.sorted { ($1.1, $0.2) < ($0.1, $1.2) }.map(\.0))
    figures.pendingAtPeriod = (pendingCount, valuer.money(pendingValue))
    figures.years = years()
    figures.categories = categoryFigures.sorted { $0.key < $1.key }.map { key, figures in
      let value = valuer.money(figures.value)
      return AidCategoryYear(
        year: key.year, category: figures.name, records: figures.records,
        valueKRW: value.krw, valueUSD: value.usd)
    }
    figures.providerTypes = typeFigures.sorted { $0.key < $1.key }.map { key, figures in
      let value = valuer.money(figures.value)
      return AidProviderTypeYear(
        year: key.year, providerType: key.key, authorised: figures.authorised,
        delivered: figures.delivered, valueKRW: value.krw, valueUSD: value.usd)
    }
    figures.pendingGroups = groupFigures.sorted { $0.key < $1.key }.map { key, figures in
      let value = valuer.money(figures.value)
      return PendingAidGroup(
        providerType: key.key, yearAuthorised: key.year, records: figures.records,
        statuses: figures.statuses.sorted(), valueKRW: value.krw,
        valueUSD: value.usd, providers: figures.providers)
    }
    figures.recordsInScope = order
    figures.warnings = valuer.warnings()
    return figures
  }

  /// One row per year from the first year authorised through P's year.
  private func years() -> [AidYear] {
    guard let firstYear = yearFigures.keys.min() else { return [] }
    let lastYear = calendar.period.year
    let spans = pendingSpans.sorted { $0.key < $1.key }
    return (firstYear...lastYear).map { year in
      let figures = yearFigures[year] ?? .init()
      var pending = 0
      var pendingSum = AmountSum()
      for (key, span) in spans
      where key.lastYear >= year && key.valuation.month.year <= year {
        pending += span.records
        pendingSum.add(span.amount, key: key.valuation, first: span.first)
      }
      let value = valuer.money(figures.value)
      let pendingValue = valuer.money(pendingSum)
      return AidYear(
        year: year, authorised: figures.authorised, delivered: figures.delivered,
        providers: figures.providers.count, valueKRW: value.krw, valueUSD: value.usd,
        pending: pending, pendingValueKRW: pendingValue.krw, pendingValueUSD: pendingValue.usd)
    }
  }

  /// Applies `body` to `value` in place (e.g. a dictionary entry, without copying it).
  @inline(__always)
  private static func update<Value>(_ value: inout Value, _ body: (inout Value) -> Void) {
    body(&value)
  }
}

private struct YearAndKey: Hashable, Comparable {
  var year: Int
  var key: String
  init(_ year: Int, _ key: String) {
    self.year = year
    self.key = key
  }
  static func < (lhs: YearAndKey, rhs: YearAndKey) -> Bool {
    (lhs.year, lhs.key) < (rhs.year, rhs.key)
  }
}

extension AidRecord {
  /// The month whose rates value a record in a report as at `periodEnd`: the delivery month
  /// when it was delivered by then, else the authorisation month (as pending aid is valued).
  func valuationMonth(asAt periodEnd: Day) -> YearMonth {
    if status == .delivered, let delivered, delivered <= periodEnd { return delivered.yearMonth }
    return authorised.yearMonth
  }
}
