import Foundation
import NKInputs
import NKPeriods
import Testing

@testable import NKSummary

@Suite("Annual table, detail rows and residents")
struct TablesTests {
  @Test func defaultPeriodIsTheLatestMonthTheArrivalsReach() throws {
    let model = try summarise(Fixtures.sample)
    #expect(model.period == Fixtures.month("2025-12"))
    #expect(model.headline.residents == .known(34_538))
  }

  @Test func yearRowKeepsItsSplitThoughItsPartYearRowsLackIt() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2018-12"))
    let row = try #require(model.arrivalsByYear.first { $0.label == "2018" })
    #expect(row.total == .known(1137))
    #expect(row.male == .known(168))
    #expect(row.female == .known(969))
    #expect(row.isComplete)
    #expect(row.residents == .known(32_476))
    #expect(row.change == .known(10))
    let share = try #require(row.femaleShare.value)
    #expect(abs(share - 969.0 / 1137.0) < 1e-12)
  }

  @Test func multiYearRowsStandAsTheyAreWithoutComparison() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2025-12"))
    #expect(Array(model.arrivalsByYear.prefix(3).map(\.label)) == ["..1998", "1999..2001", "2002"])
    let first = model.arrivalsByYear[0]
    #expect(first.firstYear == nil)
    #expect(first.lastYear == 1998)
    #expect(first.total == .known(947))
    #expect(first.change.value == nil)
    #expect(model.arrivalsByYear[1].cumulativeArrivals == .known(1990))
    // 2002 has no like-for-like year before it: 2001 sits inside 1999..2001.
    #expect(model.arrivalsByYear[2].change.value == nil)
    #expect(model.arrivalsByYear.last?.label == "2025")
    #expect(model.arrivalsByYear.count == 26)
  }

  @Test func theCurrentYearRunsToThePeriodAndIsIncomplete() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2018-11"))
    let row = try #require(model.arrivalsByYear.last)
    #expect(row.label == "2018")
    #expect(row.span.description == "2018-01..2018-11")
    #expect(row.total == .known(1042))
    #expect(row.change == .known(-3))
    #expect(!row.isComplete)
    #expect(row.residents == .known(32_381))
  }

  @Test func detailListsTheFinestRowsFromJanuaryOfLastYear() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2018-11"))
    #expect(
      model.arrivalsDetail.map(\.period.description) == [
        "2017-01..2017-11", "2017-12", "2018-01..2018-06",
      ])
    #expect(model.arrivalsDetail.map(\.ytdTotal) == [.known(1045), .known(1127), .known(488)])
    #expect(model.arrivalsDetail[1].residents == .known(31_339))
    // 488 arrivals of whom 430 women: the men are 58 (two of male, female, total give the third).
    #expect(model.arrivalsDetail[2].female == 430)
    #expect(model.arrivalsDetail[2].male == 58)
  }

  @Test func departuresReduceResidents() throws {
    var dataset = Fixtures.sample
    dataset.departures = [
      DepartureRow(period: Fixtures.period("2010..2017"), count: 120, line: 2),
      DepartureRow(period: Fixtures.period("2018"), count: 30, line: 3),
    ]
    let model = try summarise(dataset, period: Fixtures.month("2018-12"))
    #expect(model.headline.residents == .known(32_476 - 150))
    let row = try #require(model.arrivalsByYear.last)
    #expect(row.departures == .known(30))
    // Within the departures' data a month without a row is unknown: 2018-11 cuts the 2018 row.
    let atNovember = try summarise(dataset, period: Fixtures.month("2018-11"))
    #expect(atNovember.headline.residents.value == nil)
    // Before the departures data starts nothing had left.
    #expect(model.arrivalsByYear.first { $0.label == "2005" }?.departures == .known(0))
  }

  @Test func splitComesFromChildrenWhenTheParentLacksIt() throws {
    let dataset = Dataset(arrivals: [
      ArrivalRow(period: Fixtures.period("2020"), male: nil, female: nil, total: 30, line: 2),
      ArrivalRow(
        period: Fixtures.period("2020-01..2020-06"), male: 5, female: 10, total: 15, line: 3),
      ArrivalRow(
        period: Fixtures.period("2020-07..2020-12"), male: 6, female: 9, total: 15, line: 4),
    ])
    let model = try summarise(dataset, period: Fixtures.month("2020-12"))
    #expect(model.headline.maleYTD == .known(11))
    #expect(model.headline.femaleYTD == .known(19))
    #expect(model.headline.arrivalsYTD == .known(30))
  }

  @Test func checkpointsReconcileWithComputedResidents() throws {
    var dataset = Fixtures.sample
    dataset.checkpoints = [
      Checkpoint(date: Fixtures.day("2016-12-31"), residents: 30_212, source: "MOU", line: 2),
      Checkpoint(date: Fixtures.day("2018-11-30"), residents: 32_381, source: "MOU", line: 3),
      Checkpoint(date: Fixtures.day("2017-12-31"), residents: 31_300, source: "MOU", line: 4),
    ]
    let model = try summarise(dataset, period: Fixtures.month("2018-11"))
    let residentChecks = model.checks.filter { $0.name.hasPrefix("residents") }
    #expect(residentChecks.map(\.status) == [.ok, .mismatch, .ok])
    #expect(residentChecks[1].difference == .known(39))
    #expect(model.warnings.contains { $0.kind == .checkMismatch })
  }

  @Test func atOneDateTheResidentCountNotTheCumulativeTotalAnchorsResidents() throws {
    // Arrivals from 2015 (no open start); two totals published for November 2018 that
    // disagree; the cumulative total is on the later line.
    var dataset = Fixtures.sample
    dataset.arrivals = dataset.arrivals.filter { ($0.period.first?.year ?? 0) >= 2015 }
    dataset.checkpoints = [
      Checkpoint(date: Fixtures.day("2018-11-30"), residents: 32_000, source: "MOU", line: 2),
      Checkpoint(
        date: Fixtures.day("2018-11-30"), residents: 32_381, source: "MOU table",
        measure: .cumulativeArrivals, line: 3),
    ]
    let model = try summarise(dataset, period: Fixtures.month("2018-12"))
    #expect(model.headline.residents == .known(32_000 + 95))
    #expect(model.headline.residentsPublishedTotal?.isResidents == true)
    #expect(
      model.headline.residentsAnchor
        == .checkpoint(date: Fixtures.day("2018-11-30"), measure: .residents, source: "MOU"))
  }

  @Test func aResidentCountAndACumulativeTotalOfOneDateAreCheckedAgainstEachOther() throws {
    var dataset = Fixtures.sample
    dataset.arrivals = dataset.arrivals.filter { ($0.period.first?.year ?? 0) >= 2015 }
    dataset.departures = [
      DepartureRow(period: Fixtures.period("2015..2018"), count: 300, reason: nil, line: 2)
    ]
    func check(residents: Int, total: Int) throws -> Check? {
      dataset.checkpoints = [
        Checkpoint(date: Fixtures.day("2018-12-31"), residents: residents, source: "MOU", line: 2),
        Checkpoint(
          date: Fixtures.day("2018-12-31"), residents: total, source: "MOU table",
          measure: .cumulativeArrivals, line: 3),
      ]
      let model = try summarise(dataset, period: Fixtures.month("2018-12"))
      return model.checks.first {
        $0.name == "residents 2018-12-31 against cumulative arrivals 2018-12-31"
      }
    }
    let agreeing = try #require(try check(residents: 32_176, total: 32_476))
    #expect(agreeing.status == .ok)
    let disagreeing = try #require(try check(residents: 32_000, total: 32_476))
    #expect(disagreeing.status == .mismatch)
    #expect(disagreeing.computed == .known(32_176))
    #expect(disagreeing.difference == .known(176))
  }

  @Test func aFailedCheckWarningSaysWhatWasComputedAndByHowMuchItDiffers() throws {
    var dataset = Fixtures.sample
    dataset.checkpoints = [
      Checkpoint(date: Fixtures.day("2017-12-31"), residents: 31_300, source: "MOU", line: 2)
    ]
    let model = try summarise(dataset, period: Fixtures.month("2018-11"))
    let warning = try #require(model.warnings.first { $0.kind == .checkMismatch })
    guard case .checkFailed(let check) = warning else {
      Issue.record("expected a failed check, got \(warning)")
      return
    }
    #expect(
      check.detail
        == .residentsCheckpoint(date: Fixtures.day("2017-12-31"), published: 31300, source: "MOU"))
    #expect(check.computed == .known(31339))
    guard case .openStartRow(let period, _)? = check.anchor else {
      Issue.record("expected the open-start row, got \(String(describing: check.anchor))")
      return
    }
    #expect(period.description == "..1998")
    #expect(check.difference == .known(39))
  }
}

@Suite("Aid over time")
struct AidTests {
  @Test func aPlanOnHoldIsPendingUntilTheMonthItIsDelivered() throws {
    for (period, pending) in [
      ("2017-08", 0), ("2017-09", 2), ("2018-11", 2), ("2019-05", 2), ("2019-06", 0),
    ] {
      let model = try summarise(Fixtures.sample, period: Fixtures.month(period))
      #expect(model.headline.aidPending.value == pending, "\(period)")
    }
  }

  @Test func cancelledAidIsNeverPending() throws {
    var records = Fixtures.aid
    records[1].status = .cancelled
    records[1].delivered = nil
    var dataset = Fixtures.sample
    dataset.aid = AidLedger(records: records)
    let model = try summarise(dataset, period: Fixtures.month("2018-11"))
    #expect(model.headline.aidPending.value == 1)
    #expect(model.headline.aidPendingValueUSD == .known(3_500_000))
  }

  @Test func aidByYearCountsDeliveriesByDeliveryYearAndPendingAtYearEnd() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2019-12"))
    let years = Dictionary(uniqueKeysWithValues: model.aid.byYear.map { ($0.year, $0) })
    #expect(years[2017]?.authorised == 3)
    #expect(years[2017]?.delivered == 1)
    #expect(years[2017]?.pending == 2)
    #expect(years[2018]?.delivered == 14)
    #expect(years[2018]?.providers == 6)
    #expect(years[2018]?.valueKRW == .known(4_700_000_000))
    #expect(years[2018]?.pending == 2)
    #expect(years[2019]?.delivered == 2)
    #expect(years[2019]?.pending == 0)
    #expect(years[2019]?.valueUSD == .known(8_000_000))
  }

  @Test func aMonthWithoutARateFallsBackAndTheReportSaysWhich() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2019-12"))
    let warning = try #require(model.warnings.first { $0.kind == .exchangeRateFallBack })
    #expect(
      warning
        == .exchangeRateFallBack(
          currency: "USD", months: [Fixtures.month("2019-06")],
          rateMonth: Fixtures.month("2018-12"),
          rate: "1122.42"))
  }

  @Test func categoriesSumToTheYearsDeliveredValue() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2018-12"))
    let categories2018 = model.aid.byCategory.filter { $0.year == 2018 }
    #expect(categories2018.count == 3)
    #expect(Figure.sum(categories2018.map(\.valueKRW)) == .known(4_700_000_000))
    #expect(model.checks.first { $0.name == "aid delivered value krw" }?.status == .ok)
  }

  @Test func recordsAreStreamedWithTheirValuesAsAtThePeriod() throws {
    let dataset = Fixtures.sample
    let plan = try ReportPlan(dataset: dataset, period: Fixtures.month("2018-11"))
    var aggregator = AidAggregator(plan: plan, rates: dataset.exchangeRates)
    var rows: [AidRecordRow] = []
    let reading = try dataset.aid.read { record in
      if let row = aggregator.add(record) { rows.append(row) }
    }
    let model = summarise(dataset.including(reading), plan: plan, aid: aggregator.finish())
    #expect(rows.count == model.aidRecordCount)
    var inScope: [Int] = []
    _ = try dataset.aid.read { record in
      if record.authorised <= Day.end(of: Fixtures.month("2018-11")) { inScope.append(record.line) }
    }
    #expect(rows.map(\.line) == inScope)
    let wfp = try #require(rows.first { $0.id == "2017-WFP" })
    #expect(wfp.valueUSD == .known(4_500_000))
    #expect(wfp.valueKRW == .known(Decimal(4_500_000) * Decimal(string: "1131.60")!))
  }
}

@Suite("The annual table never counts a month twice or after P")
struct AnnualTableEdgeTests {
  static func monthly(_ first: String, _ last: String, each: Int, startLine: Int) -> [ArrivalRow] {
    var rows: [ArrivalRow] = []
    var month = Fixtures.month(first)
    var line = startLine
    while month <= Fixtures.month(last) {
      rows.append(
        ArrivalRow(period: .month(month), male: nil, female: nil, total: each, line: line))
      line += 1
      guard let next = month.next else { break }
      month = next
    }
    return rows
  }

  @Test func aSpanAcrossAYearBoundaryIsNotARowOfItsOwn() throws {
    // 2019-07..2020-06 holds 10 a month (its months are given too); 3 a month elsewhere.
    var rows = [
      ArrivalRow(
        period: Fixtures.period("2019-07..2020-06"), male: nil, female: nil, total: 120, line: 2)
    ]
    rows += Self.monthly("2019-01", "2019-06", each: 3, startLine: 3)
    rows += Self.monthly("2019-07", "2020-06", each: 10, startLine: 20)
    rows += Self.monthly("2020-07", "2021-12", each: 3, startLine: 40)
    let model = try summarise(Dataset(arrivals: rows))
    #expect(model.arrivalsByYear.map(\.label) == ["2019", "2020", "2021"])
    #expect(model.arrivalsByYear.map(\.total) == [.known(78), .known(78), .known(36)])
    #expect(model.checks.first { $0.name == "arrivals annual total" }?.status == .ok)
  }

  @Test func aMultiYearRowEndingAfterPIsNotShownAsAtP() throws {
    let rows = [
      ArrivalRow(
        period: Fixtures.period("2010..2013"), male: nil, female: nil, total: 400, line: 2),
      ArrivalRow(period: Fixtures.period("2014..2021"), male: 50, female: 50, total: 100, line: 3),
    ]
    let model = try summarise(Dataset(arrivals: rows), period: Fixtures.month("2016-05"))
    #expect(model.arrivalsByYear.map(\.label) == ["2010..2013", "2014", "2015", "2016"])
    #expect(model.arrivalsByYear.dropFirst().allSatisfy { $0.total.value == nil })
    #expect(
      model.arrivalsByYear.allSatisfy { $0.span.lastOrdinal <= Fixtures.month("2016-05").ordinal })
  }

  @Test func residentsBeforeTheArrivalsDataStartAreUnknown() throws {
    let rows = Self.monthly("2022-12", "2023-12", each: 5, startLine: 2)
    let model = try summarise(Dataset(arrivals: rows), period: Fixtures.month("2022-06"))
    #expect(model.headline.residents.value == nil)
    guard case .noAnchor(_, _, let start)? = model.headline.residents.unavailableReason else {
      Issue.record("\(model.headline.residents)")
      return
    }
    #expect(start == Fixtures.month("2022-12"))
  }
}

@Suite("Aid edge cases found in review")
struct AidReviewTests {
  static func record(
    _ id: String, _ authorised: String, _ provider: String, amount: Decimal, currency: String,
    status: AidStatus, delivered: String? = nil, line: Int
  ) -> AidRecord {
    AidRecord(
      id: id, authorised: Fixtures.day(authorised), provider: provider, providerType: .civic,
      category: "Food", amount: amount, currency: currency, status: status,
      delivered: delivered.map(Fixtures.day), line: line)
  }

  static func dataset(_ records: [AidRecord], rates: [ExchangeRate]) -> Dataset {
    Dataset(
      arrivals: Fixtures.arrivals, aid: AidLedger(records: records),
      exchangeRates: ExchangeRates(rates))
  }

  @Test func aDollarAmountIsKnownInDollarsWithoutARate() throws {
    let rates = [
      ExchangeRate(month: Fixtures.month("2019-01"), currency: "USD", krwPerUnit: 1100, line: 2)
    ]
    let records = [
      Self.record(
        "U1", "2018-12-20", "WFP", amount: 8_000_000, currency: "USD", status: .delivered,
        delivered: "2019-12-10", line: 2)
    ]
    let model = try summarise(
      Self.dataset(records, rates: rates), period: Fixtures.month("2019-11"))
    #expect(model.headline.aidPending.value == 1)
    #expect(model.headline.aidPendingValueUSD == .known(8_000_000))
    #expect(model.headline.aidPendingValueKRW.value == nil)
  }

  @Test func providersDifferingOnlyInCaseAreOneProvider() throws {
    let records = [
      Self.record(
        "A", "2018-02-01", "Good Neighbors", amount: 10, currency: "KRW", status: .delivered,
        delivered: "2018-03-01", line: 2),
      Self.record(
        "B", "2018-04-01", "good neighbors", amount: 10, currency: "KRW", status: .delivered,
        delivered: "2018-05-01", line: 3),
    ]
    let model = try summarise(
      Self.dataset(records, rates: Fixtures.rates), period: Fixtures.month("2018-11"))
    #expect(model.headline.aidDeliveredProviders.value == 1)
    #expect(model.aid.byYear.first { $0.year == 2018 }?.providers == 1)
  }

  @Test func aRecordNeverPendingAtAYearEndNeedsNoAuthorisationMonthRate() throws {
    let rates = [
      ExchangeRate(month: Fixtures.month("2018-12"), currency: "EUR", krwPerUnit: 1280, line: 2),
      ExchangeRate(month: Fixtures.month("2018-12"), currency: "USD", krwPerUnit: 1120, line: 3),
    ]
    let records = [
      Self.record(
        "E1", "2018-11-20", "Caritas", amount: 1000, currency: "EUR", status: .delivered,
        delivered: "2018-12-05", line: 2)
    ]
    let model = try summarise(
      Self.dataset(records, rates: rates), period: Fixtures.month("2019-03"))
    #expect(
      !model.warnings.contains {
        switch $0 {
        case .exchangeRateFallBack, .exchangeRateMissing: return true
        default: return false
        }
      },
      "\(model.warnings)")
    #expect(model.aid.byYear.first { $0.year == 2018 }?.valueKRW == .known(1_280_000))
  }
}

@Suite("Departures split by reason")
struct DeparturesByReasonTests {
  @Test func rowsOfDifferentReasonsForOnePeriodAddUp() throws {
    var dataset = Fixtures.sample
    dataset.departures = [
      DepartureRow(period: Fixtures.period("2018"), count: 20, reason: .death, line: 2),
      DepartureRow(period: Fixtures.period("2018"), count: 10, reason: .emigration, line: 3),
    ]
    let model = try summarise(dataset, period: Fixtures.month("2018-12"))
    #expect(model.headline.residents == .known(32_476 - 30))
    #expect(model.arrivalsByYear.last?.departures == .known(30))
  }
}

@Suite("The annual table with open-start and multi-year rows (second review)")
struct AnnualTableOpenStartTests {
  static func row(_ period: String, _ male: Int?, _ female: Int?, _ total: Int, line: Int)
    -> ArrivalRow
  {
    ArrivalRow(
      period: Fixtures.period(period), male: male, female: female, total: total, line: line)
  }

  @Test func yearsBetweenAnOpenStartRowAndALaterSpanAreListed() throws {
    let rows = [
      Self.row("..2000", 5, 5, 10, line: 2), Self.row("2001", 1, 1, 2, line: 3),
      Self.row("2002..2003", 2, 2, 4, line: 4),
    ]
    let model = try summarise(Dataset(arrivals: rows))
    #expect(model.arrivalsByYear.map(\.label) == ["..2000", "2001", "2002..2003"])
    #expect(model.arrivalsByYear[1].cumulativeArrivals == .known(12))
    #expect(model.checks.first { $0.name == "arrivals annual total" }?.status == .ok)
  }

  @Test func aSpanWhoseYearsAreKnownIsListedYearByYear() throws {
    let rows = [
      Self.row("..2015", nil, nil, 100, line: 2), Self.row("2016..2017", nil, nil, 20, line: 3),
      Self.row("2016", nil, nil, 10, line: 4), Self.row("2017", nil, nil, 10, line: 5),
      Self.row("2018", nil, nil, 2, line: 6),
    ]
    let model = try summarise(Dataset(arrivals: rows), period: Fixtures.month("2018-12"))
    #expect(model.arrivalsByYear.map(\.label) == ["..2015", "2016", "2017", "2018"])
    #expect(model.arrivalsByYear.last?.change == .known(-8))
  }

  @Test func anOpenStartRowEndingMidYearDoesNotTrap() throws {
    let single = try summarise(Dataset(arrivals: [Self.row("..2018-11", 1, 1, 2, line: 2)]))
    #expect(single.headline.residents == .known(2))
    // Everything before 2018 is in the open-start row, which cuts through 2018: both not computable.
    #expect(single.arrivalsByYear.map(\.label) == ["..2017", "2018"])
    #expect(single.arrivalsByYear.allSatisfy { !$0.total.isKnown })
    var rows = [Self.row("..2017-06", nil, nil, 50, line: 2)]
    rows += AnnualTableEdgeTests.monthly("2017-07", "2018-03", each: 2, startLine: 3)
    let model = try summarise(Dataset(arrivals: rows))
    #expect(model.arrivalsByYear.map(\.label) == ["..2016", "2017", "2018"])
    #expect(model.arrivalsByYear[1].total.value == nil)
    #expect(model.arrivalsByYear[2].total == .known(6))
    #expect(model.headline.residents == .known(50 + 18))
    let early = try summarise(
      Dataset(arrivals: [
        Self.row("..2017", nil, nil, 5, line: 2), Self.row("2018", nil, nil, 1, line: 3),
      ]), period: Fixtures.month("2017-06"))
    #expect(early.headline.arrivalsYTD.value == nil)
  }

  @Test func detailListsARowEndingInTheRangeThoughItStartsEarlier() throws {
    var rows = [Self.row("2016-01..2017-06", nil, nil, 30, line: 2)]
    rows += AnnualTableEdgeTests.monthly("2017-07", "2018-06", each: 1, startLine: 3)
    let model = try summarise(Dataset(arrivals: rows), period: Fixtures.month("2018-06"))
    #expect(model.arrivalsDetail.first?.period.description == "2016-01..2017-06")
    #expect(model.arrivalsDetail.count == 13)
  }
}
