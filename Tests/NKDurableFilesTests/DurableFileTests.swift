import Foundation
import NKDurableFiles
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A scratch folder of the test's own (faults are installed for paths under it only).
final class Folder {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nkdurable-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }

  func file(_ name: String) -> URL { url.appendingPathComponent(name) }
  var names: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
  }
  func text(_ name: String) -> String? { try? String(contentsOf: file(name), encoding: .utf8) }
}

@Suite("Durable atomic writes")
struct DurableFileTests {
  @Test func writesAndReplacesAFileLeavingNoTemporaryFile() throws {
    let folder = try Folder()
    try DurableFile.write(Data("one\n".utf8), to: folder.file("run.json"))
    try DurableFile.write(Data("two\n".utf8), to: folder.file("run.json"))
    #expect(folder.text("run.json") == "two\n")
    #expect(folder.names == ["run.json"])
  }

  @Test func theModeIsTheOneAskedForWhateverTheUmask() throws {
    let folder = try Folder()
    let previous = umask(0o077)
    defer { umask(previous) }
    try DurableFile.write(Data("x".utf8), to: folder.file("metrics.prom"), permissions: 0o644)
    let attributes = try FileManager.default.attributesOfItem(
      atPath: folder.file("metrics.prom").path)
    #expect((attributes[.posixPermissions] as? Int) == 0o644)
  }

  @Test(arguments: [FaultInjection.Call.open, .write, .fsync, .rename])
  func aFailedCallLeavesTheOldFileAndNoTemporaryFile(call: FaultInjection.Call) throws {
    let folder = try Folder()
    try DurableFile.write(Data("old".utf8), to: folder.file("SHA256SUMS"))
    let fault = FaultInjection.Fault(call, under: folder.url.path, errno: ENOSPC)
    #expect {
      try FaultInjection.with(fault) {
        try DurableFile.write(Data("new".utf8), to: folder.file("SHA256SUMS"))
      }
    } throws: { error in
      (error as? DurableFileError)?.errno == ENOSPC
        && (error as? DurableFileError)?.reason == String(cString: strerror(ENOSPC))
    }
    #expect(folder.text("SHA256SUMS") == "old")
    #expect(folder.names == ["SHA256SUMS"])
  }

  @Test func anErrorNamesTheFileAskedForNotItsTemporaryFile() throws {
    let folder = try Folder()
    let fault = FaultInjection.Fault(.write, under: folder.url.path, errno: ENOSPC)
    #expect(
      throws: DurableFileError(
        path: folder.file("run.json").path, operation: "write", errno: ENOSPC)
    ) {
      try FaultInjection.with(fault) {
        try DurableFile.write(Data("new".utf8), to: folder.file("run.json"))
      }
    }
  }

  @Test func severalFilesAreAllWrittenBeforeAnyIsRenamed() throws {
    let folder = try Folder()
    for name in ["a.csv", "b.csv"] {
      try DurableFile.write(Data("old".utf8), to: folder.file(name))
    }
    // The second file's temporary file cannot be flushed: neither file changes.
    let fault = FaultInjection.Fault(.fsync, under: folder.url.path, errno: EIO, after: 1)
    #expect(
      throws: DurableFileError(path: folder.file("b.csv").path, operation: "fsync", errno: EIO)
    ) {
      try FaultInjection.with(fault) {
        try DurableFile.write([
          (folder.file("a.csv"), Data("new a".utf8)), (folder.file("b.csv"), Data("new b".utf8)),
        ])
      }
    }
    #expect(folder.text("a.csv") == "old")
    #expect(folder.text("b.csv") == "old")
    #expect(folder.names == ["a.csv", "b.csv"])
    try DurableFile.write([
      (folder.file("a.csv"), Data("new a".utf8)), (folder.file("b.csv"), Data("new b".utf8)),
    ])
    #expect(folder.text("a.csv") == "new a")
    #expect(folder.text("b.csv") == "new b")
  }

  @Test func throughLinksTheTargetIsReplacedAndTheLinkStays() throws {
    let folder = try Folder()
    let shared = folder.file("shared")
    let inputs = folder.file("Inputs")
    for url in [shared, inputs] {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    try DurableFile.write(Data("old".utf8), to: shared.appendingPathComponent("arrivals.csv"))
    // A relative link to a relative link: both are followed.
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("arrivals.csv").path, withDestinationPath: "shared/arrivals.csv")
    try FileManager.default.createSymbolicLink(
      atPath: inputs.appendingPathComponent("arrivals.csv").path,
      withDestinationPath: "../arrivals.csv")
    try DurableFile.write(
      [(inputs.appendingPathComponent("arrivals.csv"), Data("new".utf8))], throughLinks: true)
    #expect(folder.text("shared/arrivals.csv") == "new")
    #expect(
      try FileManager.default.destinationOfSymbolicLink(
        atPath: inputs.appendingPathComponent("arrivals.csv").path) == "../arrivals.csv")
    #expect(folder.names == ["Inputs", "arrivals.csv", "shared"])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: shared.path) == ["arrivals.csv"])
  }

  @Test func aLinkLoopIsAnErrorNamingTheLink() throws {
    let folder = try Folder()
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("a").path, withDestinationPath: "b")
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("b").path, withDestinationPath: "a")
    #expect(
      throws: DurableFileError(path: folder.file("a").path, operation: "readlink", errno: ELOOP)
    ) {
      try DurableFile.write([(folder.file("a"), Data("x".utf8))], throughLinks: true)
    }
    #expect(folder.names == ["a", "b"])
  }

  @Test func withoutThroughLinksALinkIsReplacedByTheFile() throws {
    let folder = try Folder()
    try DurableFile.write(Data("target".utf8), to: folder.file("target"))
    try FileManager.default.createSymbolicLink(
      atPath: folder.file("link").path, withDestinationPath: "target")
    try DurableFile.write(Data("new".utf8), to: folder.file("link"))
    #expect(folder.text("target") == "target")
    #expect(folder.text("link") == "new")
    #expect(
      (try? FileManager.default.destinationOfSymbolicLink(atPath: folder.file("link").path)) == nil)
  }

  @Test func aFaultElsewhereDoesNotFireHere() throws {
    let folder = try Folder()
    let other = try Folder()
    try FaultInjection.with(.init(.fsync, under: other.url.path)) {
      try DurableFile.write(Data("fine".utf8), to: folder.file("a"))
    }
    #expect(folder.text("a") == "fine")
  }
}

@Suite("Swapping folders into place")
struct FolderExchangeTests {
  /// `REPORTS/2018-11` (old) and a staging folder (new).
  private func folders(_ root: Folder) throws -> (current: URL, new: URL, previous: URL) {
    let current = root.file("2018-11")
    let new = root.file(".staging-2018-11")
    for (url, text) in [(current, "old"), (new, "new")] {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url.appendingPathComponent("summary.csv"))
    }
    return (current, new, root.file("2018-11.rev-1"))
  }

  @Test func theNewFolderTakesTheNameInOneStepAndTheOldOneKeepsARevisionName() throws {
    let root = try Folder()
    let (current, new, previous) = try folders(root)
    let method = try FolderExchange.replace(current, with: new, keepingPreviousAt: previous)
    #expect(method == .exchanged)
    #expect(root.text("2018-11/summary.csv") == "new")
    #expect(root.text("2018-11.rev-1/summary.csv") == "old")
    #expect(root.names == ["2018-11", "2018-11.rev-1"])
  }

  @Test(arguments: [EINVAL, ENOSYS])
  func withoutAnExchangeTwoRenamesDoTheSame(errno: Int32) throws {
    let root = try Folder()
    let (current, new, previous) = try folders(root)
    let method = try FaultInjection.with(.init(.exchange, under: root.url.path, errno: errno)) {
      try FolderExchange.replace(current, with: new, keepingPreviousAt: previous)
    }
    #expect(method == .renamedTwice)
    #expect(root.text("2018-11/summary.csv") == "new")
    #expect(root.text("2018-11.rev-1/summary.csv") == "old")
  }

  @Test func aFallBackWhoseSecondRenameFailsPutsTheOldFolderBack() throws {
    let root = try Folder()
    let (current, new, previous) = try folders(root)
    #expect(throws: DurableFileError.self) {
      try FaultInjection.with(.init(.exchange, under: root.url.path, errno: EINVAL)) {
        // Both renames' destinations start with `current`'s path: the first (old → revision
        // name) succeeds, the second (new → current) fails.
        try FaultInjection.with(.init(.rename, under: current.path, errno: EIO, after: 1)) {
          try FolderExchange.replace(current, with: new, keepingPreviousAt: previous)
        }
      }
    }
    #expect(root.text("2018-11/summary.csv") == "old")
    #expect(root.text(".staging-2018-11/summary.csv") == "new")
    #expect(!root.names.contains("2018-11.rev-1"))
  }

  @Test func aFailedExchangeChangesNothing() throws {
    let root = try Folder()
    let (current, new, previous) = try folders(root)
    #expect(throws: DurableFileError.self) {
      try FaultInjection.with(.init(.exchange, under: root.url.path, errno: EIO)) {
        try FolderExchange.replace(current, with: new, keepingPreviousAt: previous)
      }
    }
    #expect(root.text("2018-11/summary.csv") == "old")
    #expect(root.text(".staging-2018-11/summary.csv") == "new")
  }

  @Test func aRevisionNameThatCannotBeGivenSwapsBack() throws {
    let root = try Folder()
    let (current, new, previous) = try folders(root)
    #expect(throws: DurableFileError.self) {
      try FaultInjection.with(.init(.rename, under: previous.path, errno: EIO)) {
        try FolderExchange.replace(current, with: new, keepingPreviousAt: previous)
      }
    }
    #expect(root.text("2018-11/summary.csv") == "old")
    #expect(root.text(".staging-2018-11/summary.csv") == "new")
    #expect(root.names == [".staging-2018-11", "2018-11"])
  }

  @Test func aFailedFsyncOfTheFolderIsAnError() throws {
    let root = try Folder()
    let (current, new, _) = try folders(root)
    try FileManager.default.removeItem(at: current)
    #expect(throws: DurableFileError.self) {
      try FaultInjection.with(.init(.fsync, under: root.url.path)) {
        try FolderExchange.place(new, at: current)
      }
    }
  }
}
