import Foundation
import NKPeriods
import Testing

@testable import NKSummary

@Suite("The metric table")
struct MetricTests {
  /// A value of another kind than its metric says would be written in the wrong format (and
  /// read back wrongly from an earlier run.json).
  @Test(arguments: ["2018-11", "2018-06", "2026-03"])
  func everyValueIsOfItsMetricsKindOrNotComputable(_ period: String) throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month(period))
    for metric in Metric.allCases {
      switch (metric.kind, metric.value(in: model)) {
      case (_, .notComputable): break
      case (.text, .text), (.count, .count), (.fraction, .fraction): break
      case (.money(let currency), .money(_, let valueCurrency)):
        #expect(currency == valueCurrency, "\(metric)")
      case (let kind, let value): Issue.record("\(metric): \(value) is no \(kind)")
      }
    }
  }

  @Test func theValuesAreTheHeadlines() throws {
    let model = try summarise(Fixtures.sample, period: Fixtures.month("2018-11"))
    #expect(Metric.period.value(in: model) == .text("2018-11"))
    #expect(Metric.arrivalsYTD.value(in: model) == .count(1042))
    #expect(Metric.arrivalsChange.value(in: model) == .count(-3))
    #expect(
      Metric.aidDeliveredValueUSD.value(in: model)
        == model.headline.aidDeliveredValueUSD.value.map { .money($0, .usd) })
  }
}
