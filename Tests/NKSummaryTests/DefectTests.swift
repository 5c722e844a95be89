import Foundation
import NKInputs
import NKPeriods
import Testing

@testable import NKSummary

/// Two defects of issue 17, each at the level of the model.
@Suite("Departures from the open start by reason; the comparison window's split by sex")
struct DefectTests {
  /// `..2016` for death (which stops there) and `..2014`, `2015..2017` for return: no month is
  /// reached by both from the open start. This trapped (SIGILL) on `Int.min - 1` in
  /// `knownThrough`.
  static var misalignedOpenStarts: Dataset {
    Dataset(
      arrivals: Fixtures.arrivals,
      departures: [
        DepartureRow(period: Fixtures.period("..2016"), count: 40, reason: .death, line: 2),
        DepartureRow(period: Fixtures.period("..2014"), count: 30, reason: .return, line: 3),
        DepartureRow(period: Fixtures.period("2015..2017"), count: 9, reason: .return, line: 4),
      ], files: [])
  }

  @Test func reasonsWhoseOpenStartRowsEndApartDoNotTrap() throws {
    let model = try summarise(Self.misalignedOpenStarts, period: Fixtures.month("2018-11"))
    #expect(model.headline.residents.value == nil)
    let incomplete = model.warnings.compactMap { warning -> (YearMonth?, UnavailableReason)? in
      guard case .departuresIncomplete(let through, let gap) = warning else { return nil }
      return (through, gap)
    }
    let (through, gap) = try #require(incomplete.first)
    #expect(through == nil)  // complete for no month
    #expect(
      gap
        == .reasonsFromOpenStartEndApart(
          file: "departures.csv",
          reasons: [
            .init(name: "death", start: .openStartRow(period: Fixtures.period("..2016"), line: 2)),
            .init(name: "return", start: .openStartRow(period: Fixtures.period("..2014"), line: 3)),
          ]))
  }

  @Test func reasonsFromTheOpenStartThatMeetAreKnownUpToWhereOneStops() throws {
    // Both reasons reach 2017-01 from the open start; only death goes on to 2018.
    var dataset = Self.misalignedOpenStarts
    dataset.departures = [
      DepartureRow(period: Fixtures.period("..2016"), count: 40, reason: .death, line: 2),
      DepartureRow(period: Fixtures.period("..2014"), count: 30, reason: .return, line: 3),
      DepartureRow(period: Fixtures.period("2015..2016"), count: 9, reason: .return, line: 4),
      DepartureRow(period: Fixtures.period("2017..2018"), count: 3, reason: .death, line: 5),
    ]
    let departures = PeopleFiguresPropertyTests.departureSeries(dataset)
    let known = try #require(departures.knownThrough)
    #expect(YearMonth(ordinal: known.month) == Fixtures.month("2016-12"))
    guard case .reasonRowsMissing("departures.csv", _, let missing)? = known.gap else {
      Issue.record("expected the return rows named, got \(String(describing: known.gap))")
      return
    }
    #expect(missing.map(\.name) == ["return"])
    #expect(departures.cumulative(through: Fixtures.month("2016-12").ordinal) == .known(79))
  }

  /// The sample gives 2024 as 26 men and 210 women: a December 2025 report compares 2025
  /// with 2024 and must carry both splits, not only the period's.
  @Test func theComparisonWindowKeepsItsSplitBySex() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2025-12"))
    #expect(model.headline.maleYTD == .known(26))
    #expect(model.headline.femaleYTD == .known(198))
    #expect(model.headline.arrivalsYTDPrevious == .known(236))
    #expect(model.headline.maleYTDPrevious == .known(26))
    #expect(model.headline.femaleYTDPrevious == .known(210))
  }

  @Test func aComparisonWindowWithoutASplitSaysWhy() throws {
    // 2017-01..2017-11 is given as a total only.
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2018-11"))
    #expect(model.headline.maleYTDPrevious.value == nil)
    guard
      case .noSplitBySex("arrivals.csv", _, let period)? =
        model.headline.maleYTDPrevious.unavailableReason
    else {
      Issue.record("\(model.headline.maleYTDPrevious)")
      return
    }
    #expect(period.description == "2017-01..2017-11")
  }
}
