import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Inputs an operator links or mislays: what the job does with them.
@Suite("Input file kinds")
struct InputFileKindTests {
  @Test func symlinkedAidLedgerRuns() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    let aid = inputs.appendingPathComponent("aid.csv")
    let ledger = scratch.url.appendingPathComponent("ledger.csv")
    try FileManager.default.moveItem(at: aid, to: ledger)
    try FileManager.default.createSymbolicLink(at: aid, withDestinationURL: ledger)
    // It used to exit 75 ("changed while it was being read") on every run.
    let result = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--period", "2018-11",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(scratch.listing("Reports").contains("2018-11"))
  }

  @Test func namedPipeAsAidIsRefusedWith66WithoutHanging() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    let aid = inputs.appendingPathComponent("aid.csv")
    try FileManager.default.removeItem(at: aid)
    #expect(mkfifo(aid.path, 0o644) == 0)
    let binary = try #require(NKReport.binary)
    let process = Process()
    process.executableURL = binary
    process.arguments = ["run", "--inputs", inputs.path, "--reports", scratch.path("Reports")]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    let hung = process.isRunning
    if hung { process.terminate() }
    process.waitUntilExit()
    #expect(!hung, "nkreport hung on a named pipe")
    #expect(process.terminationStatus == 66)
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(stderr.contains("aid.csv: it is a named pipe, not a regular file"), "\(stderr)")
    #expect(!scratch.listing("").contains("Reports"))
  }

  @Test func allowRejectsDropsTheLaterOfTwoOverlappingRows() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    // A mid-year row added at the end starts before the official 2017 row and overlaps it:
    // the added row is the one reported and dropped, never the official one.
    let arrivals = inputs.appendingPathComponent("arrivals.csv")
    let handle = try FileHandle(forWritingTo: arrivals)
    handle.seekToEndOfFile()
    handle.write(Data("2016-07..2017-06,,,900,mid-year figure\n".utf8))
    try handle.close()
    let lastLine = try String(contentsOf: arrivals, encoding: .utf8).split(separator: "\n").count
    let refused = try NKReport.run(["validate", "--inputs", inputs.path])
    #expect(refused.status == 65)
    #expect(
      refused.stderr.contains("arrivals.csv:\(lastLine): period: partly overlaps 2016 on line"))
    let allowed = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--allow-rejects",
      "--period", "2018-11",
    ])
    #expect(allowed.status == 0, "\(allowed.stderr)")
    let byYear = try scratch.read("Reports/2018-11/arrivals-by-year.csv")
    #expect(byYear.contains("\n2016,2016,2016,"))
    #expect(byYear.contains("\n2017,2017,2017,188,939,1127,"))
  }
}
