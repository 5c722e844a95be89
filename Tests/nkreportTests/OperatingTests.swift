import Foundation
import Testing

/// What a scheduled job owes its operators: exit codes, nothing half-published, reruns.
@Suite("Operating the job")
struct OperatingTests {
  @Test func helpDocumentsTheCommands() throws {
    let help = try NKReport.run(["run", "--help"])
    #expect(help.status == 0)
    for option in [
      "--inputs", "--reports", "--period", "--allow-rejects", "--mail-to", "--metrics-file",
    ] {
      #expect(help.stdout.contains(option))
    }
    let version = try NKReport.run(["--version"])
    #expect(version.stdout.hasPrefix("nkreport "))
  }

  @Test func aBadPeriodIsAUsageError() throws {
    let scratch = try Scratch()
    let result = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-13",
    ])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--period"))
    #expect(scratch.listing("").isEmpty)
  }

  @Test func aMailHeaderInjectionIsAUsageError() throws {
    let scratch = try Scratch()
    let result = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--mail-to", "desk@example.org\r\nBcc: spy@example.org",
    ])
    #expect(result.status == 64)
    #expect(scratch.listing("").isEmpty)
  }

  @Test func missingInputsAreExit66() throws {
    let scratch = try Scratch()
    let missingFolder = try NKReport.run([
      "run", "--inputs", scratch.path("nowhere"), "--reports", scratch.path("Reports"),
    ])
    #expect(missingFolder.status == 66)
    try scratch.write("id\n", to: "Empty/aid.csv")
    let missingArrivals = try NKReport.run(["validate", "--inputs", scratch.path("Empty")])
    #expect(missingArrivals.status == 66)
    #expect(missingArrivals.stderr.contains("arrivals.csv"))
    #expect(!scratch.listing("").contains("Reports"))
  }

  @Test func invalidRowsFailTheRunListingEveryProblemAndPublishNothing() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    var arrivals = try String(
      contentsOf: inputs.appendingPathComponent("arrivals.csv"), encoding: .utf8)
    arrivals += "2030,\"1,042\",5,,\n2031-13,1,2,3,\n"
    try Data(arrivals.utf8).write(to: inputs.appendingPathComponent("arrivals.csv"))
    let lines = arrivals.split(separator: "\n", omittingEmptySubsequences: false).count - 1
    let result = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"),
    ])
    #expect(result.status == 65)
    #expect(result.stderr.contains("arrivals.csv:\(lines - 1): male:"), "\(result.stderr)")
    #expect(result.stderr.contains("arrivals.csv:\(lines): period:"), "\(result.stderr)")
    #expect(!scratch.listing("").contains("Reports"))

    let validate = try NKReport.run(["validate", "--inputs", inputs.path])
    #expect(validate.status == 65)
    #expect(validate.stdout.contains("arrivals.csv:"))

    let allowed = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--allow-rejects",
      "--period", "2018-11",
    ])
    #expect(allowed.status == 0, "\(allowed.stderr)")
    let rejects = try scratch.read("Reports/2018-11/rejects.csv")
    #expect(rejects.hasPrefix("file,line,column,value,reason\n"))
    #expect(rejects.contains("arrivals.csv,\(lines - 1),male,"))
    #expect(try scratch.read("Reports/2018-11/digest.txt").contains("rejected"))
  }

  @Test func theDefaultPeriodIsTheLatestMonthOfTheData() throws {
    let scratch = try Scratch()
    let result = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let figures = summaryFigures(try scratch.read("Reports/2025-12/summary.csv"))
    #expect(figures["residents"] == "34538")
    #expect(scratch.listing("Reports/2025-12").contains("nkreport-2025-12.xlsx"))
  }

  @Test func aWindowThatCutsARowIsNotComputableEverywhere() throws {
    let scratch = try Scratch()
    let result = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-06",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let figures = summaryFigures(try scratch.read("Reports/2018-06/summary.csv"))
    #expect(figures["arrivals_ytd"] == "488")
    #expect(figures["arrivals_ytd_prev"] == "")
    #expect(figures["arrivals_change"] == "")
    #expect(figures["arrivals_change_pct"] == "")
    let digest = try scratch.read("Reports/2018-06/digest.txt")
    #expect(digest.contains("488"))
    #expect(!digest.contains("0 fewer") && !digest.contains("0 more"))
    let reader = try WorkbookReader(
      url: scratch.url.appendingPathComponent("Reports/2018-06/nkreport-2018-06.xlsx"))
    #expect(
      try reader.cells("Summary").values.contains {
        !$0.isNumber && $0.value.lowercased().contains("n/a")
      })
    let manifest = try scratch.read("Reports/2018-06/run.json")
    #expect(manifest.contains("\"arrivals_ytd_prev\" : null"))
  }

  @Test func outputsDoNotDependOnTheTimeZoneOrClock() throws {
    let first = try Scratch()
    let second = try Scratch()
    let arguments = ["run", "--inputs", NKReport.sampleInputs.path, "--period", "2018-11"]
    #expect(
      try NKReport.run(
        arguments + ["--reports", first.path("Reports")], environment: ["TZ": "UTC"]
      ).status == 0)
    #expect(
      try NKReport.run(
        arguments + ["--reports", second.path("Reports")],
        environment: ["TZ": "Asia/Seoul", "LANG": "ko_KR.UTF-8"]
      ).status == 0)
    let files = first.listing("Reports/2018-11")
    try #require(files.count == 15)
    #expect(second.listing("Reports/2018-11") == files)
    for file in files {
      let a = try Data(contentsOf: first.url.appendingPathComponent("Reports/2018-11/\(file)"))
      let b = try Data(contentsOf: second.url.appendingPathComponent("Reports/2018-11/\(file)"))
      #expect(a == b, "\(file) differs between runs")
    }
  }

  @Test func aRerunWithChangedDataKeepsTheEarlierReport() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    #expect(
      try NKReport.run([
        "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--period", "2018-11",
      ]).status == 0)
    var checkpoints = try String(
      contentsOf: inputs.appendingPathComponent("checkpoints.csv"), encoding: .utf8)
    checkpoints = checkpoints.replacingOccurrences(of: "32381", with: "32380")
    try Data(checkpoints.utf8).write(to: inputs.appendingPathComponent("checkpoints.csv"))
    let rerun = try NKReport.run([
      "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--period", "2018-11",
    ])
    #expect(rerun.status == 0)
    #expect(rerun.stdout.contains("2018-11.rev-1"))
    #expect(
      scratch.listing("Reports").filter { !$0.hasPrefix(".") }
        == ["2018-11", "2018-11.rev-1", "index.html"])
    let manifest = try scratch.read("Reports/2018-11/run.json")
    #expect(manifest.contains("\"previous\" : \"2018-11.rev-1\""))
    #expect(manifest.contains("checks.csv"))
  }

  @Test func metricsAreWrittenForTheCollector() throws {
    let scratch = try Scratch()
    let result = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-11", "--metrics-file", scratch.path("nkreport.prom"),
    ])
    #expect(result.status == 0)
    let metrics = try scratch.read("nkreport.prom")
    #expect(metrics.contains("nkreport_last_success_timestamp_seconds "))
    #expect(metrics.contains("nkreport_input_rows{file=\"arrivals.csv\"}"))
  }
}
