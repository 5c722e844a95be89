import Foundation
import NKInputs
import NKPeriods
import Testing

@testable import NKSummary

/// The aggregation sums amounts by currency and month and finds each year's pending aid from
/// spans of years; these tests hold it to the straightforward per-record, per-year computation
/// (each record valued on its own, added to every year it is pending).
@Suite("Aid aggregation against a per-year reference")
struct AidAggregationTests {
  /// A deterministic pseudo-random sequence (64-bit LCG), so failures reproduce.
  struct Sequence {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  static func ledger(seed: UInt64, count: Int, currencies: [String]) -> [AidRecord] {
    var random = Sequence(state: seed)
    var records: [AidRecord] = []
    let statuses: [AidStatus] = [.authorised, .onHold, .delivered, .delivered, .cancelled]
    for index in 0..<count {
      let authorised = Day(year: 2010 + random.next(11), month: 1 + random.next(12), day: 1)!
      let status = statuses[random.next(statuses.count)]
      var delivered: Day?
      if status == .delivered || random.next(5) == 0 {
        let later = authorised.yearMonth.adding(months: random.next(12 * 8))!
        delivered = Day(year: later.year, month: later.month, day: 1 + random.next(28))
      }
      let cents = Decimal(random.next(1_000_000_000)) + Decimal(random.next(100)) / 100
      records.append(
        AidRecord(
          id: "R\(index)", authorised: authorised, provider: "Provider \(random.next(7))",
          providerType: ProviderType.allCases[random.next(3)],
          category: ["Food", "food", "Medical", "Seeds"][random.next(4)], amount: cents,
          currency: currencies[random.next(currencies.count)], status: status,
          delivered: delivered, line: index + 2))
    }
    return records
  }

  /// USD and EUR rates for every month of 2009…2021 but those in `gaps` (and none before
  /// `euroFrom` for EUR), with a few digits after the point.
  static func rates(gaps: Set<String> = [], euroFrom: String = "2009-01") -> [ExchangeRate] {
    var rates: [ExchangeRate] = []
    var month = Fixtures.month("2009-01")
    var line = 2
    while month <= Fixtures.month("2021-12") {
      let usd = Decimal(1000 + month.ordinal % 97) + Decimal(month.ordinal % 89) / 100
      let eur = Decimal(1200 + month.ordinal % 83) + Decimal(month.ordinal % 7) / 1000
      if !gaps.contains("USD \(month)") {
        rates.append(ExchangeRate(month: month, currency: "USD", krwPerUnit: usd, line: line))
        line += 1
      }
      if month >= Fixtures.month(euroFrom), !gaps.contains("EUR \(month)") {
        rates.append(ExchangeRate(month: month, currency: "EUR", krwPerUnit: eur, line: line))
        line += 1
      }
      month = month.next!
    }
    return rates
  }

  /// Figures in won and dollars summed the straightforward way: unavailable when any part is
  /// (the first reason wins).
  struct Total: Equatable {
    var count = 0
    var krw: Figure<Decimal> = .known(0)
    var usd: Figure<Decimal> = .known(0)

    mutating func add(_ money: Money) {
      count += 1
      krw = krw.combined(with: money.krw, +)
      usd = usd.combined(with: money.usd, +)
    }
  }

  struct Reference {
    var deliveredByYear: [Int: Total] = [:]
    var pendingByYear: [Int: Total] = [:]
    var pendingAtPeriod = Total()
    var groups: [String: Total] = [:]
    var categories: [String: Total] = [:]
    var types: [String: Total] = [:]
    var window = Total()
    var warnings: [ReportWarning] = []

    init(records: [AidRecord], rates: ExchangeRates, period: YearMonth) {
      let periodEnd = Day.end(of: period)
      var valuer = Valuer(rates: rates)
      for record in records {
        // Records authorised after P are outside P's report.
        guard record.authorised <= periodEnd else { continue }
        // The rates the records sheet values it at, so their fall-backs are reported.
        _ = valuer.value(record.amount, record.currency, at: record.valuationMonth(asAt: periodEnd))
        let type = record.providerType.rawValue
        if record.status == .delivered, let delivered = record.delivered, delivered <= periodEnd {
          let value = valuer.value(record.amount, record.currency, at: delivered.yearMonth)
          deliveredByYear[delivered.year, default: .init()].add(value)
          categories["\(delivered.year) \(record.categoryKey)", default: .init()].add(value)
          types["\(delivered.year) \(type)", default: .init()].add(value)
          if delivered.year == period.year { window.add(value) }
        }
        guard record.status != .cancelled else { continue }
        let deliveredDay = record.status == .delivered ? record.delivered : nil
        for year in record.authorised.year...period.year {
          let cutOff = year == period.year ? periodEnd : Day.end(of: YearMonth.december(year)!)
          if let deliveredDay, deliveredDay <= cutOff { break }
          let value = valuer.value(record.amount, record.currency, at: record.authorised.yearMonth)
          pendingByYear[year, default: .init()].add(value)
          if year == period.year {
            pendingAtPeriod.add(value)
            groups["\(record.authorised.year) \(type)", default: .init()].add(value)
          }
        }
      }
      warnings = valuer.warnings()
    }
  }

  static let tolerance = Decimal(string: "1e-20")!

  static func expectClose(
    _ actual: Figure<Decimal>, _ expected: Figure<Decimal>, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    switch (actual, expected) {
    case (.known(let a), .known(let e)):
      let difference = abs(a - e)
      let close = e.isZero ? difference.isZero : difference / abs(e) <= tolerance
      #expect(close, "\(what): \(a) vs \(e)", sourceLocation: sourceLocation)
    default:
      #expect(actual == expected, "\(what)", sourceLocation: sourceLocation)
    }
  }

  static func expectMatch(
    _ actual: (count: Int, krw: Figure<Decimal>, usd: Figure<Decimal>), _ expected: Total,
    _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(actual.count == expected.count, "\(what) count", sourceLocation: sourceLocation)
    #expect(actual.krw == expected.krw, "\(what) KRW", sourceLocation: sourceLocation)
    expectClose(actual.usd, expected.usd, "\(what) USD", sourceLocation: sourceLocation)
  }

  static func compare(records: [AidRecord], rates: [ExchangeRate], period: String) throws {
    let month = Fixtures.month(period)
    let computation = aggregate(
      records, rates: ExchangeRates(rates), calendar: ReportCalendar(period: month))
    let reference = Reference(records: records, rates: ExchangeRates(rates), period: month)

    #expect(!computation.years.isEmpty)
    for year in computation.years {
      let pending = reference.pendingByYear[year.year] ?? .init()
      expectMatch(
        (year.pending, year.pendingValueKRW, year.pendingValueUSD), pending,
        "pending \(year.year)")
      let delivered = reference.deliveredByYear[year.year] ?? .init()
      expectMatch(
        (year.delivered, year.valueKRW, year.valueUSD), delivered, "delivered \(year.year)")
    }
    #expect(Set(reference.pendingByYear.keys).isSubset(of: computation.years.map(\.year)))
    expectMatch(
      (
        computation.pendingAtPeriod.count, computation.pendingAtPeriod.value.krw,
        computation.pendingAtPeriod.value.usd
      ), reference.pendingAtPeriod, "pending at P")
    #expect(computation.pendingGroups.count == reference.groups.count)
    for group in computation.pendingGroups {
      let expected = reference.groups["\(group.yearAuthorised) \(group.providerType)"] ?? .init()
      expectMatch(
        (group.records, group.valueKRW, group.valueUSD), expected,
        "group \(group.yearAuthorised) \(group.providerType)")
    }
    #expect(computation.categories.count == reference.categories.count)
    for category in computation.categories {
      let expected = reference.categories["\(category.year) \(category.category.lowercased())"]
      expectMatch(
        (category.records, category.valueKRW, category.valueUSD), expected ?? .init(),
        "category \(category.year) \(category.category)")
    }
    for type in computation.providerTypes where type.delivered > 0 {
      let expected = reference.types["\(type.year) \(type.providerType)"] ?? .init()
      expectMatch(
        (type.delivered, type.valueKRW, type.valueUSD), expected,
        "type \(type.year) \(type.providerType)")
    }
    expectMatch(
      (
        computation.window.delivered, computation.window.deliveredValue.krw,
        computation.window.deliveredValue.usd
      ), reference.window, "window")
    #expect(computation.warnings == reference.warnings)
  }

  @Test func pendingByYearMatchesTheYearByYearComputation() throws {
    let records = Self.ledger(seed: 1, count: 3000, currencies: ["KRW", "USD", "EUR"])
    // Records pending across many years, in all three currencies.
    #expect(
      records.filter {
        $0.status != .delivered && $0.status != .cancelled && $0.authorised.year <= 2012
      }
      .count > 100)
    try Self.compare(records: records, rates: Self.rates(), period: "2019-08")
    try Self.compare(records: records, rates: Self.rates(), period: "2020-12")
    // Fall-backs: months without a rate use the latest earlier one, and say so.
    let gaps: Set<String> = ["USD 2013-04", "USD 2013-05", "EUR 2016-02", "EUR 2018-12"]
    try Self.compare(records: records, rates: Self.rates(gaps: gaps), period: "2019-08")
  }

  @Test func missingRatesMakeTheSameAggregatesUnavailableForTheSameReason() throws {
    let records = Self.ledger(seed: 7, count: 1500, currencies: ["KRW", "USD", "EUR", "JPY"])
    // No EUR rate before 2014, no rate at all for JPY: every aggregate with such a record is
    // not computable, for the reason of its first such record in the ledger.
    try Self.compare(records: records, rates: Self.rates(euroFrom: "2014-01"), period: "2018-06")
    // No USD rate before 2013: KRW and EUR values have no dollar figure then.
    let noEarlyDollar = Self.rates().filter {
      $0.currency != "USD" || $0.month >= Fixtures.month("2013-01")
    }
    try Self.compare(records: records, rates: noEarlyDollar, period: "2018-06")
  }

  @Test func theFirstRecordInLedgerOrderGivesTheReason() throws {
    let rates = Self.rates(euroFrom: "2016-01")
    let records = [
      AidRecord(
        id: "A", authorised: Fixtures.day("2015-03-02"), provider: "P", providerType: .civic,
        category: "Food", amount: 10, currency: "EUR", status: .onHold, line: 2),
      AidRecord(
        id: "B", authorised: Fixtures.day("2014-07-02"), provider: "P", providerType: .civic,
        category: "Food", amount: 10, currency: "EUR", status: .onHold, line: 3),
      AidRecord(
        id: "C", authorised: Fixtures.day("2016-07-02"), provider: "P", providerType: .civic,
        category: "Food", amount: 10, currency: "EUR", status: .onHold, line: 4),
    ]
    let computation = aggregate(
      records, rates: ExchangeRates(rates),
      calendar: ReportCalendar(period: Fixtures.month("2016-12")))
    let reason = UnavailableReason.noExchangeRate(currency: "EUR", month: Fixtures.month("2015-03"))
    #expect(computation.pendingAtPeriod.count == 3)
    #expect(computation.pendingAtPeriod.value.krw == .unavailable(reason: reason))
    #expect(computation.pendingAtPeriod.value.usd == .unavailable(reason: reason))
    let byYear = Dictionary(uniqueKeysWithValues: computation.years.map { ($0.year, $0) })
    // At the end of 2014 only B (authorised 2014-07) was pending.
    #expect(byYear[2014]?.pending == 1)
    #expect(
      byYear[2014]?.pendingValueKRW
        == .unavailable(reason: .noExchangeRate(currency: "EUR", month: Fixtures.month("2014-07"))))
    #expect(byYear[2015]?.pendingValueKRW == .unavailable(reason: reason))
    #expect(
      computation.warnings == [
        .exchangeRateMissing(
          currency: "EUR",
          months: [YearMonth(year: 2014, month: 7)!, YearMonth(year: 2015, month: 3)!])
      ])
  }

  @Test func dollarAmountsStayExactDollars() throws {
    // No USD rate at all: dollar amounts are still known in dollars (not in won).
    let amounts: [Decimal] = [
      Decimal(string: "1234567.89")!, Decimal(string: "0.01")!, Decimal(string: "99999999.99")!,
      Decimal(string: "8000000")!,
    ]
    let records = amounts.enumerated().map { index, amount in
      AidRecord(
        id: "U\(index)", authorised: Day(year: 2015 + index, month: 3, day: 1)!,
        provider: "WFP", providerType: .international, category: "Food", amount: amount,
        currency: "USD", status: index == 0 ? .delivered : .authorised,
        delivered: index == 0 ? Fixtures.day("2018-02-01") : nil, line: index + 2)
    }
    let computation = aggregate(
      records, rates: ExchangeRates([]), calendar: ReportCalendar(period: Fixtures.month("2018-12"))
    )
    #expect(computation.pendingAtPeriod.count == 3)
    #expect(computation.pendingAtPeriod.value.usd == .known(amounts[1] + amounts[2] + amounts[3]))
    #expect(computation.pendingAtPeriod.value.krw.value == nil)
    let byYear = Dictionary(uniqueKeysWithValues: computation.years.map { ($0.year, $0) })
    #expect(byYear[2017]?.pendingValueUSD == .known(amounts[0] + amounts[1] + amounts[2]))
    #expect(byYear[2018]?.valueUSD == .known(amounts[0]))
    #expect(computation.window.deliveredValue.usd == .known(amounts[0]))

    // With rates, a dollar amount's dollars are still the amount itself, added exactly to
    // the dollars of won amounts.
    let rated = aggregate(
      records, rates: ExchangeRates(Self.rates()),
      calendar: ReportCalendar(period: Fixtures.month("2018-12")))
    #expect(rated.pendingAtPeriod.value.usd == .known(amounts[1] + amounts[2] + amounts[3]))
  }

  @Test func exactSumsMatchFoundationAndKeepEveryDigit() {
    var random = Sequence(state: 42)
    var sum = ExactDecimalSum()
    var expected = Decimal.zero
    for _ in 0..<2000 {
      let value =
        Decimal(
          sign: random.next(4) == 0 ? .minus : .plus, exponent: -random.next(6),
          significand: Decimal(random.next(1_000_000_000)))
      sum.add(value)
      expected += value
    }
    #expect(sum.value == expected)
    // Terms past 128 bits are summed apart, still exactly when Foundation's sum is.
    var wide = ExactDecimalSum()
    let big = Decimal(string: "99999999999999999999999999999999999999")!
    wide.add(big)
    wide.add(Decimal(string: "0.5")!)
    wide.add(big)
    #expect(wide.value == big + Decimal(string: "0.5")! + big)
    var merged = ExactDecimalSum()
    merged.add(sum)
    merged.add(Decimal(string: "-1.25")!)
    #expect(merged.value == expected - Decimal(string: "1.25")!)
    #expect(ExactDecimalSum().value == 0)
  }
}

/// Every record through the aggregator, in order, as the ledger's one pass does.
func aggregate(_ records: [AidRecord], rates: ExchangeRates, calendar: ReportCalendar)
  -> AidFigures
{
  var aggregator = AidAggregator(rates: rates, calendar: calendar)
  for record in records { _ = aggregator.add(record) }
  return aggregator.finish()
}
