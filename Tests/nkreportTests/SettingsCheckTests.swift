import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `config check` says what the timer's `run` and `send` will say: one validation, every
/// problem as `file:line: key: reason`, exit 78.
@Suite("Settings checked as they are used")
struct SettingsCheckTests {
  /// The lines naming the file, in order: what an operator reads.
  func problems(_ stderr: String, _ path: String) -> [String] {
    stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("nkreport: \(path):") }
  }

  @Test(arguments: [
    (
      "[mail]\nto = [\"a@example.org\\r\\nBcc: x@example.org\"]\n",
      [":2: mail.to: \"a@example.org\\r\\nBcc: x@example.org\" must not contain line breaks"]
    ),
    (
      "[mail]\nto = [\"a@example.org, b@example.org\"]\n",
      [":2: mail.to: \"a@example.org, b@example.org\": one address per string"]
    ),
    (
      "inputs = \"\"\nreports = \"\"\n",
      [":1: inputs: must not be empty", ":2: reports: must not be empty"]
    ),
    (
      "[mail]\r\nfrom = \"not an address\"\r\nsendmail = \"sendmail\"\r\nmax_message_bytes = 0\r\n",
      [
        ":2: mail.from: invalid mail address \"not an address\"",
        ":3: mail.sendmail: must be an absolute path",
        ":4: mail.max_message_bytes: must be more than 0 (got 0)",
      ]
    ),
    (
      "inputs = \"x\"\nmail = { from = \"a@example.org\", to = [\"b@example.org\\n\"], tp = 1 }\n",
      [":2: mail.to:", ":2: mail.tp: unknown key"]
    ),
  ])
  func configCheckRunAndSendRefuseTheSameFileTheSameWay(_ text: String, _ expected: [String])
    throws
  {
    let scratch = try Scratch()
    try scratch.write(text, to: "nkreport.toml")
    let path = scratch.path("nkreport.toml")
    let check = try NKReport.run(["config", "check", "--config", path])
    #expect(check.status == 78, "\(check.stderr)")
    let listed = problems(check.stderr, path)
    #expect(listed.count == expected.count, "\(check.stderr)")
    for (line, prefix) in zip(listed, expected) {
      #expect(line.hasPrefix("nkreport: \(path)\(prefix)"), "\(line)")
    }
    for command in [
      ["run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports")],
      ["send", "--reports", scratch.path("Reports")],
    ] {
      let result = try NKReport.run(command + ["--config", path])
      #expect(result.status == 78, "\(command): \(result.stderr)")
      #expect(problems(result.stderr, path) == listed, "\(command)")
    }
    #expect(!scratch.listing("").contains("Reports"))
  }

  @Test func aNonASCIIDisplayNameIsValidAndEncoded() throws {
    let scratch = try Scratch()
    try scratch.write(
      """
      [mail]
      from = "통일부 보고서 <nkreport@example.org>"
      to = ["Zoë Desk <desk@example.org>"]
      """, to: "nkreport.toml")
    let path = scratch.path("nkreport.toml")
    let check = try NKReport.run(["config", "check", "--config", path])
    #expect(check.status == 0, "\(check.stderr)")
    let run = try NKReport.run([
      "run", "--config", path, "--inputs", NKReport.sampleInputs.path, "--reports",
      scratch.path("Reports"), "--period", "2018-11",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let message = try scratch.read("Reports/2018-11/digest.eml")
    let name = Data("통일부 보고서".utf8).base64EncodedString()
    #expect(
      message.contains("From: =?utf-8?B?\(name)?= <nkreport@example.org>\r\n"),
      "\(message.prefix(400))")
    #expect(
      message.contains(
        "To: =?utf-8?B?\(Data("Zoë Desk".utf8).base64EncodedString())?= <desk@example.org>"))
  }

  @Test func aFolderOrALinkLoopAsTheSettingsFileSaysSo() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(
      atPath: scratch.path("folder.toml"), withIntermediateDirectories: true)
    #expect(symlink(scratch.path("loop.toml"), scratch.path("loop.toml")) == 0)
    for (file, reason) in [("folder.toml", "a folder"), ("loop.toml", "a loop of symbolic links")] {
      let result = try NKReport.run(["config", "check", "--config", scratch.path(file)])
      #expect(result.status == 78)
      #expect(
        result.stderr.contains("\(scratch.path(file)): cannot read: \(reason)"), "\(result.stderr)")
      #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }
  }

  @Test func sendRefusesANonPositiveSizeAndAMissingReportsFolder() throws {
    let scratch = try Scratch()
    for size in ["0", "-5"] {
      let result = try NKReport.run([
        "send", "--reports", scratch.path(""), "--max-message-bytes=\(size)",
      ])
      #expect(result.status == 64, "\(result.stderr)")
      #expect(result.stderr.contains("--max-message-bytes must be more than 0"))
    }
    let missing = try NKReport.run(["send", "--reports", scratch.path("nowhere")])
    #expect(missing.status == 66, "\(missing.stderr)")
    #expect(missing.stderr.contains(scratch.path("nowhere")))
    #expect(!scratch.listing("").contains("nowhere"))
  }

  @Test func theOperatorMarksAReportDeliveredOrResendsIt() throws {
    let scratch = try Scratch()
    let reports = scratch.path("Reports")
    #expect(
      try NKReport.run([
        "run", "--inputs", NKReport.sampleInputs.path, "--reports", reports, "--period", "2018-11",
        "--mail-to", "desk@example.org",
      ]).status == 0)
    try scratch.write("{\"delivered\": tru", to: "Reports/2018-11/delivery.json")
    let refused = try NKReport.run(["send", "--reports", reports, "--sendmail", "/bin/true"])
    #expect(refused.status == 65, "\(refused.stderr)")
    #expect(refused.stderr.contains("\(reports)/2018-11/delivery.json: unreadable delivery record"))
    let marked = try NKReport.run(["send", "--reports", reports, "--mark-delivered", "2018-11"])
    #expect(marked.status == 0, "\(marked.stderr)")
    #expect(scratch.listing("Reports/2018-11").contains("delivery.json.damaged"))
    let quiet = try NKReport.run(["send", "--reports", reports, "--sendmail", "/bin/false"])
    #expect(quiet.status == 0, "a report marked delivered was sent: \(quiet.stderr)")
    let resent = try NKReport.run([
      "send", "--reports", reports, "--resend", "2018-11", "--sendmail", "/bin/true",
    ])
    #expect(resent.status == 0, "\(resent.stderr)")
    #expect(resent.stdout.contains("sent \(reports)/2018-11"))
    let unknown = try NKReport.run(["send", "--reports", reports, "--resend", "2019-01"])
    #expect(unknown.status == 66)
    #expect(try NKReport.run(["send", "--reports", reports, "--resend", "2019-1"]).status == 64)
  }

  @Test func libxlsxwritersOwnMessagesAreLoggedAtErrorPriorityWithTheFile() throws {
    // A real full disk: a 16 KiB tmpfs, smaller than the workbook (needs root to mount).
    guard getuid() == 0 else { return }
    let scratch = try Scratch()
    let mountPoint = scratch.path("full")
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    let mount = try NKReport.shell(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", mountPoint])
    guard mount == 0 else { return }
    defer { _ = try? NKReport.shell(["umount", mountPoint]) }
    let result = try runUnderJournal(
      [
        "run", "--inputs", NKReport.sampleInputs.path, "--reports", mountPoint, "--period",
        "2018-11",
      ],
      scratch: scratch)
    #expect(result.status != 0)
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(!lines.contains { $0.hasPrefix("[ERROR]") }, "\(result.stderr)")
    let library = lines.filter { $0.contains("libxlsxwriter: ") }
    #expect(!library.isEmpty, "\(result.stderr)")
    for line in library {
      #expect(line.hasPrefix("<3>nkreport: error: libxlsxwriter: "), "\(line)")
      #expect(line.contains("file=\(mountPoint)/.staging-2018-11-"), "\(line)")
      #expect(line.contains("/nkreport-2018-11.xlsx library=libxlsxwriter"), "\(line)")
    }
    #expect(library.contains { $0.contains("No space left on device") }, "\(library)")
  }

  private func runUnderJournal(_ arguments: [String], scratch: Scratch) throws -> NKReport.Result {
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
  /// Runs a system command, its output discarded; its exit status.
  static func shell(_ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }
}
