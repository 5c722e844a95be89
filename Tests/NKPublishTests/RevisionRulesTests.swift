import Foundation
import NKRender
import Testing

@testable import NKPublish

/// What counts as a revision of a published report: what it says changing, not a file edited
/// or deleted on the share, not a change of recipients, and never a stray path in its place.
@Suite("What counts as a revision")
struct RevisionRulesTests {
  let reports: URL
  let publisher: Publisher
  var folder: URL { reports.appendingPathComponent("2018-11") }

  init() throws {
    reports = try temporaryReports()
    publisher = Publisher(reportsDirectory: reports)
  }

  @Test func aDeletedFileOfAnUnchangedReportIsPutBackInPlace() throws {
    defer { try? FileManager.default.removeItem(at: reports) }
    _ = try publisher.publish(FakeReport())
    try FileManager.default.removeItem(at: folder.appendingPathComponent("a.csv"))
    #expect(try publisher.publish(FakeReport()) == .repaired(path: folder.path))
    #expect(
      try String(contentsOf: folder.appendingPathComponent("a.csv"), encoding: .utf8) == "x\n")
    #expect(listing(reports).filter { $0.hasPrefix("2018-11") } == ["2018-11"])
  }

  @Test func aDigestForOtherRecipientsOnlyIsNoRevision() throws {
    defer { try? FileManager.default.removeItem(at: reports) }
    var report = FakeReport()
    report.files[DigestFileName.message] = "To: desk@example.org\r\n\r\nbody\r\n"
    _ = try publisher.publish(report)
    report.files[DigestFileName.message] = "To: desk@example.org, new@example.org\r\n\r\nbody\r\n"
    #expect(try publisher.publish(report) == .repaired(path: folder.path))
    // The published digest is addressed to the recipients now set; no earlier version kept.
    #expect(
      try String(contentsOf: folder.appendingPathComponent(DigestFileName.message), encoding: .utf8)
        .contains("new@example.org"))
    #expect(!listing(reports).contains("2018-11.rev-1"))
    #expect(try publisher.publish(report) == .unchanged(path: folder.path))
  }

  @Test func whatTheReportSaysChangingIsARevision() throws {
    defer { try? FileManager.default.removeItem(at: reports) }
    var report = FakeReport()
    _ = try publisher.publish(report)
    report.files["a.csv"] = "y\n"
    guard case .published(_, let revision?) = try publisher.publish(report) else {
      Issue.record("expected a revision")
      return
    }
    #expect(revision.changedFiles == ["a.csv"])
    #expect(listing(reports).contains("2018-11.rev-1"))
  }

  @Test(arguments: ["a file", "an empty folder", "a foreign folder", "a link"])
  func aPathInTheWayThatIsNoReportIsRefused(_ kind: String) throws {
    defer { try? FileManager.default.removeItem(at: reports) }
    let files = FileManager.default
    switch kind {
    case "a file": try Data("stray\n".utf8).write(to: folder)
    case "an empty folder": try files.createDirectory(at: folder, withIntermediateDirectories: true)
    case "a foreign folder":
      try files.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data("notes\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
    default: try files.createSymbolicLink(atPath: folder.path, withDestinationPath: "/nonexistent")
    }
    #expect {
      _ = try publisher.publish(FakeReport())
    } throws: { error in
      guard case .cannotWrite(let path, let reason) = error as? PublishError else { return false }
      return path == folder.path && reason.contains("in the way of the report")
    }
    // Nothing was moved aside as a "revision", nothing published, no staging left behind.
    #expect(listing(reports).filter { $0 != ".nkreport.lock" } == ["2018-11"])
  }
}
