import Foundation
import NKInputs
import NKPeriods

/// An amount in won and in US dollars; either may be not computable (a missing rate).
struct Money: Hashable, Sendable {
  var krw: Figure<Decimal>
  var usd: Figure<Decimal>

  static let zero = Money(krw: .known(0), usd: .known(0))
}

/// Amounts summed exactly by currency and valuation month (a `Valuer.key`), so that an
/// aggregate's value is found once at the end: its won by multiplying each sum by its rate
/// (exact), its dollars by dividing each month's won once by that month's dollar rate.
struct AmountSum {
  struct Part {
    var amount = ExactDecimalSum()
    /// The ledger position of the first record added under this key: when the key's rate is
    /// missing, the aggregate is not computable for the reason of its first such record.
    var first: Int
  }

  private(set) var parts: [Int: Part] = [:]

  @inline(__always)
  mutating func add(_ amount: Decimal, key: Int, order: Int) {
    parts[key, default: Part(first: order)].amount.add(amount)
  }

  /// Adds `amount` first seen at ledger position `first` (sums merged in any order).
  mutating func add(_ amount: ExactDecimalSum, key: Int, first: Int) {
    func merge(_ part: inout Part) {
      part.amount.add(amount)
      part.first = min(part.first, first)
    }
    merge(&parts[key, default: Part(first: first)])
  }
}

/// Converts amounts at the contract's rates and remembers every fall-back it used, so the
/// report can say which months' rates stood in for which.
struct Valuer {
  let rates: ExchangeRates
  /// Currencies seen, by small integer id (KRW and USD first), so the rate cache is keyed by
  /// an integer instead of hashing the currency text on every record.
  private var currencies: [String] = ["KRW", "USD"]
  private static let krw = 0
  private static let usd = 1
  /// Key: currency id × 2^20 + month ordinal (ordinals of years 1000…9999 are below 2^17).
  private var cache: [Int: ExchangeRates.Lookup?] = [:]
  private(set) var fallBacks: [String: ExchangeRates.Lookup] = [:]
  private(set) var missing: Set<String> = []

  init(rates: ExchangeRates) { self.rates = rates }

  @inline(__always)
  mutating func currencyID(_ currency: String) -> Int {
    for index in currencies.indices where currencies[index] == currency { return index }
    currencies.append(currency)
    return currencies.count - 1
  }

  private mutating func lookup(_ id: Int, _ month: YearMonth) -> ExchangeRates.Lookup? {
    let key = id << 20 | month.ordinal
    if let cached = cache[key] { return cached }
    let currency = currencies[id]
    let found = rates.rate(currency, in: month)
    cache[key] = found
    if let found, found.isFallBack {
      fallBacks["\(currency) \(month)"] = found
    } else if found == nil {
      missing.insert("\(currency) \(month)")
    }
    return found
  }

  /// The `AmountSum` key of currency `id` (a `currencyID`) valued at `month`, after looking up
  /// the rates `value(_:_:at:)` would use (so their fall-backs and gaps are reported).
  @inline(__always)
  mutating func key(_ id: Int, at month: YearMonth) -> Int {
    _ = lookup(id, month)
    if id != Self.usd { _ = lookup(Self.usd, month) }
    return id << 20 | month.ordinal
  }

  /// The rate behind a key's part, as looked up when the key was made (no lookup is recorded).
  private func rate(_ id: Int, _ ordinal: Int) -> ExchangeRates.Lookup? {
    if let cached = cache[id << 20 | ordinal] { return cached }
    guard let month = YearMonth(ordinal: ordinal) else { return nil }
    return rates.rate(currencies[id], in: month)
  }

  private func missingReason(_ id: Int, _ ordinal: Int) -> String {
    let month = YearMonth(ordinal: ordinal).map(\.description) ?? "\(ordinal)"
    return "fx.csv has no \(currencies[id]) rate in or before \(month)"
  }

  /// The value of `sum` as `value(_:_:at:)` values each of its amounts, summed: won exactly;
  /// dollars as each month's won divided once by its dollar rate, plus the dollar amounts as
  /// they are. Not computable when a rate its parts need is missing, for the reason of the
  /// first record (in ledger order) that needed it.
  func money(_ sum: AmountSum) -> Money {
    var krw = Decimal.zero
    var dollars = Decimal.zero
    var wonByMonth: [Int: Decimal] = [:]
    var krwGap: (first: Int, reason: String)?
    var usdGap: (first: Int, reason: String)?
    // In key order: Swift seeds dictionary order per process, and rounded Decimal sums
    // depend on the order of additions; outputs must not.
    for (key, part) in sum.parts.sorted(by: { $0.key < $1.key }) {
      let id = key >> 20
      let ordinal = key & 0xF_FFFF
      let found = rate(id, ordinal)
      let amount = part.amount.value
      if let found {
        let won = id == Self.krw ? amount * 1 : amount * found.krwPerUnit
        krw += won
        if id != Self.usd { wonByMonth[ordinal, default: 0] += won }
      } else if krwGap.map({ part.first < $0.first }) ?? true {
        krwGap = (part.first, missingReason(id, ordinal))
      }
      if id == Self.usd {
        dollars += amount
      } else if rate(Self.usd, ordinal) == nil {
        if usdGap.map({ part.first < $0.first }) ?? true {
          usdGap = (part.first, missingReason(Self.usd, ordinal))
        }
      } else if found == nil, usdGap.map({ part.first < $0.first }) ?? true {
        usdGap = (part.first, missingReason(id, ordinal))
      }
    }
    var usd = dollars
    if usdGap == nil {
      for (ordinal, won) in wonByMonth.sorted(by: { $0.key < $1.key }) {
        guard let dollar = rate(Self.usd, ordinal) else { continue }
        usd += won / dollar.krwPerUnit
      }
    }
    return Money(
      krw: krwGap.map { .unavailable(reason: $0.reason) } ?? .known(krw),
      usd: usdGap.map { .unavailable(reason: $0.reason) } ?? .known(usd))
  }

  /// The won of the parts of `sum` whose rate is known (the others count as 0).
  func knownWon(_ sum: AmountSum) -> Decimal {
    var krw = Decimal.zero
    // In key order: Swift seeds dictionary order per process, and rounded Decimal sums
    // depend on the order of additions; outputs must not.
    for (key, part) in sum.parts.sorted(by: { $0.key < $1.key }) {
      let id = key >> 20
      guard let found = rate(id, key & 0xF_FFFF) else { continue }
      let amount = part.amount.value
      krw += id == Self.krw ? amount * 1 : amount * found.krwPerUnit
    }
    return krw
  }

  /// `amount` of `currency` valued at the rates of `month`: KRW = amount × KRW per unit;
  /// USD = KRW ÷ KRW per US dollar.
  mutating func value(_ amount: Decimal, _ currency: String, at month: YearMonth) -> Money {
    let id = currencyID(currency)
    let krw: Figure<Decimal>
    if let rate = lookup(id, month) {
      // KRW per KRW is 1: amount × 1 is the amount itself when it has no trailing zero digit.
      krw = .known(id == Self.krw ? DecimalStorage.timesOne(amount) : amount * rate.krwPerUnit)
    } else {
      krw = .unavailable(reason: "fx.csv has no \(currency) rate in or before \(month)")
    }
    // A dollar amount is stated in dollars whatever its won value.
    if id == Self.usd { return Money(krw: krw, usd: .known(amount)) }
    guard let dollar = lookup(Self.usd, month) else {
      return Money(
        krw: krw, usd: .unavailable(reason: "fx.csv has no USD rate in or before \(month)"))
    }
    return Money(krw: krw, usd: krw.map { $0 / dollar.krwPerUnit })
  }

  /// One warning per currency and stand-in month, naming the months it stood in for.
  func warnings() -> [ReportWarning] {
    var monthsByStandIn: [String: [YearMonth]] = [:]
    for (key, lookup) in fallBacks {
      let parts = key.split(separator: " ")
      guard parts.count == 2, let month = YearMonth.parse(parts[1]) else { continue }
      monthsByStandIn["\(parts[0]) \(lookup.rateMonth) \(lookup.krwPerUnit)", default: []].append(
        month)
    }
    let fallBackWarnings = monthsByStandIn.keys.sorted().map { key -> ReportWarning in
      let parts = key.split(separator: " ")
      let months = monthRanges(monthsByStandIn[key] ?? [])
      return ReportWarning(
        .exchangeRateFallBack,
        "fx.csv has no \(parts[0]) rate for \(months): used \(parts[1])'s rate (\(parts[2]) KRW)."
      )
    }
    var missingMonths: [String: [YearMonth]] = [:]
    for key in missing {
      let parts = key.split(separator: " ")
      guard parts.count == 2, let month = YearMonth.parse(parts[1]) else { continue }
      missingMonths[String(parts[0]), default: []].append(month)
    }
    let missingWarnings = missingMonths.keys.sorted().map { currency -> ReportWarning in
      ReportWarning(
        .notComputable,
        "fx.csv has no \(currency) rate in or before \(monthRanges(missingMonths[currency] ?? [])): values that need it are not computable."
      )
    }
    return fallBackWarnings + missingWarnings
  }
}

/// `2019-06, 2022-01..2022-12`: months, consecutive ones joined into spans.
func monthRanges(_ months: [YearMonth]) -> String {
  var spans: [(YearMonth, YearMonth)] = []
  for month in Set(months).sorted() {
    if let last = spans.last, last.1.next == month {
      spans[spans.count - 1].1 = month
    } else {
      spans.append((month, month))
    }
  }
  return spans.map { $0.0 == $0.1 ? $0.0.description : "\($0.0)..\($0.1)" }.joined(separator: ", ")
}

/// Every aid figure of the report, computed in one pass over the ledger.
///
/// Amounts are summed exactly by currency and valuation month (`AmountSum`) and valued once
/// per aggregate at the end; a record pending at several year ends is added once, to the span
/// of years it is pending, and each year's pending aid is found from the spans that cover it.
struct AidComputation {
  struct WindowFigures {
    var authorised = 0
    var delivered = 0
    var deliveredValue = Money.zero
    var providers: Set<String> = []
    var providerTypes: Set<String> = []
    /// Category key → (name as first written, KRW value, first-seen order).
    var categories: [String: (name: String, value: Decimal, order: Int)] = [:]

    var categoriesByValue: [String] {
      categories.values.sorted { ($1.value, $0.order) < ($0.value, $1.order) }.map(\.name)
    }
  }

  private struct WindowSums {
    var authorised = 0
    var delivered = 0
    var value = AmountSum()
    var providers: Set<String> = []
    var providerTypes: Set<String> = []
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
    /// `providers` told apart case-insensitively (`providerKey`).
    var providerKeys: [String] = []
  }

  /// Records pending at the end of every year from their authorisation year through `last`,
  /// valued at the rates of one authorisation month (`AmountSum` key).
  private struct PendingSpan {
    var records = 0
    var amount = ExactDecimalSum()
    var first: Int
  }

  private(set) var window = WindowFigures()
  private(set) var pendingAtPeriod: (count: Int, value: Money) = (0, .zero)
  private(set) var pendingGroups: [PendingAidGroup] = []
  private(set) var years: [AidYear] = []
  private(set) var categories: [AidCategoryYear] = []
  private(set) var providerTypes: [AidProviderTypeYear] = []
  private(set) var warnings: [ReportWarning] = []
  /// Records authorised by the end of P: the ones the report lists.
  private(set) var recordsInScope = 0

  /// The last year at whose end a record is pending (a year before `authorisedYear` when it
  /// never is): pending at the end of each year from its authorisation until the year before
  /// its delivery, through P's year when it was not delivered by the end of P.
  static func lastPendingYear(
    authorisedYear: Int, delivered: Day?, periodEnd: Day, lastYear: Int
  ) -> Int {
    guard let delivered, delivered <= periodEnd else { return lastYear }
    return min(lastYear, delivered.year - 1)
  }

  init(ledger: AidLedger, rates: ExchangeRates, calendar: ReportCalendar) throws {
    let periodEnd = calendar.periodEnd
    let lastYear = calendar.period.year
    var valuer = Valuer(rates: rates)
    var yearFigures: [Int: YearFigures] = [:]
    var categoryFigures: [YearAndKey: CategoryFigures] = [:]
    var typeFigures: [YearAndKey: ProviderTypeFigures] = [:]
    var groupFigures: [YearAndKey: PendingGroupFigures] = [:]
    /// Key: last pending year × 2^40 + `AmountSum` key of the authorisation month.
    var pendingSpans: [Int: PendingSpan] = [:]
    var windowSums = WindowSums()
    var pendingCount = 0
    var pendingValue = AmountSum()
    var categoryOrder = 0
    var order = 0

    try ledger.forEach { record in
      // P's report covers what was authorised by the end of P: later records are not listed,
      // counted or warned about.
      guard record.authorised <= periodEnd else { return }
      order += 1
      let currency = valuer.currencyID(record.currency)
      let authorisedMonth = record.authorised.yearMonth
      let deliveredDay = record.status == .delivered ? record.delivered : nil
      let deliveredByP = deliveredDay.flatMap { $0 <= periodEnd ? $0 : nil }
      // The rates of `valuationMonth(asAt:)`.
      let valuationKey = valuer.key(currency, at: deliveredByP?.yearMonth ?? authorisedMonth)
      let type = record.providerType.rawValue
      let authorisedYear = authorisedMonth.year
      yearFigures[authorisedYear, default: .init()].authorised += 1
      typeFigures[YearAndKey(authorisedYear, type), default: .init()].authorised += 1
      if calendar.window.contains(authorisedMonth) { windowSums.authorised += 1 }

      if let delivered = deliveredByP {
        let amount = record.amount
        let providerKey = record.providerKey
        let categoryKey = record.categoryKey
        let year = delivered.year
        Self.update(&yearFigures[year, default: .init()]) { figures in
          figures.delivered += 1
          figures.providers.insert(providerKey)
          figures.value.add(amount, key: valuationKey, order: order)
        }
        Self.update(
          &categoryFigures[YearAndKey(year, categoryKey), default: .init(name: record.category)]
        ) {
          figures in
          figures.records += 1
          figures.value.add(amount, key: valuationKey, order: order)
        }
        Self.update(&typeFigures[YearAndKey(year, type), default: .init()]) { figures in
          figures.delivered += 1
          figures.value.add(amount, key: valuationKey, order: order)
        }
        if calendar.window.contains(delivered.yearMonth) {
          windowSums.delivered += 1
          windowSums.value.add(amount, key: valuationKey, order: order)
          windowSums.providers.insert(providerKey)
          windowSums.providerTypes.insert(type)
          categoryOrder += 1
          let newOrder = categoryOrder
          Self.update(
            &windowSums.categories[categoryKey, default: (record.category, AmountSum(), newOrder)]
          ) {
            category in
            category.value.add(amount, key: valuationKey, order: order)
          }
        }
      }

      // Pending at the end of each year from authorisation until delivery (or P).
      guard record.status != .cancelled else { return }
      let last = Self.lastPendingYear(
        authorisedYear: authorisedYear, delivered: deliveredDay, periodEnd: periodEnd,
        lastYear: lastYear)
      // Valued only when it is pending at some year end: a record delivered before the end of
      // its first year needs (and warns about) no authorisation-month rate.
      guard last >= authorisedYear else { return }
      let pendingKey =
        deliveredByP == nil ? valuationKey : valuer.key(currency, at: authorisedMonth)
      Self.update(&pendingSpans[last << 40 | pendingKey, default: PendingSpan(first: order)]) {
        span in
        span.records += 1
        span.amount.add(record.amount)
      }
      guard last == lastYear else { return }
      pendingCount += 1
      pendingValue.add(record.amount, key: pendingKey, order: order)
      Self.update(&groupFigures[YearAndKey(authorisedYear, type), default: .init()]) { group in
        group.records += 1
        group.statuses.insert(record.status.rawValue)
        group.value.add(record.amount, key: pendingKey, order: order)
        if group.providers.count < 10 {
          let providerKey = record.providerKey
          if !group.providerKeys.contains(providerKey) {
            group.providers.append(record.provider)
            group.providerKeys.append(providerKey)
          }
        }
      }
    }

    window = WindowFigures(
      authorised: windowSums.authorised, delivered: windowSums.delivered,
      deliveredValue: valuer.money(windowSums.value), providers: windowSums.providers,
      providerTypes: windowSums.providerTypes,
      categories: windowSums.categories.mapValues { ($0.name, valuer.knownWon($0.value), $0.order) }
    )
    pendingAtPeriod = (pendingCount, valuer.money(pendingValue))
    if let firstYear = yearFigures.keys.min() {
      years = (firstYear...lastYear).map { year in
        let figures = yearFigures[year] ?? .init()
        var pending = 0
        var pendingSum = AmountSum()
        for (key, span) in pendingSpans.sorted(by: { $0.key < $1.key }) where key >> 40 >= year {
          let amountKey = key & (1 << 40 - 1)
          guard (amountKey & 0xF_FFFF) / 12 <= year else { continue }
          pending += span.records
          pendingSum.add(span.amount, key: amountKey, first: span.first)
        }
        let value = valuer.money(figures.value)
        let pendingValue = valuer.money(pendingSum)
        return AidYear(
          year: year, authorised: figures.authorised, delivered: figures.delivered,
          providers: figures.providers.count, valueKRW: value.krw, valueUSD: value.usd,
          pending: pending, pendingValueKRW: pendingValue.krw, pendingValueUSD: pendingValue.usd)
      }
    }
    categories = categoryFigures.sorted { $0.key < $1.key }.map { key, figures in
      let value = valuer.money(figures.value)
      return AidCategoryYear(
        year: key.year, category: figures.name, records: figures.records,
        valueKRW: value.krw, valueUSD: value.usd)
    }
    providerTypes = typeFigures.sorted { $0.key < $1.key }.map { key, figures in
      let value = valuer.money(figures.value)
      return AidProviderTypeYear(
        year: key.year, providerType: key.key, authorised: figures.authorised,
        delivered: figures.delivered, valueKRW: value.krw, valueUSD: value.usd)
    }
    pendingGroups = groupFigures.sorted { $0.key < $1.key }.map { key, figures in
      let value = valuer.money(figures.value)
      return PendingAidGroup(
        providerType: key.key, yearAuthorised: key.year, records: figures.records,
        statuses: figures.statuses.sorted(), valueKRW: value.krw,
        valueUSD: value.usd, providers: figures.providers)
    }
    recordsInScope = order
    warnings = valuer.warnings()
  }

  /// Applies `body` to `value` in place (e.g. a dictionary entry, without copying it).
  @inline(__always)
  private static func update<Value>(_ value: inout Value, _ body: (inout Value) -> Void) {
    body(&value)
  }

  /// The records as the report lists them, valued like `valuationMonth` says; re-reads the
  /// ledger on each pass.
  func recordStream(ledger: AidLedger, rates: ExchangeRates, calendar: ReportCalendar)
    -> AidRecordStream
  {
    let periodEnd = calendar.periodEnd
    return AidRecordStream(count: recordsInScope) { body in
      var valuer = Valuer(rates: rates)
      do {
        try Self.replay(ledger, valuer: &valuer, periodEnd: periodEnd, body: body)
      } catch let error as InputError {
        // The ledger could not be read again (changed or vanished since validation).
        throw SummaryError.aidLedger(String(describing: error))
      }
    }
  }

  private static func replay(
    _ ledger: AidLedger, valuer: inout Valuer, periodEnd: Day,
    body: (AidRecordRow) throws -> Void
  ) throws {
    try ledger.forEach { record in
      guard record.authorised <= periodEnd else { return }
      let value = valuer.value(
        record.amount, record.currency, at: record.valuationMonth(asAt: periodEnd))
      try body(
        AidRecordRow(
          id: record.id, authorised: record.authorised, provider: record.provider,
          providerType: record.providerType.rawValue, category: record.category,
          description: record.description, amount: record.amount, currency: record.currency,
          status: record.status.rawValue, delivered: record.delivered, valueKRW: value.krw,
          valueUSD: value.usd, line: record.line))
    }
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

extension AidRecord {
  /// Providers are told apart case-insensitively, as categories are: `Good Neighbors` and
  /// `good neighbors` are one group.
  var providerKey: String { provider.lowercased() }
}
