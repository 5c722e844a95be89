import Foundation
import NKInputs
import NKPeriods
import NKSummary

/// A hand-made report model with the seed article's figures for P = 2018-11.
enum Fixture {
  static func month(_ text: String) -> YearMonth { YearMonth.parse(text)! }
  static func period(_ text: String) -> Period { try! Period.parse(text).get() }
  static func day(_ text: String) -> Day { Day.parse(text)! }
  static func money(_ text: String) -> Figure<Decimal> { .known(Decimal(string: text)!) }

  static let hyperlinkProvider = #"=HYPERLINK("http://x","y")"#
  static let multilineDescription = "Flour, 500 \"bags\"\nsecond line"

  static let headline = Headline(
    arrivalsYTD: .known(1042), arrivalsYTDPrevious: .known(1045), arrivalsChange: .known(-3),
    arrivalsChangeFraction: .known(-3.0 / 1045.0), maleYTD: .known(199), femaleYTD: .known(843),
    residents: .known(32381), aidAuthorised: .known(14), aidDelivered: .known(14),
    aidDeliveredValueKRW: money("4700000000"), aidDeliveredValueUSD: money("4179635.39"),
    aidDeliveredProviders: .known(6), aidDeliveredProviderTypes: ["civic"],
    aidDeliveredCategories: ["tuberculosis drugs", "milk powder", "flour"], aidPending: .known(2),
    aidPendingValueKRW: money("9040000000"), aidPendingValueUSD: money("8000000"),
    aidPendingGroups: [
      PendingAidGroup(
        providerType: "international", yearAuthorised: 2017, records: 2, statuses: ["delivered"],
        valueKRW: money("9040000000"), valueUSD: money("8000000"), providers: ["UNICEF", "WFP"])
    ])

  static let annual: [AnnualArrivals] = [
    AnnualArrivals(
      label: "..1998", firstYear: nil, lastYear: 1998, span: period("..1998"), male: .known(831),
      female: .known(116), total: .known(947), femaleShare: .known(116.0 / 947.0),
      change: .unavailable(reason: Reasons.multiYear),
      changeFraction: .unavailable(reason: Reasons.multiYear), cumulativeArrivals: .known(947),
      departures: .unavailable(reason: Reasons.noDeparturesBefore1999),
      residents: .unavailable(reason: Reasons.noDeparturesBefore1999), isComplete: true),
    AnnualArrivals(
      label: "1999..2001", firstYear: 1999, lastYear: 2001, span: period("1999..2001"),
      male: .known(565), female: .known(478), total: .known(1043),
      femaleShare: .known(478.0 / 1043.0),
      change: .unavailable(reason: Reasons.multiYear),
      changeFraction: .unavailable(reason: Reasons.multiYear), cumulativeArrivals: .known(1990),
      departures: .known(0), residents: .known(1990), isComplete: true),
    AnnualArrivals(
      label: "2002", firstYear: 2002, lastYear: 2002, span: period("2002"),
      male: .unavailable(reason: Reasons.partial2002),
      female: .unavailable(reason: Reasons.partial2002),
      total: .unavailable(reason: Reasons.partial2002),
      femaleShare: .unavailable(reason: Reasons.partial2002),
      change: .unavailable(reason: Reasons.partial2002),
      changeFraction: .unavailable(reason: Reasons.partial2002),
      cumulativeArrivals: .unavailable(reason: Reasons.partial2002),
      departures: .known(0),
      residents: .unavailable(reason: Reasons.partial2002),
      isComplete: false),
    AnnualArrivals(
      label: "2017", firstYear: 2017, lastYear: 2017, span: period("2017"), male: .known(188),
      female: .known(939), total: .known(1127), femaleShare: .known(939.0 / 1127.0),
      change: .known(-291), changeFraction: .known(-291.0 / 1418.0),
      cumulativeArrivals: .known(31530), departures: .known(150), residents: .known(31339),
      isComplete: true),
    AnnualArrivals(
      label: "2018", firstYear: 2018, lastYear: 2018, span: period("2018-01..2018-11"),
      male: .known(199), female: .known(843), total: .known(1042),
      femaleShare: .known(843.0 / 1042.0),
      change: .known(-3), changeFraction: .known(-3.0 / 1045.0), cumulativeArrivals: .known(32572),
      departures: .known(191), residents: .known(32381), isComplete: false),
  ]

  static let detail: [ArrivalsDetailRow] = [
    ArrivalsDetailRow(
      period: period("2017-01..2017-06"), firstMonth: month("2017-01"), lastMonth: month("2017-06"),
      male: 90, female: 503, total: 593, note: "MOU half-year bulletin", ytdTotal: .known(593),
      residents: .known(30805)),
    ArrivalsDetailRow(
      period: period("2017-07..2017-11"), firstMonth: month("2017-07"), lastMonth: month("2017-11"),
      male: nil, female: nil, total: 452, note: "", ytdTotal: .known(1045),
      residents: .unavailable(
        reason: .noRowCovers(file: "departures.csv", months: Reasons.months("2017-11", "2017-11")))),
    ArrivalsDetailRow(
      period: period("2017-12"), firstMonth: month("2017-12"), lastMonth: month("2017-12"),
      male: 10,
      female: 72, total: 82, note: "", ytdTotal: .known(1127), residents: .known(31339)),
    ArrivalsDetailRow(
      period: period("2018-01..2018-11"), firstMonth: month("2018-01"), lastMonth: month("2018-11"),
      male: 199, female: 843, total: 1042, note: "", ytdTotal: .known(1042),
      residents: .known(32381)),
  ]

  static let aid = AidSummary(
    byYear: [
      AidYear(
        year: 2017, authorised: 20, delivered: 10, providers: 5, valueKRW: money("2850000000.5"),
        valueUSD: money("2519000.125"), pending: 2, pendingValueKRW: money("9040000000"),
        pendingValueUSD: money("8000000")),
      AidYear(
        year: 2018, authorised: 14, delivered: 14, providers: 6, valueKRW: money("4700000000"),
        valueUSD: money("4179635.39"), pending: 2, pendingValueKRW: money("9040000000"),
        pendingValueUSD: .unavailable(reason: Reasons.noUSDRate)),
    ],
    byCategory: [
      AidCategoryYear(
        year: 2018, category: "tuberculosis drugs", records: 6, valueKRW: money("2500000000"),
        valueUSD: money("2223000")),
      AidCategoryYear(
        year: 2018, category: "milk powder, infant", records: 5, valueKRW: money("1300000000"),
        valueUSD: money("1156000")),
      AidCategoryYear(
        year: 2018, category: "@flour", records: 3, valueKRW: money("900000000"),
        valueUSD: money("800635.39")),
    ],
    byProviderType: [])

  static let records: [AidRecordRow] = [
    AidRecordRow(
      id: "2018-001", authorised: day("2018-02-12"), provider: hyperlinkProvider,
      providerType: "civic", category: "tuberculosis drugs", description: "-danger",
      amount: Decimal(string: "1250000000")!, currency: "KRW", status: "delivered",
      delivered: day("2018-03-20"), valueKRW: money("1250000000"), valueUSD: money("1165501.17"),
      line: 2),
    AidRecordRow(
      id: "2018-002", authorised: day("2018-04-02"), provider: "Eugene Bell Foundation",
      providerType: "civic", category: "flour", description: multilineDescription,
      amount: Decimal(string: "0.5")!, currency: "KRW", status: "delivered",
      delivered: day("2018-05-02"), valueKRW: money("0.5"),
      valueUSD: .unavailable(reason: Reasons.noUSDRate),
      line: 3),
    AidRecordRow(
      id: "2017-031", authorised: day("2017-09-21"), provider: "WFP", providerType: "international",
      category: "nutrition", description: "", amount: Decimal(string: "4500000")!, currency: "USD",
      status: "delivered", delivered: day("2019-06-03"), valueKRW: money("5085000000"),
      valueUSD: money("4500000"), line: 4),
    AidRecordRow(
      id: "2017-032", authorised: day("2017-09-21"), provider: "UNICEF",
      providerType: "international",
      category: "vaccines", description: "+1 shipment", amount: Decimal(string: "3500000")!,
      currency: "USD", status: "on_hold", delivered: nil, valueKRW: money("3955000000"),
      valueUSD: money("3500000"), line: 5),
  ]

  static let checks: [Check] = [
    Check(
      name: "residents 2018-10-31 (MOU bulletin)", expected: money("32150"),
      computed: money("32147"),
      difference: money("-3"), status: .mismatch,
      detail: .residentsCheckpoint(
        date: Reasons.day("2018-10-31"), published: 32150, source: "MOU bulletin")),
    Check(
      name: "aid.csv rows", expected: money("4"), computed: money("4"), difference: money("0"),
      status: .ok, detail: .rowAccounting(file: "aid.csv", read: 4, accepted: 4, rejected: 0)),
    Check(
      name: "residents 2002-12-31", expected: money("2190"),
      computed: .unavailable(reason: Reasons.partial2002),
      difference: .unavailable(reason: Reasons.partial2002), status: .notComputable,
      detail: .residentsCheckpoint(date: Reasons.day("2002-12-31"), published: 2190, source: "MOU")),
  ]

  static let sources: [SourceFile] = [
    SourceFile(
      name: "arrivals.csv", path: "Inputs/arrivals.csv", isPresent: true, bytes: 1200, sha256: "ab",
      rowsRead: 40, rowsAccepted: 40, rowsRejected: 0),
    SourceFile(
      name: "departures.csv", path: "Inputs/departures.csv", isPresent: false, bytes: 0, sha256: "",
      rowsRead: 0, rowsAccepted: 0, rowsRejected: 0),
    SourceFile(
      name: "aid.csv", path: "Inputs/aid.csv", isPresent: true, bytes: 900, sha256: "cd",
      rowsRead: 5, rowsAccepted: 4, rowsRejected: 1),
  ]

  static let reject = RejectedRow(
    file: "aid.csv", line: 6, column: "amount", value: "=1+2",
    reason: "amount must be a decimal number with a . point")

  static func model(
    period p: String = "2018-11", headline: Headline = Fixture.headline,
    warnings: [ReportWarning] = [
      .inputs(InputWarning("Residents at 2018-10-31: computed 32,147, published 32,150."))
    ],
    rejects: [RejectedRow] = [], recordCount: Int = Fixture.records.count
  ) -> ReportModel {
    let p = month(p)
    return ReportModel(
      period: p, window: .months(.january(p.year)!, p),
      previousWindow: .months(.january(p.year - 1)!, p.adding(months: -12)!), dataThrough: p,
      headline: headline, arrivalsByYear: annual, arrivalsDetail: detail, aid: aid, checks: checks,
      warnings: warnings, sources: sources, rejects: rejects, aidRecordCount: recordCount)
  }
}

/// A fresh directory under the system's temporary folder.
func temporaryDirectory(_ name: String = #function) throws -> URL {
  let safe = name.filter { $0.isLetter || $0.isNumber }
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("NKRenderTests-\(safe)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func readText(_ directory: URL, _ name: String) throws -> String {
  String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
}

func lines(_ text: String) -> [String] {
  text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// Collapses runs of whitespace (including line breaks) into single spaces.
func flattened(_ text: String) -> String {
  text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
}
