import Foundation
import NKInputs
import NKPeriods
import Testing

@testable import NKSummary

@Suite("Headline figures of the seed report (2018-11)")
struct HeadlineTests {
  let model: ReportModel

  init() throws { model = try summarise(Fixtures.sample, period: Fixtures.month("2018-11")) }

  @Test func arrivalsAgainstTheSameMonthsOfLastYear() {
    #expect(model.headline.arrivalsYTD == .known(1042))
    #expect(model.headline.arrivalsYTDPrevious == .known(1045))
    #expect(model.headline.arrivalsChange == .known(-3))
    let fraction = model.headline.arrivalsChangeFraction.value ?? 0
    #expect(abs(fraction - (-3.0 / 1045.0)) < 1e-12)
  }

  @Test func windowsRunFromJanuaryToThePeriod() {
    #expect(model.window.description == "2018-01..2018-11")
    #expect(model.previousWindow.description == "2017-01..2017-11")
  }

  @Test func splitBySexIsUnavailableWhenTheWindowRowHasNone() {
    #expect(model.headline.maleYTD.value == nil)
    guard case .noSplitBySex("arrivals.csv", _, _)? = model.headline.maleYTD.unavailableReason
    else {
      Issue.record("\(model.headline.maleYTD)")
      return
    }
  }

  @Test func residentsAtTheEndOfThePeriod() {
    #expect(model.headline.residents == .known(32_381))
  }

  @Test func aidAuthorisedDeliveredAndPending() throws {
    #expect(model.headline.aidAuthorised.value == 14)
    #expect(model.headline.aidDelivered.value == 14)
    #expect(model.headline.aidDeliveredProviders.value == 6)
    #expect(model.headline.aidDeliveredProviderTypes == ["civic"])
    #expect(model.headline.aidDeliveredValueKRW == .known(4_700_000_000))
    let usd = try #require(model.headline.aidDeliveredValueUSD.value)
    #expect(usd > 4_150_000 && usd < 4_250_000)
    // The US$ 8 m plan authorised in 2017 and sent in 2019 is pending in 2018.
    #expect(model.headline.aidPending.value == 2)
    #expect(model.headline.aidPendingValueUSD == .known(8_000_000))
    #expect(
      model.headline.aidPendingValueKRW == .known(Decimal(8_000_000) * Decimal(string: "1131.60")!))
    #expect(model.headline.aidPendingGroups.map(\.providerType) == ["international"])
    #expect(model.headline.aidPendingGroups.first?.yearAuthorised == 2017)
  }

  @Test func categoriesCompareCaseInsensitivelyAndKeepTheFirstSpelling() {
    #expect(
      Set(model.headline.aidDeliveredCategories) == ["tuberculosis drugs", "Milk powder", "Flour"])
  }

  @Test func noWarningsForTheSeedPeriod() {
    #expect(model.warnings.isEmpty, "\(model.warnings)")
  }
}

@Suite("Figures that are not computable")
struct NotComputableTests {
  @Test func aWindowThatCutsARowIsNotComputable() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2018-06"))
    #expect(model.headline.arrivalsYTD == .known(488))
    #expect(model.headline.femaleYTD == .known(430))
    #expect(model.headline.arrivalsYTDPrevious.value == nil)
    #expect(model.headline.arrivalsChange.value == nil)
    #expect(model.headline.arrivalsChangeFraction.value == nil)
    let reason = try #require(model.headline.arrivalsYTDPrevious.unavailableReason)
    guard case .rowCutsThrough("arrivals.csv", _, let period, let window) = reason else {
      Issue.record("\(reason)")
      return
    }
    #expect(period.description == "2017-01..2017-11")
    #expect(window.description == "2017-01..2017-06")
    #expect(
      model.warnings.contains {
        guard case .notComputable(.arrivals(let window), _) = $0 else { return false }
        return window == .months(Fixtures.month("2017-01"), Fixtures.month("2017-06"))
      })
  }

  @Test func aMonthWithNoRowIsUnknownNotZero() throws {
    var dataset = Fixtures.sample
    dataset.arrivals.removeAll { $0.period.description == "2019" }
    let model = try summarise(dataset, period: Fixtures.month("2020-12"))
    let row2019 = try #require(model.arrivalsByYear.first { $0.label == "2019" })
    #expect(row2019.total.value == nil)
    #expect(
      row2019.total.unavailableReason
        == .noRowCovers(
          file: "arrivals.csv",
          months: .months(Fixtures.month("2019-01"), Fixtures.month("2019-12"))))
    #expect(!row2019.isComplete)
    #expect(model.headline.residents.value == nil)
  }

  @Test func aPeriodBeyondTheDataWarnsThatItIsStale() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2026-03"))
    #expect(model.headline.arrivalsYTD.value == nil)
    #expect(model.warnings.contains { $0.kind == .staleData })
  }
}
