import Foundation
import Testing

@testable import NKPublish

/// The digest written as the pass goes is the same file as one built in memory, across the
/// writer's 64 KiB chunks, and reads back entry for entry.
struct AidRecordDigestWriterTests {
  @Test(arguments: [0, 1, 3276, 3277, 10_000])
  func streamedDigestEqualsTheInMemoryOne(records: Int) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nkdigest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = folder.appendingPathComponent(AidRecordDigestFile.name)

    let writer = try AidRecordDigestWriter(url: url)
    var expected = AidRecordDigestFile.headerBytes
    for index in 0..<records {
      let record = AidDigestScaleTests.record(index)
      try writer.append(record, line: index + 2)
      AidRecordDigestFile.append(record, line: index + 2, to: &expected)
    }
    try writer.finish()
    #expect(try Data(contentsOf: url) == Data(expected))
    #expect(try AidRecordDigestFile.read(url).count == records)
  }

  @Test func aFolderThatIsGoneIsAnErrorNamingTheFile() {
    let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/aid-records.digest")
    #expect {
      _ = try AidRecordDigestWriter(url: url)
    } throws: { error in
      "\(error)".contains(url.path)
    }
  }
}
