import Foundation
import Testing

@testable import NKPublish

#if canImport(Glibc)
  import Glibc
#endif

/// Faults an operator meets on a real server (issue 7, item 6).
@Suite("Operating faults of a published report")
struct OperatingFaultTests {
  @Test(arguments: ["SHA256SUMS", "run.json"])
  func aDeletedListingIsRepairedNotCalledUpToDate(_ name: String) throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let folder = reports.appendingPathComponent("2018-11")
    let sums = try Data(contentsOf: folder.appendingPathComponent("SHA256SUMS"))
    try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    let outcome = try publisher.publish(FakeReport())
    #expect(outcome != .unchanged(path: folder.path))
    #expect(try Data(contentsOf: folder.appendingPathComponent("SHA256SUMS")) == sums)
    #expect(try publisher.publish(FakeReport()) == .unchanged(path: folder.path))
  }

  @Test func anEditedSHA256SUMSIsWrittenAgainInPlace() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let folder = reports.appendingPathComponent("2018-11")
    let sums = folder.appendingPathComponent("SHA256SUMS")
    let original = try Data(contentsOf: sums)
    try Data("0000  a.csv\n".utf8).write(to: sums)
    #expect(try publisher.publish(FakeReport()) == .repaired(path: folder.path))
    #expect(try Data(contentsOf: sums) == original)
    // Repaired in place: no revision folder, and the delivery record stays.
    #expect(listing(reports) == [".nkreport.lock", "2018-11", "index.html"])
  }

  @Test func anEditedRunJSONIsRepaired() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let manifest = reports.appendingPathComponent("2018-11/run.json")
    let original = try Data(contentsOf: manifest)
    var text = String(decoding: original, as: UTF8.self)
    text = text.replacingOccurrences(of: "{", with: "{\"note\":\"edited\",", options: .anchored)
    try Data(text.utf8).write(to: manifest)
    #expect(
      try publisher.publish(FakeReport())
        == .repaired(path: manifest.deletingLastPathComponent().path))
    #expect(try Data(contentsOf: manifest) == original)
  }

  @Test func theDeliveryRecordIsNotPartOfTheReport() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let publisher = Publisher(reportsDirectory: reports)
    _ = try publisher.publish(FakeReport())
    let folder = reports.appendingPathComponent("2018-11")
    try Data("{}\n".utf8).write(to: folder.appendingPathComponent(Publisher.deliveryRecordName))
    #expect(try publisher.publish(FakeReport()) == .unchanged(path: folder.path))
    let sums = try String(contentsOf: folder.appendingPathComponent("SHA256SUMS"), encoding: .utf8)
    #expect(!sums.contains(Publisher.deliveryRecordName))
  }

  @Test func aReportsPathThatIsAFileSaysSo() throws {
    let scratch = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let file = scratch.appendingPathComponent("Reports")
    try Data("x".utf8).write(to: file)
    #expect(
      throws: PublishError.cannotWrite(
        path: file.path, reason: "the reports folder is a file, not a folder")
    ) {
      try Publisher(reportsDirectory: file).publish(FakeReport())
    }
  }

  @Test func aReportsPathThatIsADanglingLinkSaysSo() throws {
    let scratch = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let link = scratch.appendingPathComponent("Reports")
    try FileManager.default.createSymbolicLink(
      atPath: link.path, withDestinationPath: "/nonexistent/nk")
    #expect(
      throws: PublishError.cannotWrite(
        path: link.path,
        reason: "the reports folder is a symbolic link to /nonexistent/nk, which does not exist")
    ) {
      try Publisher(reportsDirectory: link).publish(FakeReport())
    }
  }

  @Test func aReportsPathThatLinksToAFolderIsUsed() throws {
    let scratch = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: scratch) }
    let real = scratch.appendingPathComponent("real")
    try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
    let link = scratch.appendingPathComponent("Reports")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
    _ = try Publisher(reportsDirectory: link).publish(FakeReport())
    #expect(listing(real).contains("2018-11"))
  }

  @Test func metricsAreReadableByTheCollectorWhateverTheUmask() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let file = MetricsFile(path: reports.appendingPathComponent("nkreport.prom"))
    let previous = umask(0o027)  // the service's UMask
    defer { umask(previous) }
    try file.write(.init(succeeded: true, exitCode: 0, finishedAt: 1, durationSeconds: 1))
    let mode = try FileManager.default.attributesOfItem(atPath: file.path.path)[.posixPermissions]
    #expect(mode as? Int == 0o644)
  }

  @Test func aMetricsFileThatCannotBeWrittenLeavesNoTemporaryFile() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    // The metrics path is a folder: the temp file is written, the rename fails.
    let blocked = reports.appendingPathComponent("nkreport.prom")
    try FileManager.default.createDirectory(
      at: blocked.appendingPathComponent("x"), withIntermediateDirectories: true)
    #expect(throws: PublishError.self) {
      try MetricsFile(path: blocked).write(
        .init(succeeded: true, exitCode: 0, finishedAt: 1, durationSeconds: 1))
    }
    #expect(listing(reports) == ["nkreport.prom"])
  }
}
