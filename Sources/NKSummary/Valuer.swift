import Foundation
import NKInputs
import NKPeriods

/// An amount in won and in US dollars; either may be not computable (a missing rate).
struct Money: Hashable, Sendable {
  var krw: Figure<Decimal>
  var usd: Figure<Decimal>

  static let zero = Money(krw: .known(0), usd: .known(0))
}

/// A currency seen in the ledger, by a small number (KRW and USD first), so that rate lookups
/// are keyed by integers instead of hashing the currency text on every record.
struct CurrencyID: Hashable, Comparable, Sendable {
  let index: Int
  static let krw = CurrencyID(index: 0)
  static let usd = CurrencyID(index: 1)
  static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// A currency valued at the rates of one month: what amounts are summed under.
struct ValuationKey: Hashable, Comparable, Sendable {
  let currency: CurrencyID
  let month: YearMonth

  static func < (lhs: Self, rhs: Self) -> Bool {
    (lhs.currency, lhs.month.ordinal) < (rhs.currency, rhs.month.ordinal)
  }
}

/// Amounts summed exactly by currency and valuation month, so that an aggregate's value is
/// found once at the end: its won by multiplying each sum by its rate (exact), its dollars by
/// dividing each month's won once by that month's dollar rate.
struct AmountSum {
  struct Part {
    var amount = ExactDecimalSum()
    /// The ledger position of the first record added under this key: when the key's rate is
    /// missing, the aggregate is not computable for the reason of its first such record.
    var first: Int
  }

  private(set) var parts: [ValuationKey: Part] = [:]

  @inline(__always)
  mutating func add(_ amount: Decimal, key: ValuationKey, order: Int) {
    parts[key, default: Part(first: order)].amount.add(amount)
  }

  /// Adds `amount` first seen at ledger position `first` (sums merged in any order).
  mutating func add(_ amount: ExactDecimalSum, key: ValuationKey, first: Int) {
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
  private var currencies: [String] = ["KRW", "USD"]
  private var cache: [ValuationKey: ExchangeRates.Lookup?] = [:]
  private(set) var fallBacks: [ValuationKey: ExchangeRates.Lookup] = [:]
  private(set) var missing: Set<ValuationKey> = []

  init(rates: ExchangeRates) { self.rates = rates }

  @inline(__always)
  mutating func currencyID(_ currency: String) -> CurrencyID {
    for index in currencies.indices where currencies[index] == currency {
      return CurrencyID(index: index)
    }
    currencies.append(currency)
    return CurrencyID(index: currencies.count - 1)
  }

  func name(_ currency: CurrencyID) -> String { currencies[currency.index] }

  private mutating func lookup(_ key: ValuationKey) -> ExchangeRates.Lookup? {
    if let cached = cache[key] { return cached }
    let found = rates.rate(name(key.currency), in: key.month)
    cache[key] = found
    if let found, found.isFallBack {
      fallBacks[key] = found
    } else if found == nil {
      missing.insert(key)
    }
    return found
  }

  /// The key of `currency` valued at `month`, after looking up the rates `value(_:_:)` would
  /// use (so their fall-backs and gaps are reported).
  @inline(__always)
  mutating func key(_ currency: CurrencyID, at month: YearMonth) -> ValuationKey {
    let key = ValuationKey(currency: currency, month: month)
    _ = lookup(key)
    if currency != .usd { _ = lookup(ValuationKey(currency: .usd, month: month)) }
    return key
  }

  /// The rate behind a key, as looked up when the key was made (no lookup is recorded).
  private func rate(_ key: ValuationKey) -> ExchangeRates.Lookup? {
    if let cached = cache[key] { return cached }
    return rates.rate(name(key.currency), in: key.month)
  }

  private func missingReason(_ key: ValuationKey) -> UnavailableReason {
    .noExchangeRate(currency: name(key.currency), month: key.month)
  }

  /// The value of `sum` as `value(_:_:)` values each of its amounts, summed: won exactly;
  /// dollars as each month's won divided once by its dollar rate, plus the dollar amounts as
  /// they are. Not computable when a rate its parts need is missing, for the reason of the
  /// first record (in ledger order) that needed it. `knownWon` counts the won of the parts
  /// whose rate is known (the others as 0), for ranking categories.
  func valuation(_ sum: AmountSum) -> (money: Money, knownWon: Decimal) {
    var krw = Decimal.zero
    var dollars = Decimal.zero
    var wonByMonth: [YearMonth: Decimal] = [:]
    var krwGap: (first: Int, reason: UnavailableReason)?
    var usdGap: (first: Int, reason: UnavailableReason)?
    func note(
      _ gap: inout (first: Int, reason: UnavailableReason)?, _ first: Int, _ key: ValuationKey
    ) {
      if gap.map({ first < $0.first }) ?? true { gap = (first, missingReason(key)) }
    }
    // In key order: Swift seeds dictionary order per process, and rounded Decimal sums
    // depend on the order of additions; outputs must not.
    for (key, part) in sum.parts.sorted(by: { $0.key < $1.key }) {
      let found = rate(key)
      let amount = part.amount.value
      if let found {
        let won = key.currency == .krw ? amount * 1 : amount * found.krwPerUnit
        krw += won
        if key.currency != .usd { wonByMonth[key.month, default: 0] += won }
      } else {
        note(&krwGap, part.first, key)
      }
      let dollarKey = ValuationKey(currency: .usd, month: key.month)
      if key.currency == .usd {
        dollars += amount
      } else if rate(dollarKey) == nil {
        note(&usdGap, part.first, dollarKey)
      } else if found == nil {
        note(&usdGap, part.first, key)
      }
    }
    var usd = dollars
    if usdGap == nil {
      for (month, won) in wonByMonth.sorted(by: { $0.key < $1.key }) {
        guard let dollar = rate(ValuationKey(currency: .usd, month: month)) else { continue }
        usd += won / dollar.krwPerUnit
      }
    }
    let money = Money(
      krw: krwGap.map { .unavailable(reason: $0.reason) } ?? .known(krw),
      usd: usdGap.map { .unavailable(reason: $0.reason) } ?? .known(usd))
    return (money, krw)
  }

  func money(_ sum: AmountSum) -> Money { valuation(sum).money }

  /// `amount` of `currency` valued at the rates of `month`: KRW = amount × KRW per unit;
  /// USD = KRW ÷ KRW per US dollar.
  mutating func value(_ amount: Decimal, _ currency: CurrencyID, at month: YearMonth) -> Money {
    let krw: Figure<Decimal>
    if let rate = lookup(ValuationKey(currency: currency, month: month)) {
      // KRW per KRW is 1: amount × 1 is the amount itself when it has no trailing zero digit.
      krw = .known(currency == .krw ? DecimalStorage.timesOne(amount) : amount * rate.krwPerUnit)
    } else {
      krw = .unavailable(reason: .noExchangeRate(currency: name(currency), month: month))
    }
    // A dollar amount is stated in dollars whatever its won value.
    if currency == .usd { return Money(krw: krw, usd: .known(amount)) }
    guard let dollar = lookup(ValuationKey(currency: .usd, month: month)) else {
      return Money(
        krw: krw, usd: .unavailable(reason: .noExchangeRate(currency: "USD", month: month)))
    }
    return Money(krw: krw, usd: krw.map { $0 / dollar.krwPerUnit })
  }

  mutating func value(_ amount: Decimal, _ currency: String, at month: YearMonth) -> Money {
    value(amount, currencyID(currency), at: month)
  }

  /// One warning per currency and stand-in month, naming the months it stood in for.
  func warnings() -> [ReportWarning] {
    struct StandIn: Hashable, Comparable {
      var currency: String
      var rateMonth: YearMonth
      var rate: String
      static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.currency, lhs.rateMonth.ordinal, lhs.rate)
          < (rhs.currency, rhs.rateMonth.ordinal, rhs.rate)
      }
    }
    var monthsByStandIn: [StandIn: [YearMonth]] = [:]
    for (key, lookup) in fallBacks {
      let standIn = StandIn(
        currency: name(key.currency), rateMonth: lookup.rateMonth,
        rate: "\(lookup.krwPerUnit)")
      monthsByStandIn[standIn, default: []].append(key.month)
    }
    let fallBackWarnings = monthsByStandIn.keys.sorted().map { standIn -> ReportWarning in
      .exchangeRateFallBack(
        currency: standIn.currency, months: Set(monthsByStandIn[standIn] ?? []).sorted(),
        rateMonth: standIn.rateMonth, rate: standIn.rate)
    }
    var missingMonths: [String: [YearMonth]] = [:]
    for key in missing { missingMonths[name(key.currency), default: []].append(key.month) }
    let missingWarnings = missingMonths.keys.sorted().map { currency -> ReportWarning in
      .exchangeRateMissing(currency: currency, months: Set(missingMonths[currency] ?? []).sorted())
    }
    return fallBackWarnings + missingWarnings
  }
}
