import Foundation
import NKPeriods
import NKRender
import NKSummary
import Testing

@testable import NKPublish

/// A report of a few text files and figures whose content the test controls.
struct FakeReport: PublishableReport {
  var folderName = "2018-11"
  var files: [String: String] = [
    "summary.csv": "metric,value\narrivals_ytd,1042\n", "a.csv": "x\n",
  ]
  var figures = [ReportFigure(.arrivalsYTD, .count(1042))]
  var failure: (any Error)?

  func writeFiles(into directory: URL) throws -> RenderedReport {
    for (name, text) in files {
      try Data(text.utf8).write(to: directory.appendingPathComponent(name))
      if let failure { throw failure }
    }
    return rendered
  }

  /// What `writeFiles` returns.
  var rendered: RenderedReport {
    let november = YearMonth(year: 2018, month: 11)!
    return RenderedReport(
      folderName: folderName, files: files.keys.sorted(), figures: figures, inputs: [],
      warnings: [], rejectedRowCount: 0, period: november,
      window: .months(YearMonth(year: 2018, month: 1)!, november),
      previousWindow: .months(YearMonth(year: 2017, month: 1)!, YearMonth(year: 2017, month: 11)!),
      dataThrough: november, toolVersion: "test")
  }
}

struct RenderFailure: Error {}

func temporaryReports() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent(
    "nkpublish-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

func listing(_ url: URL) -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
}

@Suite("Publishing a report folder")
struct PublisherTests {
  @Test func publishesFilesWithChecksumsAndManifest() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let outcome = try Publisher(reportsDirectory: reports).publish(FakeReport())
    #expect(
      outcome == .published(path: reports.appendingPathComponent("2018-11").path, revision: nil))
    let folder = reports.appendingPathComponent("2018-11")
    #expect(listing(folder) == ["SHA256SUMS", "a.csv", "run.json", "summary.csv"])
    let sums = try String(contentsOf: folder.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
    let names = sums.split(separator: "\n").map {
      $0.split(separator: " ").last.map(String.init) ?? ""
    }
    #expect(names == ["a.csv", "run.json", "summary.csv"])
    // sha256sum -c accepts it.
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    check.arguments = ["-c", "--quiet", "SHA256SUMS"]
    check.currentDirectoryURL = folder
    try check.run()
    check.waitUntilExit()
    #expect(check.terminationStatus == 0)
    // No staging folder is left behind; the lock file is hidden.
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "index.html"])
  }

  @Test func aRerunWithTheSameContentChangesNothing() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let before = try Data(contentsOf: reports.appendingPathComponent("2018-11/run.json"))
    #expect(
      try publisher.publish(FakeReport())
        == .unchanged(path: reports.appendingPathComponent("2018-11").path))
    #expect(try Data(contentsOf: reports.appendingPathComponent("2018-11/run.json")) == before)
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "index.html"])
  }

  @Test func aChangedRerunKeepsTheEarlierReportAndListsTheRevision() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    var revised = FakeReport()
    revised.files["summary.csv"] = "metric,value\narrivals_ytd,1043\n"
    revised.figures = [ReportFigure(.arrivalsYTD, .count(1043))]
    let outcome = try publisher.publish(revised)
    guard case .published(_, let revision?) = outcome else {
      Issue.record("expected a revision, got \(outcome)")
      return
    }
    #expect(revision.previous == "2018-11.rev-1")
    #expect(revision.changedFiles == ["summary.csv"])
    #expect(
      revision.changedFigures == [.init(metric: "arrivals_ytd", previous: "1042", current: "1043")])
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "2018-11.rev-1", "index.html"])
    let kept = try String(
      contentsOf: reports.appendingPathComponent("2018-11.rev-1/summary.csv"), encoding: .utf8)
    #expect(kept.contains("1042"))
    // Unchanged again after the revision, and a second revision gets the next number.
    #expect(
      try publisher.publish(revised)
        == .unchanged(path: reports.appendingPathComponent("2018-11").path))
    _ = try publisher.publish(FakeReport())
    #expect(listing(reports).contains("2018-11.rev-2"))
  }

  @Test func aFailedRenderPublishesNothing() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    var broken = FakeReport()
    broken.failure = RenderFailure()
    #expect(throws: PublishError.self) { try Publisher(reportsDirectory: reports).publish(broken) }
    #expect(listing(reports) == [".nkreport.lock"])
  }

  @Test func anotherRunHoldingTheLockIsRefusedWithTempFail() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let lock = try ReportLock(reportsDirectory: reports)
    defer { lock.release() }
    // flock locks belong to open file descriptions, so a second open in this process conflicts.
    do {
      _ = try Publisher(reportsDirectory: reports).publish(FakeReport())
      Issue.record("publish should have been refused")
    } catch {
      #expect(error.exitCode == 75)
    }
    #expect(listing(reports) == [".nkreport.lock"])
  }

  @Test func anUnwritableReportsFolderIsCantCreat() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let blocker = reports.appendingPathComponent("file")
    try Data("x".utf8).write(to: blocker)
    do {
      _ = try Publisher(reportsDirectory: blocker.appendingPathComponent("Reports")).publish(
        FakeReport())
      Issue.record("publish should have failed")
    } catch {
      #expect(error.exitCode == 73)
    }
  }

  @Test func metricsKeepTheLastSuccessAcrossAFailure() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let file = MetricsFile(path: reports.appendingPathComponent("nkreport.prom"))
    try file.write(
      .init(
        succeeded: true, exitCode: 0, finishedAt: 1_000, durationSeconds: 2,
        rowsRead: ["aid.csv": 5]))
    try file.write(.init(succeeded: false, exitCode: 65, finishedAt: 2_000, durationSeconds: 1))
    let text = try String(contentsOf: file.path, encoding: .utf8)
    #expect(text.contains("nkreport_last_success_timestamp_seconds 1000\n"))
    #expect(text.contains("nkreport_last_run_timestamp_seconds 2000\n"))
    #expect(text.contains("nkreport_last_run_exit_code 65\n"))
    #expect(listing(reports) == ["nkreport.prom"])
  }
}

@Suite("Repairing a published report")
struct PublisherRepairTests {
  @Test func anEditedPublishedFileIsPutRightInPlaceNotRepublished() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    try Data("tampered\n".utf8).write(to: reports.appendingPathComponent("2018-11/a.csv"))
    let outcome = try publisher.publish(FakeReport())
    #expect(outcome == .repaired(path: reports.appendingPathComponent("2018-11").path))
    #expect(
      try String(contentsOf: reports.appendingPathComponent("2018-11/a.csv"), encoding: .utf8)
        == "x\n")
    // Not a new version: no revision kept, and the next run finds it up to date.
    #expect(!listing(reports).contains("2018-11.rev-1"))
    #expect(
      try publisher.publish(FakeReport())
        == .unchanged(path: reports.appendingPathComponent("2018-11").path))
  }
}
