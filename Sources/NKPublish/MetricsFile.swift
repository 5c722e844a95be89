import Foundation
import NKDurableFiles

#if canImport(Glibc)
  import Glibc
#endif

/// A Prometheus textfile-collector file for the job: written as one atomic, durable replacement
/// (`DurableFile`: temp file, fsync, rename, fsync of the folder)
/// so the collector never reads half a file. The last success time survives failed runs.
public struct MetricsFile: Sendable {
  public let path: URL

  public init(path: URL) { self.path = path }

  public struct Run: Sendable {
    public var succeeded: Bool
    public var exitCode: Int32
    /// Seconds since the epoch at the end of the run. Metrics are about the run, not the
    /// report, so the clock belongs here (and only here).
    public var finishedAt: Double
    public var durationSeconds: Double
    public var rowsRead: [String: Int]
    public var rowsRejected: [String: Int]
    public var period: String?

    public init(
      succeeded: Bool, exitCode: Int32, finishedAt: Double, durationSeconds: Double,
      rowsRead: [String: Int] = [:], rowsRejected: [String: Int] = [:], period: String? = nil
    ) {
      self.succeeded = succeeded
      self.exitCode = exitCode
      self.finishedAt = finishedAt
      self.durationSeconds = durationSeconds
      self.rowsRead = rowsRead
      self.rowsRejected = rowsRejected
      self.period = period
    }
  }

  static let lastSuccessName = "nkreport_last_success_timestamp_seconds"

  public func write(_ run: Run) throws(PublishError) {
    let lastSuccess = run.succeeded ? run.finishedAt : previousLastSuccess()
    var lines: [String] = []
    func metric(_ name: String, _ help: String, _ type: String, _ samples: [(String, Double)]) {
      lines.append("# HELP \(name) \(help)")
      lines.append("# TYPE \(name) \(type)")
      for (labels, value) in samples { lines.append("\(name)\(labels) \(Self.number(value))") }
    }
    metric(
      "nkreport_last_run_timestamp_seconds", "End of the last run, successful or not.", "gauge",
      [("", run.finishedAt)])
    if let lastSuccess {
      metric(Self.lastSuccessName, "End of the last successful run.", "gauge", [("", lastSuccess)])
    }
    metric(
      "nkreport_last_run_success", "1 when the last run succeeded.", "gauge",
      [("", run.succeeded ? 1 : 0)])
    metric(
      "nkreport_last_run_exit_code", "Exit code of the last run (sysexits).", "gauge",
      [("", Double(run.exitCode))])
    metric(
      "nkreport_last_run_duration_seconds", "Wall time of the last run.", "gauge",
      [("", run.durationSeconds)])
    metric(
      "nkreport_input_rows", "Rows read from each input file by the last run.", "gauge",
      run.rowsRead.keys.sorted().map { ("{file=\"\($0)\"}", Double(run.rowsRead[$0] ?? 0)) })
    metric(
      "nkreport_input_rows_rejected", "Rows rejected in each input file by the last run.", "gauge",
      run.rowsRejected.keys.sorted().map { ("{file=\"\($0)\"}", Double(run.rowsRejected[$0] ?? 0)) }
    )
    let text = lines.joined(separator: "\n") + "\n"
    // The collector runs as another user: readable by all whatever the service's UMask.
    do {
      try DurableFile.write(Data(text.utf8), to: path, permissions: 0o644)
    } catch {
      throw .cannotWrite(path: path.path, reason: error.reason)
    }
  }

  private func previousLastSuccess() -> Double? {
    guard let text = try? String(contentsOf: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(Self.lastSuccessName + " ") {
      return Double(line.dropFirst(Self.lastSuccessName.count + 1))
    }
    return nil
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }
}
