import Foundation
import NKInputs
import NKPeriods
import Testing

@testable import NKSummary

/// Where each headline figure of the seed report comes from: the rows that tile its window,
/// its anchor, the aid records it counts (compactly) and the exchange rates that value them.
@Suite("Lineage of the headline figures")
struct LineageTests {
  static func lineage(_ dataset: Dataset, _ period: String) throws -> (
    [Metric: MetricLineage], ReportModel
  ) {
    let model = try summarise(dataset, period: Fixtures.month(period))
    var builder = LineageBuilder(dataset: dataset, period: Fixtures.month(period))
    _ = try dataset.aid.read { builder.observe($0) }
    let all = builder.lineage(model: model)
    return (Dictionary(uniqueKeysWithValues: all.map { ($0.metric, $0) }), model)
  }

  @Test func arrivalsComeFromTheRowsThatTileTheWindow() throws {
    let (lineage, _) = try Self.lineage(Fixtures.sample, "2018-11")
    // 2018-01..2018-11 (line 30), not the half-year inside it (line 32).
    #expect(lineage[.arrivalsYTD]?.items == ["arrivals.csv:30 (2018-01..2018-11)"])
    #expect(lineage[.arrivalsYTDPrevious]?.items == ["arrivals.csv:28 (2017-01..2017-11)"])
    #expect(
      lineage[.arrivalsChange]?.items == [
        "arrivals.csv:28 (2017-01..2017-11)", "arrivals.csv:30 (2018-01..2018-11)",
      ])
    #expect(lineage[.arrivalsYTD]?.notComputable == nil)
  }

  @Test func residentsRunFromTheOpenStartThroughEveryRow() throws {
    let (lineage, _) = try Self.lineage(Fixtures.sample, "2018-11")
    let items = try #require(lineage[.residents]?.items)
    // ..1998, 1999..2001, 2002 … 2017 (lines 2–19), then January–November 2018.
    #expect(items.first == "arrivals.csv:2 (..1998)")
    #expect(items.count == 19)
    #expect(items.last == "arrivals.csv:30 (2018-01..2018-11)")
  }

  @Test func aidFiguresNameTheirRecordsAndRates() throws {
    let (lineage, model) = try Self.lineage(Fixtures.sample, "2018-11")
    let delivered = try #require(lineage[.aidDeliveredValueUSD]?.aidRecords)
    #expect(delivered.count == model.headline.aidDelivered.value)
    #expect(delivered.runs == [5...18] && delivered.isExact)
    // July–November 2018 at their months' dollar rates (fx.csv lines 20–24).
    #expect(
      lineage[.aidDeliveredValueUSD]?.rows.map(\.description) == [
        "fx.csv:20 (2018-07 USD)", "fx.csv:21 (2018-08 USD)", "fx.csv:22 (2018-09 USD)",
        "fx.csv:23 (2018-10 USD)", "fx.csv:24 (2018-11 USD)",
      ])
    #expect(lineage[.aidDeliveredValueKRW]?.rows == [])  // all in won
    #expect(lineage[.aidAuthorised]?.aidRecords?.count == model.headline.aidAuthorised.value)
    let pending = try #require(lineage[.aidPending]?.aidRecords)
    #expect(pending.count == model.headline.aidPending.value)
    #expect(lineage[.aidPending]?.items == ["aid.csv lines 3–4 (2 records)"])
    // Pending dollars valued at their authorisation month, September 2017.
    #expect(lineage[.aidPendingValueKRW]?.rows.map(\.description) == ["fx.csv:10 (2017-09 USD)"])
  }

  /// January–March 2019 lies inside the row for 2019: not computable, and the row named.
  @Test func aFigureNotComputableNamesTheRowItWouldNeedSplit() throws {
    let (lineage, model) = try Self.lineage(Fixtures.sample, "2019-03")
    let arrivals = try #require(lineage[.arrivalsYTD])
    #expect(arrivals.rows.isEmpty)
    #expect(arrivals.notComputable == model.headline.arrivalsYTD.unavailableReason)
    #expect(arrivals.notComputable != nil)
    #expect(arrivals.neededRows.map(\.description) == ["arrivals.csv:21 (2019)"])
  }

  @Test func lineSpansStayBoundedAndCountExactly() {
    var spans = LineSpans()
    for line in [2, 3, 4, 9, 10, 12] { spans.add(line) }
    #expect(spans.runs == [2...4, 9...10, 12...12] && spans.isExact && spans.count == 6)
    #expect(spans.description == "2–4, 9–10, 12")
    var many = LineSpans()
    for line in stride(from: 2, through: 2_000_000, by: 2) { many.add(line) }
    #expect(many.runs.count == LineSpans.maxRuns)
    #expect(many.count == 1_000_000 && !many.isExact)
    #expect(many.runs.first?.lowerBound == 2 && many.runs.last?.upperBound == 2_000_000)
  }
}
