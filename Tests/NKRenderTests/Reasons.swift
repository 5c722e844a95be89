import NKPeriods
import NKSummary

/// The fixtures' reasons for figures that are not computable, typed as the summary gives
/// them; the tests expect their words from `UnavailableReason.message`.
enum Reasons {
  static func month(_ text: String) -> YearMonth { YearMonth.parse(text)! }
  static func day(_ text: String) -> Day { Day.parse(text)! }
  static func months(_ first: String, _ last: String) -> Period {
    .months(month(first), month(last))
  }
  static func noRate(_ currency: String, _ month: String) -> UnavailableReason {
    .noExchangeRate(currency: currency, month: Self.month(month))
  }

  static let multiYear = UnavailableReason.spansSeveralYears(label: "..1998")
  static let noDeparturesBefore1999 = UnavailableReason.noRowCovers(
    file: "departures.csv", months: Period(form: .monthsUpTo, first: nil, last: month("1998-12")))
  static let partial2002 = UnavailableReason.noRowCovers(
    file: "arrivals.csv", months: months("2002-07", "2002-12"))
  static let noUSDRate = noRate("USD", "2018-11")
  static let noWindowRows = UnavailableReason.noRowCovers(
    file: "arrivals.csv", months: months("2017-01", "2017-11"))
  /// The split by sex of January–November 2018: the row that gives it runs on past the window
  /// (long enough to wrap over three lines of the annual table's notes, with the row's other
  /// reason).
  static let noSplit = UnavailableReason.rowCutsThrough(
    file: "arrivals.csv", line: 40, period: months("2017-12", "2018-11"),
    window: months("2018-01", "2018-11"))
  static let departuresNotPublished = UnavailableReason.noRowCovers(
    file: "departures.csv", months: months("2018-01", "2018-11"))
  static let arrivalsNotKnown = UnavailableReason.noRowCovers(
    file: "arrivals.csv", months: months("2018-11", "2018-11"))
  /// Long enough to wrap over several lines of a note column.
  static let long = UnavailableReason.fromCheckpoint(
    date: Day.parse("2017-12-31")!,
    reason: .reasonsFromOpenStartEndApart(
      file: "departures.csv",
      reasons: [
        .init(name: "death", start: .openStartRow(period: months("1998-01", "2016-12"), line: 2)),
        .init(name: "return", start: .onlyFrom(month("2015-01"))),
      ]))
}
