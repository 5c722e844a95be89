import Foundation
import NKSummary
import Testing

/// summary.csv and run.json are written from one metric table, so they give the same figures.
@Suite("One metric table for summary.csv and run.json")
struct MetricTableTests {
  func publish(_ period: String, inputs: URL, into scratch: Scratch) throws {
    let result = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--period", period,
    ])
    try #require(result.status == 0, "\(result.stderr)")
  }

  func runJSON(_ scratch: Scratch, _ period: String) throws -> [String: Any] {
    let data = Data(try scratch.read("Reports/\(period)/run.json").utf8)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  // 2018-06: a window that cuts a row, so some figures are not computable.
  @Test(arguments: ["2018-11", "2018-06"])
  func everyMetricIsInBothInOrderWithEqualValues(_ period: String) throws {
    let scratch = try Scratch()
    try publish(period, inputs: NKReport.sampleInputs, into: scratch)
    let rows = try scratch.read("Reports/\(period)/summary.csv").split(separator: "\n")
      .dropFirst().map { line in
        let parts = line.split(separator: ",", omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
      }
    #expect(rows.map(\.0) == Metric.allCases.map(\.rawValue))
    let figures = try #require(try runJSON(scratch, period)["figures"] as? [String: Any])
    // run.json's keys are sorted by its encoder; the set is the table's.
    #expect(Set(figures.keys) == Set(Metric.allCases.map(\.rawValue)))
    var notComputable = 0
    for (metric, text) in rows {
      switch figures[metric] {
      case is NSNull:
        #expect(text == "", "\(metric)")
        notComputable += 1
      case let value as String: #expect(value == text, "\(metric)")
      case let value as NSNumber:
        // Numerically equal: `8000000` in JSON is `8000000.00` in the CSV.
        #expect(Double(text) == value.doubleValue, "\(metric): \(text) vs \(value)")
      default: Issue.record("\(metric): unexpected \(String(describing: figures[metric]))")
      }
    }
    #expect(notComputable == (period == "2018-06" ? 3 : 0))
  }

  /// A run.json without figures or content digest (as no current version writes it) is read
  /// without failing: the next run publishes a revision and lists every figure as new.
  @Test func anEarlierRunJSONMissingFieldsStillGivesARevision() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    try publish("2018-11", inputs: inputs, into: scratch)
    var manifest = try runJSON(scratch, "2018-11")
    manifest["figures"] = nil
    manifest["content_sha256"] = nil
    try scratch.write(
      String(decoding: try JSONSerialization.data(withJSONObject: manifest), as: UTF8.self),
      to: "Reports/2018-11/run.json")
    var checkpoints = try String(
      contentsOf: inputs.appendingPathComponent("checkpoints.csv"), encoding: .utf8)
    checkpoints = checkpoints.replacingOccurrences(of: "32381", with: "32380")
    try Data(checkpoints.utf8).write(to: inputs.appendingPathComponent("checkpoints.csv"))
    try publish("2018-11", inputs: inputs, into: scratch)
    let revision = try #require(runJSON(scratch, "2018-11")["revision"] as? [String: Any])
    #expect(revision["previous"] as? String == "2018-11.rev-1")
    let changed = try #require(revision["changed_figures"] as? [[String: String]])
    #expect(changed.map { $0["metric"] ?? "" } == Metric.allCases.map(\.rawValue).sorted())
    #expect(changed.allSatisfy { $0["previous"] == "" })
    #expect(
      changed.first { $0["metric"] == "aid_pending_value_usd" }?["current"] == "8000000.00")
  }
}
