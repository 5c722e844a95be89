import NKInputs
import NKPeriods
import NKSummary
import Testing

@testable import NKRender

/// The one wording of why a figure is not computable: every kind of reason, as the digest,
/// the workbook and the log show it (the sample report's golden files pin those it meets).
@Suite("Reasons in words")
struct ReasonWordsTests {
  static let month = Reasons.month
  static let months = Reasons.months

  static let cases: [(UnavailableReason, String)] = [
    (
      .rowCutsThrough(
        file: "arrivals.csv", line: 31, period: months("2017-01", "2017-11"),
        window: months("2017-01", "2017-06")),
      "arrivals.csv line 31 (2017-01..2017-11) cuts through January–June 2017"
    ),
    (
      .noRowCovers(file: "departures.csv", months: months("2019-01", "2019-12")),
      "no row of departures.csv covers 2019 (unknown, not zero)"
    ),
    (
      .noSplitBySex(file: "arrivals.csv", line: 7, period: months("2018-01", "2018-11")),
      "arrivals.csv line 7 (2018-01..2018-11) gives no split by sex"
    ),
    (
      .reasonsFromOpenStartEndApart(
        file: "departures.csv",
        reasons: [
          .init(
            name: "death",
            start: .openStartRow(
              period: Period(form: .yearsUpTo, first: nil, last: month("2016-12")), line: 2)),
          .init(name: "return", start: .onlyFrom(month("2015-01"))),
          .init(name: "other", start: .none),
        ]),
      "the rows of departures.csv by reason from the open start do not end at a common month"
        + " (death ..2016 (line 2), return only from 2015-01, other): departures from the start"
        + " are unknown"
    ),
    (
      .reasonRowsMissing(
        file: "departures.csv", month: months("2018-03", "2018-03"),
        reasons: [
          .init(name: "death", rowsEnd: month("2018-02")),
          .init(name: "return", rowsStart: month("2018-05")), .init(name: "other"),
        ]),
      "no death row of departures.csv covers March 2018 (the death rows end at 2018-02);"
        + " no return row of departures.csv covers March 2018 (the return rows start at"
        + " 2018-05); no other row of departures.csv covers March 2018"
    ),
    (
      .rowsDoNotTile(
        file: "departures.csv", window: months("2018-01", "2018-11"),
        from: months("2018-04", "2018-04")),
      "the rows of departures.csv do not cover January–November 2018 exactly from April 2018 on"
    ),
    (
      .noExchangeRate(currency: "EUR", month: month("2015-03")),
      "fx.csv has no EUR rate in or before 2015-03"
    ),
    (.noAidLedger, "no aid ledger (aid.csv) was supplied"),
    (.earlierFigureIsZero, "the earlier figure is 0"),
    (.noArrivals, "no arrivals"),
    (
      .spansSeveralYears(label: "1999..2001"),
      "1999..2001 spans several years: no like-for-like comparison"
    ),
    (
      .noAnchor(
        needed: .checkpoint, month: months("2022-06", "2022-06"), arrivalsStart: month("2022-12")),
      "arrivals.csv has no open-start row (..B) and checkpoints.csv no checkpoint on or before"
        + " June 2022, so the arrivals before 2022-12 are unknown"
    ),
    (
      .fromCheckpoint(
        date: Day.parse("2017-12-31")!,
        reason: .noAnchor(
          needed: .cumulativeTotal, month: months("2018-11", "2018-11"), arrivalsStart: nil)),
      "from the checkpoint of 2017-12-31: arrivals.csv has no open-start row (..B) and"
        + " checkpoints.csv no cumulative total on or before November 2018, so the arrivals"
        + " are unknown"
    ),
    (.notSummarised, "not summarised"),
  ]

  @Test(arguments: cases)
  func eachReasonHasItsWords(reason: UnavailableReason, words: String) {
    #expect(reason.message == words)
    #expect("\(reason)" == words)
  }

  @Test func aNotComputableWarningGivesTheReasonsWords() {
    let reason = UnavailableReason.noExchangeRate(currency: "USD", month: Reasons.month("2018-11"))
    let warning = ReportWarning.notComputable(
      .residentsAtEndOf(Reasons.month("2018-11")), reason: reason)
    #expect(
      warning.message
        == "Residents at the end of November 2018 are not computable: \(reason.message).")
  }

  @Test func checksAndAnchorsHaveTheirWords() {
    let day = Reasons.day("2017-12-31")
    let details: [(CheckDetail, String)] = [
      (
        .residentsCheckpoint(date: day, published: 31300, source: "MOU"),
        "residents at 2017-12-31: published 31300 (MOU) against arrivals − departures"
      ),
      (
        .cumulativeArrivalsCheckpoint(date: day, published: 31339, source: "MOU table"),
        "cumulative arrivals at 2017-12-31: published 31339 (MOU table) against the arrivals rows"
      ),
      (
        .residentsAgainstCumulativeArrivals(
          date: day, residents: 31300, residentsSource: "MOU", cumulative: 31339,
          cumulativeSource: "MOU table"),
        "residents at 2017-12-31: published 31300 (MOU) against the cumulative arrivals published"
          + " for the same date, 31339 (MOU table), less the departures up to then"
      ),
      (
        .rowAccounting(file: "aid.csv", read: 5, accepted: 4, rejected: 1),
        "aid.csv: 5 rows read, 4 accepted, 1 rejected"
      ),
      (
        .annualTotals(span: Reasons.months("2018-01", "2018-11")),
        "the annual table's totals add up to the arrivals rows covering 2018-01..2018-11"
      ),
      (
        .deliveredAidByCategoryAndYear,
        "delivered aid by category adds up to delivered aid by year (KRW)"
      ),
    ]
    for (detail, words) in details { #expect(detail.message == words) }
    let openStart = FigureAnchor.openStartRow(
      period: Period(form: .yearsUpTo, first: nil, last: Reasons.month("1998-12")), line: 2)
    #expect(openStart.message == "the open-start row ..1998 (arrivals.csv line 2)")
    let checkpoint = FigureAnchor.checkpoint(date: day, measure: .cumulativeArrivals, source: "MOU")
    #expect(checkpoint.message == "checkpoint 2017-12-31 (cumulative arrivals, MOU)")

    var headline = Fixture.headline
    headline.residentsAnchor = checkpoint
    headline.residentsCountNoDepartures = true
    headline.cumulativeArrivalsAnchor = nil
    #expect(
      headline.residentsBasis
        == "from checkpoint 2017-12-31 (cumulative arrivals, MOU); departures.csv is absent: no"
        + " departures counted (residents = cumulative arrivals)")
    #expect(headline.cumulativeArrivalsBasis == "")
  }
}
