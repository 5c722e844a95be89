import Foundation
import NKInputs
import NKPeriods

/// An amount in won and in US dollars; either may be not computable (a missing rate).
struct Money: Hashable, Sendable {
  var krw: Figure<Decimal>
  var usd: Figure<Decimal>

  static let zero = Money(krw: .known(0), usd: .known(0))

  static func + (lhs: Money, rhs: Money) -> Money {
    Money(krw: lhs.krw.combined(with: rhs.krw, +), usd: lhs.usd.combined(with: rhs.usd, +))
  }

  /// `lhs = lhs + rhs`, without the Decimal addition once a part is not computable (its
  /// first reason stands, as with `+`).
  static func += (lhs: inout Money, rhs: Money) {
    lhs.krw.accumulate(rhs.krw)
    lhs.usd.accumulate(rhs.usd)
  }
}

extension Figure where Value == Decimal {
  /// `self = self.combined(with: other, +)`: unavailable when either is, the first reason wins.
  @inline(__always)
  mutating func accumulate(_ other: Figure<Decimal>) {
    guard case .known(let total) = self else { return }
    switch other {
    case .known(let value): self = .known(total + value)
    case .unavailable: self = other
    }
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
  private mutating func currencyID(_ currency: String) -> Int {
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

  /// Looks up the rates `value(_:_:at:)` would use (so their fall-backs are reported) without
  /// computing the value.
  mutating func touch(_ currency: String, at month: YearMonth) {
    _ = lookup(currencyID(currency), month)
    _ = lookup(Self.usd, month)
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

  /// One warning per currency and stand-in month, naming the months it stood in for;
  /// `scope` says which values are affected when not the report's own figures.
  func warnings(scope: String? = nil) -> [ReportWarning] {
    let prefix = scope.map { "\($0): " } ?? ""
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
        "\(prefix)fx.csv has no \(parts[0]) rate for \(months): used \(parts[1])'s rate (\(parts[2]) KRW)."
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
        "\(prefix)fx.csv has no \(currency) rate in or before \(monthRanges(missingMonths[currency] ?? [])): values that need it are not computable."
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

  private struct YearFigures {
    var authorised = 0
    var delivered = 0
    var providers: Set<String> = []
    var value = Money.zero
    var pending = 0
    var pendingValue = Money.zero
  }

  private struct CategoryFigures {
    var name: String
    var records = 0
    var value = Money.zero
  }

  private struct ProviderTypeFigures {
    var authorised = 0
    var delivered = 0
    var value = Money.zero
  }

  private struct PendingGroupFigures {
    var records = 0
    var statuses: Set<String> = []
    var value = Money.zero
    var providers: [String] = []
  }

  private(set) var window = WindowFigures()
  private(set) var pendingAtPeriod: (count: Int, value: Money) = (0, .zero)
  private(set) var pendingGroups: [PendingAidGroup] = []
  private(set) var years: [AidYear] = []
  private(set) var categories: [AidCategoryYear] = []
  private(set) var providerTypes: [AidProviderTypeYear] = []
  private(set) var warnings: [ReportWarning] = []

  init(ledger: AidLedger, rates: ExchangeRates, calendar: ReportCalendar) throws {
    let periodEnd = calendar.periodEnd
    let lastYear = calendar.period.year
    var valuer = Valuer(rates: rates)
    // Records authorised after P are listed (and valued) for completeness only: their
    // fall-backs are reported apart, as they touch none of the report's figures.
    var laterValuer = Valuer(rates: rates)
    var yearFigures: [Int: YearFigures] = [:]
    var categoryFigures: [YearAndKey: CategoryFigures] = [:]
    var typeFigures: [YearAndKey: ProviderTypeFigures] = [:]
    var groupFigures: [YearAndKey: PendingGroupFigures] = [:]
    var window = WindowFigures()
    var pendingCount = 0
    var pendingValue = Money.zero
    var categoryOrder = 0

    try ledger.forEach { record in
      // Every record is valued as the records sheet shows it, so its fall-backs are reported.
      guard record.authorised <= periodEnd else {
        laterValuer.touch(record.currency, at: record.authorised.yearMonth)
        return
      }
      valuer.touch(record.currency, at: record.valuationMonth(asAt: periodEnd))
      let type = record.providerType.rawValue
      let authorisedYear = record.authorised.year
      yearFigures[authorisedYear, default: .init()].authorised += 1
      typeFigures[YearAndKey(authorisedYear, type), default: .init()].authorised += 1
      if calendar.window.contains(record.authorised.yearMonth) { window.authorised += 1 }

      if record.status == .delivered, let delivered = record.delivered, delivered <= periodEnd {
        let value = valuer.value(record.amount, record.currency, at: delivered.yearMonth)
        let year = delivered.year
        yearFigures[year, default: .init()].delivered += 1
        yearFigures[year, default: .init()].providers.insert(record.providerKey)
        yearFigures[year, default: .init()].value += value
        let categoryKey = YearAndKey(year, record.categoryKey)
        categoryFigures[categoryKey, default: .init(name: record.category)].records += 1
        categoryFigures[categoryKey, default: .init(name: record.category)].value += value
        typeFigures[YearAndKey(year, type), default: .init()].delivered += 1
        typeFigures[YearAndKey(year, type), default: .init()].value += value
        if calendar.window.contains(delivered.yearMonth) {
          window.delivered += 1
          window.deliveredValue += value
          window.providers.insert(record.providerKey)
          window.providerTypes.insert(type)
          categoryOrder += 1
          let krw = value.krw.value ?? 0
          if let existing = window.categories[record.categoryKey] {
            window.categories[record.categoryKey] = (
              existing.name, existing.value + krw, existing.order
            )
          } else {
            window.categories[record.categoryKey] = (record.category, krw, categoryOrder)
          }
        }
      }

      // Pending at the end of each year from authorisation until delivery (or P).
      guard record.status != .cancelled else { return }
      let deliveredDay = record.status == .delivered ? record.delivered : nil
      // Valued only when it is pending at some year end: a record delivered before the end of
      // its first year needs (and warns about) no authorisation-month rate.
      var pendingMoney: Money?
      for year in authorisedYear...lastYear {
        let cutOff =
          year == lastYear ? periodEnd : Day.end(of: YearMonth.december(year) ?? calendar.period)
        if let deliveredDay, deliveredDay <= cutOff { break }
        let value =
          pendingMoney
          ?? valuer.value(record.amount, record.currency, at: record.authorised.yearMonth)
        pendingMoney = value
        yearFigures[year, default: .init()].pending += 1
        yearFigures[year, default: .init()].pendingValue += value
        if year == lastYear {
          pendingCount += 1
          pendingValue += value
          let groupKey = YearAndKey(authorisedYear, type)
          groupFigures[groupKey, default: .init()].records += 1
          groupFigures[groupKey, default: .init()].statuses.insert(record.status.rawValue)
          groupFigures[groupKey, default: .init()].value += value
          if groupFigures[groupKey, default: .init()].providers.count < 10,
            groupFigures[groupKey]?.providers.contains(where: {
              $0.lowercased() == record.providerKey
            })
              == false
          {
            groupFigures[groupKey, default: .init()].providers.append(record.provider)
          }
        }
      }
    }

    self.window = window
    pendingAtPeriod = (pendingCount, pendingValue)
    if let firstYear = yearFigures.keys.min() {
      years = (firstYear...lastYear).map { year in
        let figures = yearFigures[year] ?? .init()
        return AidYear(
          year: year, authorised: figures.authorised, delivered: figures.delivered,
          providers: figures.providers.count, valueKRW: figures.value.krw,
          valueUSD: figures.value.usd, pending: figures.pending,
          pendingValueKRW: figures.pendingValue.krw, pendingValueUSD: figures.pendingValue.usd)
      }
    }
    categories = categoryFigures.sorted { $0.key < $1.key }.map { key, figures in
      AidCategoryYear(
        year: key.year, category: figures.name, records: figures.records,
        valueKRW: figures.value.krw, valueUSD: figures.value.usd)
    }
    providerTypes = typeFigures.sorted { $0.key < $1.key }.map { key, figures in
      AidProviderTypeYear(
        year: key.year, providerType: key.key, authorised: figures.authorised,
        delivered: figures.delivered, valueKRW: figures.value.krw, valueUSD: figures.value.usd)
    }
    pendingGroups = groupFigures.sorted { $0.key < $1.key }.map { key, figures in
      PendingAidGroup(
        providerType: key.key, yearAuthorised: key.year, records: figures.records,
        statuses: figures.statuses.sorted(), valueKRW: figures.value.krw,
        valueUSD: figures.value.usd, providers: figures.providers)
    }
    warnings =
      valuer.warnings()
      + laterValuer.warnings(
        scope: "Aid records authorised after \(calendar.period) (listed, not counted)")
  }

  /// The records as the report lists them, valued like `valuationMonth` says; re-reads the
  /// ledger on each pass.
  func recordStream(ledger: AidLedger, rates: ExchangeRates, calendar: ReportCalendar)
    -> AidRecordStream
  {
    let periodEnd = calendar.periodEnd
    return AidRecordStream(count: ledger.count) { body in
      var valuer = Valuer(rates: rates)
      try ledger.forEach { record in
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
