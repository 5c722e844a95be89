import Foundation
import NKPeriods
import NKSummary

/// A hand-made report model with the seed article's figures for P = 2018-11.
enum WorkbookFixture {
  static func period(_ text: String) -> Period {
    switch Period.parse(text) {
    case .success(let period): return period
    case .failure(let error): preconditionFailure("bad fixture period \(text): \(error)")
    }
  }

  static func month(_ text: String) -> YearMonth { YearMonth.parse(text)! }
  static func day(_ text: String) -> Day { Day.parse(text)! }
  static func money(_ text: String) -> Decimal { Decimal(string: text)! }

  static let noSplit = Reasons.noSplit

  static let headline = {
    var headline = headlineWithoutPreviousSplit
    // The comparison window's split by sex (its men and women show beside this period's).
    headline.maleYTDPrevious = .known(188)
    headline.femaleYTDPrevious = .known(857)
    return headline
  }()

  static let headlineWithoutPreviousSplit = Headline(
    arrivalsYTD: .known(1042), arrivalsYTDPrevious: .known(1045), arrivalsChange: .known(-3),
    arrivalsChangeFraction: .known(-0.0029), maleYTD: .unavailable(reason: noSplit),
    femaleYTD: .unavailable(reason: noSplit), residents: .known(32381), aidAuthorised: .known(14),
    aidDelivered: .known(9), aidDeliveredValueKRW: .known(money("4700000000")),
    aidDeliveredValueUSD: .known(money("4187123.45")), aidDeliveredProviders: .known(6),
    aidDeliveredProviderTypes: ["civic"],
    aidDeliveredCategories: ["tuberculosis drugs", "milk powder", "flour"], aidPending: .known(2),
    aidPendingValueKRW: .known(money("9063200000")), aidPendingValueUSD: .known(8_000_000),
    aidPendingGroups: [
      PendingAidGroup(
        providerType: "international", yearAuthorised: 2017, records: 2, statuses: ["on_hold"],
        valueKRW: .known(money("9063200000")), valueUSD: .known(8_000_000),
        providers: ["WFP", "UNICEF"])
    ])

  static let annual: [AnnualArrivals] = [
    AnnualArrivals(
      label: "..1998", firstYear: nil, lastYear: 1998, span: period("..1998"), male: .known(831),
      female: .known(116), total: .known(947), femaleShare: .known(116.0 / 947),
      change: .unavailable(reason: Reasons.multiYear),
      changeFraction: .unavailable(reason: Reasons.multiYear), cumulativeArrivals: .known(947),
      departures: .unavailable(reason: Reasons.noDeparturesBefore1999),
      residents: .unavailable(reason: Reasons.noDeparturesBefore1999), isComplete: true),
    AnnualArrivals(
      label: "2016", firstYear: 2016, lastYear: 2016, span: period("2016"), male: .known(302),
      female: .known(1116), total: .known(1418), femaleShare: .known(1116.0 / 1418),
      change: .known(143), changeFraction: .known(143.0 / 1275), cumulativeArrivals: .known(30208),
      departures: .known(40), residents: .known(29982), isComplete: true),
    AnnualArrivals(
      label: "2017", firstYear: 2017, lastYear: 2017, span: period("2017"), male: .known(188),
      female: .known(939), total: .known(1127), femaleShare: .known(939.0 / 1127),
      change: .known(-291), changeFraction: .known(-291.0 / 1418),
      cumulativeArrivals: .known(31335), departures: .known(30), residents: .known(31079),
      isComplete: true),
    AnnualArrivals(
      label: "2018", firstYear: 2018, lastYear: 2018, span: period("2018-01..2018-11"),
      male: .unavailable(reason: noSplit), female: .unavailable(reason: noSplit),
      total: .known(1042), femaleShare: .unavailable(reason: noSplit), change: .known(-3),
      changeFraction: .known(-0.0029), cumulativeArrivals: .known(32377),
      departures: .known(-4), residents: .known(32381), isComplete: false),
  ]

  static let detail: [ArrivalsDetailRow] = [
    ArrivalsDetailRow(
      period: period("2017-01..2017-11"), firstMonth: month("2017-01"),
      lastMonth: month("2017-11"), male: nil, female: nil, total: 1045, note: "",
      ytdTotal: .known(1045), residents: .known(30997)),
    ArrivalsDetailRow(
      period: period("2017-12"), firstMonth: month("2017-12"), lastMonth: month("2017-12"),
      male: 15, female: 67, total: 82, note: "MOU monthly release",
      ytdTotal: .known(1127), residents: .known(31079)),
    ArrivalsDetailRow(
      period: period("2018-01..2018-11"), firstMonth: month("2018-01"),
      lastMonth: month("2018-11"), male: nil, female: nil, total: 1042,
      note: "=cmd|' /C calc'!A0", ytdTotal: .known(1042),
      residents: .unavailable(reason: Reasons.departuresNotPublished)),
  ]

  static let aid = AidSummary(
    byYear: [
      AidYear(
        year: 2017, authorised: 5, delivered: 3, providers: 3,
        valueKRW: .known(money("1234500000")), valueUSD: .known(money("1091234.5")), pending: 2,
        pendingValueKRW: .known(money("9063200000")), pendingValueUSD: .known(8_000_000)),
      AidYear(
        year: 2018, authorised: 14, delivered: 9, providers: 6,
        valueKRW: .known(money("4700000000")), valueUSD: .known(money("4187123.45")), pending: 2,
        pendingValueKRW: .known(money("9063200000")),
        pendingValueUSD: .unavailable(reason: Reasons.noRate("USD", "2018-12"))),
    ],
    byCategory: [
      AidCategoryYear(
        year: 2018, category: "tuberculosis drugs", records: 4,
        valueKRW: .known(money("2500000000")), valueUSD: .known(money("2227000"))),
      AidCategoryYear(
        year: 2018, category: "milk powder", records: 3, valueKRW: .known(money("1400000000")),
        valueUSD: .known(money("1247000"))),
      AidCategoryYear(
        year: 2018, category: "flour", records: 2, valueKRW: .known(money("800000000")),
        valueUSD: .known(money("713123.45"))),
    ],
    byProviderType: [
      AidProviderTypeYear(
        year: 2017, providerType: "international", authorised: 2, delivered: 0,
        valueKRW: .known(0), valueUSD: .known(0)),
      AidProviderTypeYear(
        year: 2018, providerType: "civic", authorised: 14, delivered: 9,
        valueKRW: .known(money("4700000000")), valueUSD: .known(money("4187123.45"))),
    ])

  static let checks: [Check] = [
    Check(
      name: "residents 2018-11", expected: .known(32381), computed: .known(32381),
      difference: .known(0), status: .ok,
      detail: .residentsCheckpoint(date: day("2018-11-30"), published: 32381, source: "MOU")),
    Check(
      name: "residents 2017-12", expected: .known(31093), computed: .known(31079),
      difference: .known(-14), status: .mismatch,
      detail: .residentsCheckpoint(date: day("2017-12-31"), published: 31093, source: "MOU")),
    Check(
      name: "aid value 2018", expected: .known(money("4700000000.5")),
      computed: .unavailable(reason: Reasons.noRate("CNY", "2018-05")),
      difference: .unavailable(reason: Reasons.noRate("CNY", "2018-05")), status: .notComputable,
      detail: .deliveredAidByCategoryAndYear),
  ]

  static let warnings: [ReportWarning] = [
    .notComputable(
      .arrivals(.months(YearMonth(year: 2018, month: 1)!, YearMonth(year: 2018, month: 11)!)),
      reason: .noRowCovers(file: "arrivals.csv", months: Reasons.months("2018-03", "2018-03"))),
    .rejectedRows(rows: 2, problems: 2),
    .checkFailed(checks[1]),
  ]

  static let sources: [SourceFile] = [
    SourceFile(
      name: "arrivals.csv", path: "Inputs/arrivals.csv", isPresent: true, bytes: 1234,
      sha256: String(repeating: "ab", count: 32), rowsRead: 33, rowsAccepted: 31,
      rowsRejected: 2),
    SourceFile(
      name: "departures.csv", path: "Inputs/departures.csv", isPresent: false, bytes: 0,
      sha256: "", rowsRead: 0, rowsAccepted: 0, rowsRejected: 0),
    SourceFile(
      name: "aid.csv", path: "Inputs/aid.csv", isPresent: true, bytes: 2345,
      sha256: String(repeating: "cd", count: 32), rowsRead: 5, rowsAccepted: 5, rowsRejected: 0),
  ]

  static let rejects: [RejectedRow] = [
    RejectedRow(
      file: "arrivals.csv", line: 7, column: "total", value: "1,042",
      reason: "counts are plain integers without thousands separators"),
    RejectedRow(
      file: "arrivals.csv", line: 9, column: "male", value: "=1+1",
      reason: "not a non-negative integer"),
  ]

  static let hyperlinkProvider = "=HYPERLINK(\"http://x\",\"y\")"

  static let records: [AidRecordRow] = [
    AidRecordRow(
      id: "A-001", authorised: day("2018-02-05"), provider: hyperlinkProvider,
      providerType: "civic", category: "tuberculosis drugs", description: "+drugs for 3 provinces",
      amount: money("1500000000"), currency: "KRW", status: "delivered",
      delivered: day("2018-03-20"), valueKRW: .known(money("1500000000")),
      valueUSD: .known(money("1390561.85")), line: 2),
    AidRecordRow(
      id: "A-002", authorised: day("2017-09-21"), provider: "WFP",
      providerType: "international", category: "nutrition", description: "",
      amount: 4_500_000, currency: "USD", status: "on_hold", delivered: nil,
      valueKRW: .known(money("5092200000")), valueUSD: .known(4_500_000), line: 3),
    AidRecordRow(
      id: "A-003", authorised: day("2017-09-21"), provider: "UNICEF",
      providerType: "international", category: "vaccines", description: "@SUM(1)",
      amount: 3_500_000, currency: "USD", status: "on_hold", delivered: nil,
      valueKRW: .known(money("3971000000")), valueUSD: .known(3_500_000), line: 4),
    AidRecordRow(
      id: "A-004", authorised: day("2018-05-02"), provider: "Okedongmu Children",
      providerType: "civic", category: "Milk powder", description: "milk powder",
      amount: money("250000.75"), currency: "CNY", status: "delivered",
      delivered: day("2018-06-11"),
      valueKRW: .unavailable(reason: Reasons.noRate("CNY", "2018-06")),
      valueUSD: .unavailable(reason: Reasons.noRate("CNY", "2018-06")), line: 5),
    AidRecordRow(
      id: "A-005", authorised: day("2018-07-15"), provider: "Join Together Society",
      providerType: "civic", category: "flour", description: "flour, 200 t",
      amount: 800_000_000, currency: "KRW", status: "delivered", delivered: day("2018-08-01"),
      valueKRW: .known(800_000_000), valueUSD: .known(money("714012.34")), line: 6),
  ]

  /// The model; `recordCount` is the number of aid records written with it.
  static func model(
    warnings: [ReportWarning] = warnings, rejects: [RejectedRow] = rejects,
    recordCount: Int = records.count
  ) -> ReportModel {
    ReportModel(
      period: month("2018-11"), window: period("2018-01..2018-11"),
      previousWindow: period("2017-01..2017-11"), dataThrough: month("2025-12"),
      headline: headline, arrivalsByYear: annual, arrivalsDetail: detail, aid: aid,
      checks: checks, warnings: warnings, sources: sources, rejects: rejects,
      aidRecordCount: recordCount)
  }

  /// A thread-safe counter.
  final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
  }
}

extension WorkbookFixture {
  /// The fixture with the full annual table (MOU figures), for looking at the pages.
  static func previewModel() -> ReportModel {
    let figures: [(String, Int, Int)] = [
      ("..1998", 831, 116), ("1999..2001", 565, 478), ("2002", 510, 632), ("2003", 474, 811),
      ("2004", 626, 1272), ("2005", 424, 960), ("2006", 515, 1513), ("2007", 573, 1981),
      ("2008", 608, 2195), ("2009", 662, 2252), ("2010", 591, 1811), ("2011", 795, 1911),
      ("2012", 404, 1098), ("2013", 369, 1145), ("2014", 305, 1092), ("2015", 251, 1024),
      ("2016", 302, 1116), ("2017", 188, 939),
    ]
    var rows: [AnnualArrivals] = []
    var cumulative = 0
    var previous: Int?
    for (label, male, female) in figures {
      let span = period(label)
      let total = male + female
      cumulative += total
      let multiYear = span.first == nil || span.first!.year != span.last.year
      let change: Figure<Int> =
        multiYear || previous == nil
        ? .unavailable(reason: Reasons.multiYear) : .known(total - previous!)
      rows.append(
        AnnualArrivals(
          label: label, firstYear: span.first?.year, lastYear: span.last.year, span: span,
          male: .known(male), female: .known(female), total: .known(total),
          femaleShare: .known(Double(female) / Double(total)), change: change,
          changeFraction: change.map { Double($0) / Double(previous ?? 1) },
          cumulativeArrivals: .known(cumulative),
          departures: span.first == nil
            ? .unavailable(reason: Reasons.noDeparturesBefore1999) : .known(total / 40),
          residents: .known(cumulative - cumulative / 45), isComplete: true))
      previous = multiYear ? nil : total
    }
    var model = self.model()
    model.arrivalsByYear = rows + [annual[3]]
    return model
  }
}
