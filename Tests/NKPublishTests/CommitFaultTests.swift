import Foundation
import NKDurableFiles
import Testing

@testable import NKPublish

#if canImport(Glibc)
  import Glibc
#endif

/// Publishing when the file system fails on purpose (`FaultInjection`): a commit that cannot
/// finish leaves the published report as it was and no staging folder behind.
@Suite("Commit faults")
struct CommitFaultTests {
  private func revised() -> FakeReport {
    var report = FakeReport()
    report.files["a.csv"] = "y\n"
    return report
  }

  @Test func aRevisionWhoseSwapFailsLeavesTheEarlierReportInPlace() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let folder = reports.appendingPathComponent("2018-11")
    let before = listing(folder)
    #expect(throws: PublishError.self) {
      try FaultInjection.with(.init(.exchange, under: reports.path, errno: EIO)) {
        try publisher.publish(revised())
      }
    }
    #expect(listing(folder) == before)
    #expect(
      try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8) == "x\n")
    // No staging folder, no revision, no marker left.
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "index.html"])
    #expect(!listing(folder).contains(StagedReport.swappedOutMarker))
    // And the next run publishes the revision normally.
    let outcome = try publisher.publish(revised())
    guard case .published(_, let revision?) = outcome else {
      Issue.record("expected a revision, got \(outcome)")
      return
    }
    #expect(revision.previous == "2018-11.rev-1")
  }

  @Test func aRevisionWhoseRenameAfterTheSwapFailsLeavesTheEarlierReportInPlace() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let folder = reports.appendingPathComponent("2018-11")
    #expect(throws: PublishError.self) {
      try FaultInjection.with(
        .init(.rename, under: reports.appendingPathComponent("2018-11.rev-1").path, errno: EIO)
      ) {
        try publisher.publish(revised())
      }
    }
    #expect(
      try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8) == "x\n")
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "index.html"])
    #expect(!listing(folder).contains(StagedReport.swappedOutMarker))
  }

  @Test func aFileSystemWithoutExchangeFallsBackToTwoRenamesAndRollsBackTheFirst() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let folder = reports.appendingPathComponent("2018-11")
    #expect(throws: PublishError.self) {
      try FaultInjection.with(.init(.exchange, under: reports.path, errno: EINVAL)) {
        // The earlier report's rename to 2018-11.rev-1 succeeds; the new one's to 2018-11
        // fails, and the earlier one must be put back.
        try FaultInjection.with(.init(.rename, under: folder.path, errno: EIO, after: 1)) {
          try publisher.publish(revised())
        }
      }
    }
    #expect(
      try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8) == "x\n")
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "index.html"])
  }

  @Test func aFailedFsyncPublishesNothing() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    #expect {
      try FaultInjection.with(.init(.fsync, under: reports.path, errno: EIO)) {
        try Publisher(reportsDirectory: reports).publish(FakeReport())
      }
    } throws: { error in
      guard case .cannotWrite(_, let reason) = error as? PublishError else { return false }
      return reason == String(cString: strerror(EIO))
    }
    #expect(listing(reports) == [".nkreport.lock"])
  }

  @Test func aFailedListingWriteLeavesARevisionUnpublished() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    #expect(throws: PublishError.self) {
      try FaultInjection.with(.init(.write, under: reports.path, errno: ENOSPC)) {
        try publisher.publish(revised())
      }
    }
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "index.html"])
  }

  @Test func anEarlierReportLeftUnderAStagingNameIsRecoveredAsARevision() throws {
    // A run killed between the swap and the rename: the earlier report, with the marker the
    // commit wrote into it, sits under the staging name.
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let stranded = reports.appendingPathComponent(".staging-2018-11-999999")
    try FileManager.default.copyItem(at: reports.appendingPathComponent("2018-11"), to: stranded)
    try Data("2018-11".utf8).write(
      to: stranded.appendingPathComponent(StagedReport.swappedOutMarker))
    // An ordinary abandoned staging folder is removed.
    let abandoned = reports.appendingPathComponent(".staging-2018-11-999998")
    try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: true)

    _ = try publisher.publish(FakeReport())
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "2018-11.rev-1", "index.html"])
    #expect(
      listing(reports.appendingPathComponent("2018-11.rev-1"))
        == ["SHA256SUMS", "a.csv", "run.json", "summary.csv"])
  }

  @Test func aStagedReportDroppedWithoutCommitRemovesItsFolderAndReleasesTheLock() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    do {
      let staged = try publisher.stage(folderName: "2018-11")
      try Data("x".utf8).write(to: staged.folder.appendingPathComponent("a.csv"))
      #expect(throws: PublishError.self) { try publisher.stage(folderName: "2018-11") }
    }
    #expect(listing(reports) == [".nkreport.lock"])
    _ = try publisher.stage(folderName: "2018-11")  // the lock is free again
  }

  @Test func anIndexPageThatCannotBeWrittenCostsTheReportNothingAndIsReturned() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let staged = try Publisher(reportsDirectory: reports).stage(folderName: "2018-11")
    let rendered = try FakeReport().writeFiles(into: staged.folder)
    // The page's temporary file cannot be written: the disk is full.
    let fault = FaultInjection.Fault(
      .write, under: reports.appendingPathComponent(".index.html").path, errno: ENOSPC)
    let committed = try FaultInjection.with(fault) { try staged.commit(rendered) }
    guard case .published(let path, nil) = committed.outcome else {
      Issue.record("expected a first publication, got \(committed.outcome)")
      return
    }
    #expect(path == reports.appendingPathComponent("2018-11").path)
    #expect(
      committed.indexProblem
        == .cannotWrite(
          path: reports.appendingPathComponent("index.html").path,
          reason: String(cString: strerror(ENOSPC))))
    #expect(listing(reports) == [".nkreport.lock", "2018-11"])
    #expect(listing(reports.appendingPathComponent("2018-11")).contains("SHA256SUMS"))
    // The next commit writes the page again, and says nothing.
    var revised = FakeReport()
    revised.files["a.csv"] = "y\n"
    let next = try Publisher(reportsDirectory: reports).stage(folderName: "2018-11")
    let again = try next.commit(try revised.writeFiles(into: next.folder))
    #expect(again.indexProblem == nil)
    #expect(listing(reports).contains("index.html"))
  }
}
