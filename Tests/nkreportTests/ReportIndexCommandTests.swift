import Foundation
import HTMLReadBack
import Testing

/// `Reports/index.html` as the commands keep it: `run` writes it, `send` rewrites it with the
/// delivery, and neither takes it for a report.
@Suite("The reports index kept by run and send")
struct ReportIndexCommandTests {
  func index(_ scratch: Scratch) throws -> HTMLElement {
    HTMLDocument.parse(try scratch.read("Reports/index.html"))
  }

  @Test func sendRecordsTheDeliveryInTheIndexAndSkipsTheIndexFile() throws {
    let scratch = try Scratch()
    try scratch.write("", to: "empty.toml")
    let run = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--config", scratch.path("empty.toml"), "--period", "2018-11",
    ])
    try #require(run.status == 0, "\(run.stderr)")
    #expect(try index(scratch).all(class: "notes").first?.text == "Digest not mailed yet.")
    // A stand-in for sendmail that takes the message and succeeds.
    try scratch.write("#!/bin/sh\ncat >/dev/null\nexit 0\n", to: "sendmail")
    chmod(scratch.path("sendmail"), 0o755)
    let send = try NKReport.run([
      "send", "--config", scratch.path("empty.toml"), "--reports", scratch.path("Reports"),
      "--sendmail", scratch.path("sendmail"),
    ])
    #expect(send.status == 0, "\(send.stderr)")
    #expect(send.stdout.split(separator: "\n").count == 1, "\(send.stdout)")
    let notes = try index(scratch).all(class: "notes").first?.text ?? ""
    #expect(
      notes.hasPrefix("Digest mailed on 20") && notes.count == "Digest mailed on 2026-12-02.".count)
  }

  @Test func theSameReportsGiveAByteIdenticalIndexWhereverTheyArePublished() throws {
    var pages: [Data] = []
    for _ in 0..<2 {
      let scratch = try Scratch()
      try scratch.write("", to: "empty.toml")
      for period in ["2018-10", "2018-11", "2018-11"] {
        let run = try NKReport.run([
          "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
          "--config", scratch.path("empty.toml"), "--period", period,
        ])
        try #require(run.status == 0, "\(run.stderr)")
      }
      pages.append(try Data(contentsOf: scratch.url.appendingPathComponent("Reports/index.html")))
    }
    #expect(pages[0] == pages[1])
    #expect(String(decoding: pages[0], as: UTF8.self).contains("id=\"report-2018-10\""))
  }
}

@Suite("An index page that cannot be written")
struct UnwritableIndexTests {
  @Test func runAndSendSucceedAndWarnNamingThePage() throws {
    let scratch = try Scratch()
    try scratch.write("", to: "empty.toml")
    // A folder where the page should be: the page's rename over it fails.
    let page = scratch.url.appendingPathComponent("Reports/index.html")
    try FileManager.default.createDirectory(at: page, withIntermediateDirectories: true)
    let run = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--config", scratch.path("empty.toml"), "--period", "2018-11",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(scratch.listing("Reports/2018-11").contains("SHA256SUMS"))
    let warning = "nkreport: warning: the reports index was not updated: cannot write \(page.path):"
    #expect(run.stderr.contains(warning), "\(run.stderr)")

    try scratch.write("#!/bin/sh\ncat >/dev/null\nexit 0\n", to: "sendmail")
    chmod(scratch.path("sendmail"), 0o755)
    let send = try NKReport.run([
      "send", "--config", scratch.path("empty.toml"), "--reports", scratch.path("Reports"),
      "--sendmail", scratch.path("sendmail"),
    ])
    #expect(send.status == 0, "\(send.stderr)")
    #expect(send.stderr.contains(warning), "\(send.stderr)")
  }
}
