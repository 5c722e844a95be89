import Foundation
import NKInputs
import NKPeriods
import NKSummary
import Testing

@testable import NKPublish

/// The aid-record comparison at the contract's scale (DESIGN.md "Scale": a ledger of 1M rows in
/// ≤ 128 MiB): an earlier `aid-records.csv` of 1M records read once into the digest, the
/// current ledger compared in one pass, the few changed and removed lines read back. Prints
/// the time and the memory it adds; slow, so it runs only with `NKREPORT_SCALE=1` (alone, so
/// the process's peak is its own: `swift test --filter AidDigestScaleTests`).
@Suite("The aid-record comparison at 1M records")
struct AidDigestScaleTests {
  static let records =
    ProcessInfo.processInfo.environment["NKREPORT_SCALE_RECORDS"].flatMap(Int.init)
    ?? 1_000_000

  static func record(_ index: Int) -> AidRecord {
    let month = index % 96
    return AidRecord(
      id: "AID-\(String(1_000_000 + index).dropFirst())",
      authorised: Day(year: 2017 + month / 12, month: month % 12 + 1, day: index % 28 + 1)!,
      provider: "Civic group \(index % 40)", providerType: .civic, category: "Flour",
      description: "Shipment \(index) of flour for the northern provinces",
      amount: Decimal(index % 90_000 + 10_000) / 100,
      currency: index % 4 == 0 ? "USD" : "KRW", status: index % 3 == 0 ? .delivered : .authorised,
      delivered: index % 3 == 0
        ? Day(year: 2017 + month / 12, month: month % 12 + 1, day: 28)! : nil,
      line: index + 2)
  }

  /// Resident and peak resident memory of this process, in MiB (`/proc/self/status`).
  static func memory() -> (rss: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Double {
      let line = status.split(separator: "\n").first { $0.hasPrefix(name) } ?? ""
      return Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty } ?? "0")
        .map { $0 / 1024 } ?? 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["NKREPORT_SCALE"] == "1"))
  func aMillionRecordsInBoundedMemory() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let folder = reports.appendingPathComponent("2024-12")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    // The earlier report's aid-records.csv, written as the report writes it.
    let path = folder.appendingPathComponent("aid-records.csv").path
    FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var text = AidRecordRow.csvColumns.joined(separator: ",") + "\n"
    for index in 0..<Self.records {
      let record = Self.record(index)
      text +=
        "\(record.id),\(record.authorised),\(record.provider),civic,\(record.category),\(record.description),\(record.amount),\(record.currency),\(record.status.rawValue),\(record.delivered.map(\.description) ?? ""),,\n"
      if text.utf8.count > 1 << 20 {
        try handle.write(contentsOf: Data(text.utf8))
        text = ""
      }
    }
    try handle.write(contentsOf: Data(text.utf8))
    try handle.close()
    // A report of this version also publishes the digest; an older one has only the CSV.
    let source = ProcessInfo.processInfo.environment["NKREPORT_SCALE_SOURCE"] ?? "digest"
    if source == "digest" {
      var bytes = AidRecordDigestFile.headerBytes
      for index in 0..<Self.records {
        AidRecordDigestFile.append(Self.record(index), line: index + 2, to: &bytes)
      }
      try Data(bytes).write(to: folder.appendingPathComponent(AidRecordDigestFile.name))
    }
    try "metric,value\nperiod,2024-12\n".write(
      to: folder.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)

    let before = Self.memory()
    let clock = ContinuousClock()
    let readStart = clock.now
    let earlier = PublishedReportReader.read(folder: folder)
    let readTime = clock.now - readStart
    let digest = try #require(earlier.aidRecords)
    #expect(digest.count == Self.records)
    let afterRead = Self.memory()

    // The current ledger: every 100,000th record changed in amount, one removed, one added.
    let passStart = clock.now
    var comparison = AidRecordComparison(
      earlier: digest, coveredThrough: Day.end(of: YearMonth(year: 2024, month: 12)!))
    for index in 0..<Self.records where index != 7 {
      var record = Self.record(index)
      if index % 100_000 == 5 { record.amount += 1 }
      comparison.observe(record)
    }
    var added = Self.record(Self.records + 1)
    added.id = "AID-NEW"
    comparison.observe(added)
    let passTime = clock.now - passStart
    // The same records made without comparing them: what the pass spent making them.
    let makeStart = clock.now
    var ids = 0
    for index in 0..<Self.records where index != 7 {
      var record = Self.record(index)
      if index % 100_000 == 5 { record.amount += 1 }
      ids &+= record.id.utf8.count
    }
    let makeTime = clock.now - makeStart
    #expect(ids > 0)
    let lines = comparison.earlierLinesNeeded
    let facts = try PublishedReportReader.aidRecords(atLines: lines, in: folder)
    let revisions = comparison.revisions(earlier: facts, folder: "2024-12")
    let after = Self.memory()
    let changed = (Self.records + 99_994) / 100_000
    #expect(revisions.count == changed + 2)
    print(
      """
      aid-record comparison, \(Self.records) records from \(source): digest read \(readTime), pass \(passTime) (of which making the records \(makeTime)), \
      RSS \(before.rss) → \(afterRead.rss) → \(after.rss) MiB, peak \(before.peak) → \(afterRead.peak) → \(after.peak) MiB, \
      \(revisions.count) revisions
      """)
    // The digest holds 20 bytes a record (19 MiB at 1M), sorted where it lies; the pass adds
    // a bit a record and the few records it keeps.
    #expect(afterRead.rss - before.rss <= Double(Self.records) * 32 / 1_048_576 + 4)
    #expect(after.rss - afterRead.rss <= 8)
  }
}
