import Foundation
import NKPeriods
import NKRender
import NKSummary
import TestRandom
import Testing

@testable import NKPublish

/// A revision lists the figures that changed, from the earlier publication's run.json and the
/// new report's values, in the text summary.csv gives them.
@Suite("The figures a revision changed")
struct RevisionFigureTests {
  /// A report with a figure of every kind, one of them not computable.
  static let earlier = [
    ReportFigure(.period, .text("2018-11")),
    ReportFigure(.arrivalsYTD, .count(1042)),
    ReportFigure(.arrivalsChangeFraction, .fraction(-0.0029)),
    ReportFigure(.aidDeliveredValueKRW, .money(4_700_000_000, .krw)),
    ReportFigure(
      .aidDeliveredValueUSD,
      .notComputable(
        reason: .noExchangeRate(currency: "USD", month: YearMonth(year: 2018, month: 11)!))),
    ReportFigure(.aidPendingValueUSD, .money(8_000_000, .usd)),
  ]

  func publish(_ figures: [ReportFigure], file: String, into reports: URL) throws
    -> PublishOutcome
  {
    var report = FakeReport()
    report.figures = figures
    report.files["a.csv"] = file
    return try Publisher(reportsDirectory: reports).publish(report)
  }

  func revision(_ outcome: PublishOutcome) -> Revision? {
    if case .published(_, let revision?) = outcome { return revision }
    Issue.record("expected a revision, got \(outcome)")
    return nil
  }

  @Test func changedFiguresComeFromTheEarlierRunJSON() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    _ = try publish(Self.earlier, file: "1\n", into: reports)
    // The earlier summary.csv is not read: what it says here is not what run.json says.
    try Data("metric,value\narrivals_ytd,9\n".utf8).write(
      to: reports.appendingPathComponent("2018-11/summary.csv"))
    var now = Self.earlier
    now[1] = ReportFigure(.arrivalsYTD, .count(1043))
    // Not computable before, known now.
    now[4] = ReportFigure(.aidDeliveredValueUSD, .money(Decimal(string: "4182377.66")!, .usd))
    let outcome = try publish(now, file: "2\n", into: reports)
    #expect(
      revision(outcome)?.changedFigures == [
        .init(metric: "aid_delivered_value_usd", previous: "", current: "4182377.66"),
        .init(metric: "arrivals_ytd", previous: "1042", current: "1043"),
      ])
    // And run.json says so, in summary.csv's text.
    let manifest = try String(
      contentsOf: reports.appendingPathComponent("2018-11/run.json"), encoding: .utf8)
    #expect(
      manifest.contains(
        """
              {
                "current" : "4182377.66",
                "metric" : "aid_delivered_value_usd",
                "previous" : ""
              },
        """))
  }

  @Test func aFigureBecomingNotComputableIsListedAsBlank() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    _ = try publish(Self.earlier, file: "1\n", into: reports)
    var now = Self.earlier
    now[2] = ReportFigure(.arrivalsChangeFraction, .notComputable(reason: .earlierFigureIsZero))
    #expect(
      revision(try publish(now, file: "2\n", into: reports))?.changedFigures == [
        .init(metric: "arrivals_change_pct", previous: "-0.0029", current: "")
      ])
  }

  /// Overwrites the published run.json with `text`, as an older version or an editor left it.
  func replaceRunJSON(in reports: URL, with text: String) throws {
    try Data(text.utf8).write(to: reports.appendingPathComponent("2018-11/run.json"))
  }

  @Test(arguments: [
    // No figures, no content digest (as no version wrote it, but an editor may).
    #"{"tool": {"name": "nkreport", "version": "0.1"}, "outputs": {"a.csv": "00"}}"#,
    // Figures of the wrong shape and outputs that are no map of names to digests.
    #"{"figures": [1042], "outputs": ["a.csv"], "content_sha256": 7, "revision": "yes"}"#,
    // Not an object at all.
    #"[]"#, "not json",
  ])
  func anUnreadableEarlierRunJSONStillPublishesARevision(_ text: String) throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    _ = try publish(Self.earlier, file: "1\n", into: reports)
    try replaceRunJSON(in: reports, with: text)
    let outcome = try publish(Self.earlier, file: "2\n", into: reports)
    // Nothing says what the earlier figures were: each is listed as blank before.
    #expect(
      revision(outcome)?.changedFigures == [
        .init(metric: "aid_delivered_value_krw", previous: "", current: "4700000000"),
        .init(metric: "aid_pending_value_usd", previous: "", current: "8000000.00"),
        .init(metric: "arrivals_change_pct", previous: "", current: "-0.0029"),
        .init(metric: "arrivals_ytd", previous: "", current: "1042"),
        .init(metric: "period", previous: "", current: "2018-11"),
      ])
    #expect(revision(outcome)?.changedFiles == ["a.csv"])
    #expect(listing(reports).contains("2018-11.rev-1"))
  }

  @Test func figuresOfAnOlderVersionAreReadBackAsItsSummaryCSVGaveThem() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    _ = try publish(Self.earlier, file: "1\n", into: reports)
    // Before money was rounded to its minor unit, run.json and summary.csv gave the exact
    // amount (up to 38 digits); a figure may be missing, one of an unknown metric present, one
    // a JSON value no version wrote (a boolean), counts a text a hand may have written.
    try replaceRunJSON(
      in: reports,
      with: """
        {"content_sha256": "00", "outputs": {"a.csv": "00"}, "figures": {
          "period": "2018-11", "arrivals_ytd": "1042", "arrivals_change_pct": -0.0029,
          "aid_delivered_value_krw": 4700000000.5,
          "aid_pending_value_usd": 8000000.1234567890123456789012345678901,
          "aid_delivered_value_usd": true, "residents_total": 32381
        }}
        """)
    let outcome = try publish(Self.earlier, file: "2\n", into: reports)
    #expect(
      revision(outcome)?.changedFigures == [
        .init(metric: "aid_delivered_value_krw", previous: "4700000000.5", current: "4700000000"),
        .init(
          metric: "aid_pending_value_usd", previous: "8000000.1234567890123456789012345678901",
          current: "8000000.00"),
        .init(metric: "residents_total", previous: "32381", current: ""),
      ])
  }

  /// Every published value, written into run.json and read back as an earlier publication,
  /// gives the text summary.csv gives it: a revision never lists a figure that did not change.
  @Test func everyPublishedValueReadsBackAsItsSummaryText() throws {
    var random = SplitMix64(seed: 0x6E6B_7265_706F_7274)
    var values: [ReportFigure] = []
    for index in 0..<3_000 {
      let metric = Metric.allCases[index % Metric.allCases.count]
      let value: MetricValue
      switch metric.kind {
      case _ where index % 7 == 0: value = .notComputable(reason: .noArrivals)
      case .text: value = .text("20\(index % 90 + 10)-\(index % 9 + 1)")
      case .count: value = .count(Int(truncatingIfNeeded: random.next()) >> (index % 60))
      case .fraction:
        value = .fraction(Double(Int64(truncatingIfNeeded: random.next()) >> 20) / 1e9)
      case .money(let currency):
        let digits = Decimal(random.next() >> (index % 40))
        value = .money(digits / pow(10, index % 9), currency)
      }
      values.append(ReportFigure(metric, value.published))
    }
    for chunk in stride(from: 0, to: values.count, by: Metric.allCases.count) {
      let figures = Array(values[chunk..<min(values.count, chunk + Metric.allCases.count)])
      let data = try RunManifest(
        FakeReport(figures: figures).rendered, Publication(outputs: [:], contentSHA256: "")
      ).encoded()
      let earlier = try JSONDecoder().decode(EarlierRunManifest.self, from: data)
      for figure in figures {
        let read = earlier.figures?[figure.metric.rawValue]
        #expect(
          read?.summaryText(metric: figure.metric.rawValue) == figure.value.summaryText,
          "\(figure)")
      }
    }
  }
}
