import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What an operator relies on when the job runs on a server (issue 7): the settings file,
/// journald priorities, SIGTERM, inputs cited the same from any path.
@Suite("Running in the field")
struct FieldTests {
  @Test func theSettingsFileSuppliesWhatTheCommandLineLeavesOut() throws {
    let scratch = try Scratch()
    try scratch.write(
      """
      # comment
      inputs = "\(NKReport.sampleInputs.path)"
      reports = "\(scratch.path("FromConfig"))"

      [mail]
      from = "desk@example.org"
      to = ["a@example.org", "b@example.org"]
      max_message_bytes = 5000000
      """, to: "nkreport.toml")
    let check = try NKReport.run(["config", "check", "--config", scratch.path("nkreport.toml")])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("reports = \"\(scratch.path("FromConfig"))\""))
    #expect(check.stdout.contains("to = [\"a@example.org\", \"b@example.org\"]"))
    #expect(check.stdout.contains("max_message_bytes = 5000000"))
    #expect(check.stdout.contains("sendmail = \"/usr/sbin/sendmail\""))

    let run = try NKReport.run([
      "run", "--config", scratch.path("nkreport.toml"), "--period", "2018-11",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let message = try scratch.read("FromConfig/2018-11/digest.eml")
    #expect(message.contains("To: a@example.org, b@example.org\r\n"))
    #expect(message.contains("From: desk@example.org\r\n"))

    // The command line wins over the file.
    let override = try NKReport.run([
      "run", "--config", scratch.path("nkreport.toml"), "--period", "2018-11", "--reports",
      scratch.path("FromOption"),
    ])
    #expect(override.status == 0, "\(override.stderr)")
    #expect(scratch.listing("FromOption").contains("2018-11"))
  }

  @Test(arguments: [
    ("[mail]\nfrom = \"a@example.org\"\ntoo = [\"b@example.org\"]\n", ":3: mail.too: unknown key"),
    ("inputs = \"x\"\nreport = \"y\"\n", ":2: report: unknown key"),
    (
      "[mail]\nto = \"a@example.org\"\nmax_message_bytes = \"10MB\"\n",
      ":3: mail.max_message_bytes: must be an integer, not a string"
    ),
    ("[mail]\nto = [1, 2]\n", ":2: mail.to: must be a list of strings"),
    ("mail = 3\n", ":1: mail: must be a table [mail]"),
    ("inputs = \"unterminated\n", ":1: column"),
  ])
  func aBadSettingsFileIsExit78NamingTheKeyAndLine(_ text: String, _ expected: String) throws {
    let scratch = try Scratch()
    try scratch.write(text, to: "nkreport.toml")
    for command in [["config", "check"], ["run"], ["send"], ["validate"]] {
      let result = try NKReport.run(command + ["--config", scratch.path("nkreport.toml")])
      #expect(result.status == 78, "\(command): \(result.stderr)")
      #expect(
        result.stderr.contains(scratch.path("nkreport.toml") + expected), "\(result.stderr)")
    }
  }

  @Test func aMissingExplicitSettingsFileIsExit78() throws {
    let result = try NKReport.run(["config", "check", "--config", "/nonexistent/nkreport.toml"])
    #expect(result.status == 78)
    #expect(result.stderr.contains("/nonexistent/nkreport.toml: cannot read"))
  }

  @Test func underJournaldEachLineCarriesItsSyslogPriority() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    try Data("period,male,female,total,note\n2018-13,1,1,2,bad month\n".utf8).write(
      to: inputs.appendingPathComponent("arrivals.csv"))
    let result = try runWithJournalStderr(
      ["run", "--inputs", inputs.path, "--reports", scratch.path("Reports")], scratch: scratch)
    #expect(result.status == 65)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.allSatisfy { $0.hasPrefix("<") }, "\(result.stderr)")
    #expect(lines.contains { $0.hasPrefix("<6>nkreport: info: reading inputs") })
    #expect(lines.contains { $0.hasPrefix("<3>") && $0.contains("arrivals.csv:2") })
    #expect(lines.contains { $0.hasPrefix("<3>nkreport: error: inputs invalid") })
  }

  @Test func withoutJournaldLinesHaveNoPrefix() throws {
    let result = try NKReport.run(
      ["validate", "--inputs", NKReport.sampleInputs.path], environment: ["JOURNAL_STREAM": "1:1"])
    #expect(!result.stderr.contains("<6>"))
    #expect(result.stderr.contains("nkreport: info: inputs valid"))
  }

  @Test func aHeldLockIsExit75LoggedAsANotice() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(
      atPath: scratch.path("Reports"), withIntermediateDirectories: true)
    let descriptor = open(scratch.path("Reports/.nkreport.lock"), O_RDWR | O_CREAT, 0o644)
    #expect(flock(descriptor, LOCK_EX) == 0)
    defer { close(descriptor) }
    let result = try runWithJournalStderr(
      [
        "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
        "--period", "2018-11",
      ], scratch: scratch)
    #expect(result.status == 75)
    #expect(!result.stderr.contains("<3>"), "\(result.stderr)")
    #expect(result.stderr.contains("<5>nkreport: another nkreport run holds the lock"))
  }

  @Test func theSameInputsReachedByAnotherPathAreNotARevision() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    let reports = scratch.path("Reports")
    let absolute = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", reports, "--period", "2018-11",
    ])
    #expect(absolute.status == 0)
    let relative = try NKReport.launch(
      ["run", "--inputs", "Inputs", "--reports", reports, "--period", "2018-11"],
      currentDirectory: scratch.url)
    #expect(relative.status == 0, "\(relative.stderr)")
    #expect(relative.stdout.contains("is up to date"), "\(relative.stdout)")
    #expect(try scratch.read("Reports/2018-11/run.json").contains("\"path\" : \"arrivals.csv\""))
  }

  @Test func sigtermRemovesTheStagingFolderAndExits143() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    // A ledger large enough that the workbook takes seconds to write.
    var ledger = try String(contentsOf: inputs.appendingPathComponent("aid.csv"), encoding: .utf8)
    for index in 0..<200_000 {
      ledger +=
        "BULK-\(index),2017-06-26,Eugene Bell Foundation,civic,tuberculosis drugs,bulk row,1000000,KRW,delivered,2017-06-26\n"
    }
    try Data(ledger.utf8).write(to: inputs.appendingPathComponent("aid.csv"))
    let reports = scratch.url.appendingPathComponent("Reports")
    let process = try NKReport.start([
      "run", "--inputs", inputs.path, "--reports", reports.path, "--period", "2018-11",
    ])
    let deadline = Date().addingTimeInterval(120)
    var staging = false
    while Date() < deadline && process.isRunning && !staging {
      staging = scratch.listing("Reports").contains { $0.hasPrefix(".staging-") }
      usleep(20_000)
    }
    #expect(staging, "the run never staged a report")
    process.terminate()
    process.waitUntilExit()
    #expect(process.terminationStatus == 143)
    #expect(!scratch.listing("Reports").contains { $0.hasPrefix(".staging-") })
    #expect(!scratch.listing("Reports").contains("2018-11"))
  }

  /// Runs nkreport with stderr on a file whose device and inode JOURNAL_STREAM names, as
  /// systemd does for a service whose output goes to the journal.
  private func runWithJournalStderr(_ arguments: [String], scratch: Scratch) throws
    -> NKReport.Result
  {
    let path = scratch.path("stderr-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: path, contents: nil)
    var status = stat()
    #expect(stat(path, &status) == 0)
    let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    let result = try NKReport.launch(
      arguments, environment: ["JOURNAL_STREAM": "\(status.st_dev):\(status.st_ino)"],
      standardError: errors)
    try errors.close()
    return NKReport.Result(
      status: result.status, stdout: result.stdout,
      stderr: try String(contentsOfFile: path, encoding: .utf8))
  }
}

extension NKReport {
  /// Starts nkreport without waiting (its output discarded).
  static func start(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = try #require(Self.binary, "the nkreport binary was not built")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// `run` from another working folder, or with stderr on a given file (then `stderr` is empty).
  static func launch(
    _ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil,
    standardError: FileHandle? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = try #require(Self.binary, "the nkreport binary was not built")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let output = Pipe()
    process.standardOutput = output
    let errors = Pipe()
    process.standardError = standardError ?? errors
    try process.run()
    if standardError != nil { try errors.fileHandleForWriting.close() }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData =
      standardError == nil ? errors.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
      stderr: String(decoding: errorData, as: UTF8.self))
  }
}
