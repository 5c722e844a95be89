import ArgumentParser
import Foundation
import Testing

@testable import nkreport

/// A stop (SIGTERM) is a request the pipeline honours at its next checkpoint: the run removes
/// its staging folder, writes its metrics with exit 143 and exits 143; after the commit it
/// says the report was published. Run in this process, with the stop requested at a
/// checkpoint as if the signal had arrived just then.
@Suite("Stopping a run")
struct StopTests {
  private func run(stoppingAt checkpoint: StopRequest.Checkpoint, in scratch: Scratch) throws
    -> Int32
  {
    try scratch.write("", to: "nkreport.toml")
    let command = try RunCommand.parse([
      "--config", scratch.path("nkreport.toml"), "--inputs", NKReport.sampleInputs.path,
      "--reports", scratch.path("Reports"), "--period", "2018-11",
      "--metrics-file", scratch.path("nkreport.prom"),
    ])
    do {
      try command.run(stop: StopRequest(stoppingAt: checkpoint))
      return 0
    } catch let code as ExitCode {
      return code.rawValue
    }
  }

  @Test(arguments: [
    StopRequest.Checkpoint.opened, .planned, .staged, .pass, .summarised, .rendered,
  ])
  func aStopBeforeTheCommitPublishesNothingAndWritesItsMetrics(
    at checkpoint: StopRequest.Checkpoint
  ) throws {
    let scratch = try Scratch()
    #expect(try run(stoppingAt: checkpoint, in: scratch) == 143)
    // No report, no staging folder (only the lock file, once the folder was made).
    #expect(scratch.listing("Reports").allSatisfy { $0 == ".nkreport.lock" })
    let metrics = try scratch.read("nkreport.prom")
    #expect(metrics.contains("nkreport_last_run_exit_code 143\n"))
    #expect(metrics.contains("nkreport_last_run_success 0\n"))
  }

  @Test func aStopAfterTheCommitLeavesThePublishedReport() throws {
    let scratch = try Scratch()
    #expect(try run(stoppingAt: .committed, in: scratch) == 143)
    #expect(scratch.listing("Reports") == [".nkreport.lock", "2018-11", "index.html"])
    #expect(scratch.listing("Reports/2018-11").contains("run.json"))
    let metrics = try scratch.read("nkreport.prom")
    #expect(metrics.contains("nkreport_last_run_exit_code 143\n"))
    // The report was published: the last success is this run's.
    #expect(metrics.contains("nkreport_last_run_success 1\n"))
  }

  @Test func aRealSIGTERMDuringARunStopsItWithExit143() throws {
    // The binary, stopped by the signal itself while it runs: whatever the moment, exit 143
    // and no staging folder left, or (if the run had already finished) exit 0.
    let scratch = try Scratch()
    let binary = try #require(NKReport.binary)
    let process = Process()
    process.executableURL = binary
    process.arguments = [
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-11", "--metrics-file", scratch.path("nkreport.prom"),
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Once the lock file exists the handler is installed (it is, before anything is read).
    let lock = scratch.path("Reports/.nkreport.lock")
    for _ in 0..<500 where !FileManager.default.fileExists(atPath: lock) { usleep(10_000) }
    process.terminate()  // SIGTERM
    process.waitUntilExit()
    #expect([0, 143].contains(process.terminationStatus))
    #expect(process.terminationReason == .exit, "the run exits itself, not killed by the signal")
    #expect(!scratch.listing("Reports").contains { $0.hasPrefix(".staging-") })
    if process.terminationStatus == 143 {
      #expect(try scratch.read("nkreport.prom").contains("nkreport_last_run_exit_code 143\n"))
    }
  }
}
