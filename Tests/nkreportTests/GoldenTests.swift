import Foundation
import Testing
import ZIPFoundation

/// The sample's 2018-11 report (inputs: `Tests/Fixtures/Inputs`), compared with the files
/// committed under `Tests/Fixtures/Golden/2018-11`: the CSV files and digests byte for byte,
/// and the workbook part by part (each sheet's XML, the styles, the shared strings…), a
/// failure naming the part and showing the first lines that differ.
///
/// An intended change regenerates them in the same commit, then the diff is reviewed:
///
///     NKREPORT_UPDATE_GOLDEN=1 swift test --filter Golden
@Suite("Golden files of the 2018-11 sample report")
struct GoldenTests {
  static let files = [
    "summary.csv", "arrivals-by-year.csv", "arrivals-detail.csv", "aid-by-year.csv",
    "aid-by-category.csv", "aid-records.csv", "checks.csv", "revisions.csv", "digest.txt",
    "digest.html",
  ]
  /// Workbook parts left out: the document properties hold the creation time.
  static let partsNotCompared: Set<String> = ["docProps/core.xml"]

  static var isUpdating: Bool {
    ProcessInfo.processInfo.environment["NKREPORT_UPDATE_GOLDEN"] == "1"
  }
  static let golden = NKReport.goldenDirectory.appendingPathComponent("2018-11")

  /// The sample report, published once per test.
  private func publishSample(into scratch: Scratch) throws -> URL {
    let result = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-11",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    return scratch.url.appendingPathComponent("Reports/2018-11")
  }

  @Test func theSampleReportsFilesMatchTheGoldenFiles() throws {
    let scratch = try Scratch()
    let report = try publishSample(into: scratch)
    for file in Self.files {
      try compare(
        try Data(contentsOf: report.appendingPathComponent(file)),
        golden: Self.golden.appendingPathComponent(file), name: file)
    }
  }

  @Test func theSampleWorkbookMatchesTheGoldenPartByPart() throws {
    let scratch = try Scratch()
    let report = try publishSample(into: scratch)
    let parts = try Self.parts(of: report.appendingPathComponent("nkreport-2018-11.xlsx"))
    let goldenParts = Self.golden.appendingPathComponent("workbook")
    if Self.isUpdating {
      try? FileManager.default.removeItem(at: goldenParts)
    }
    for (name, data) in parts.sorted(by: { $0.key < $1.key })
    where !Self.partsNotCompared.contains(name) {
      try compare(data, golden: goldenParts.appendingPathComponent(name), name: "workbook \(name)")
    }
    // No part missing from the workbook, none added to it.
    let expected = try Self.files(under: goldenParts)
    let produced = Set(parts.keys).subtracting(Self.partsNotCompared)
    #expect(produced == expected, "the workbook's parts differ from the golden parts")
    #expect(produced.contains("xl/styles.xml"))
    #expect(produced.contains { $0.hasPrefix("xl/worksheets/sheet") })
  }

  /// Compares `produced` with the golden file (writing it instead when updating), with a
  /// line diff on failure.
  private func compare(_ produced: Data, golden url: URL, name: String) throws {
    if Self.isUpdating {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try produced.write(to: url)
    }
    let expected = try Data(contentsOf: url)
    if produced != expected {
      Issue.record(
        """
        \(name) differs from \(url.path) \
        (NKREPORT_UPDATE_GOLDEN=1 swift test --filter Golden regenerates it):
        \(Self.lineDiff(expected: expected, produced: produced))
        """)
    }
  }

  /// Every part of an .xlsx (a zip archive), by path.
  static func parts(of workbook: URL) throws -> [String: Data] {
    let archive = try Archive(url: workbook, accessMode: .read)
    var parts: [String: Data] = [:]
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      parts[entry.path] = data
    }
    return parts
  }

  static func files(under folder: URL) throws -> Set<String> {
    let prefix = folder.standardizedFileURL.path + "/"
    guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    else { return [] }
    var names: Set<String> = []
    for case let url as URL in walker where !url.hasDirectoryPath {
      names.insert(String(url.standardizedFileURL.path.dropFirst(prefix.count)))
    }
    return names
  }

  /// The first lines that differ, with their numbers; XML on one line is split at tags first,
  /// so a sheet's difference shows the cells around it rather than the whole sheet.
  static func lineDiff(expected: Data, produced: Data, limit: Int = 8) -> String {
    func lines(_ data: Data) -> [Substring] {
      String(decoding: data, as: UTF8.self).replacingOccurrences(of: "><", with: ">\n<")
        .split(separator: "\n", omittingEmptySubsequences: false)
    }
    let old = lines(expected)
    let new = lines(produced)
    var out: [String] = []
    for index in 0..<max(old.count, new.count) where out.count < limit * 2 {
      let before = index < old.count ? old[index] : nil
      let after = index < new.count ? new[index] : nil
      if before != after {
        if let before { out.append("  line \(index + 1) golden:   \(before.prefix(300))") }
        if let after { out.append("  line \(index + 1) produced: \(after.prefix(300))") }
      }
    }
    return out.isEmpty
      ? "  (same lines; the bytes differ in line ends)" : out.joined(separator: "\n")
  }
}
