import Crypto
import Foundation
import NKSummary
import Testing
import XlsxWriter

@testable import NKRender

/// The renderer's one pass: records stream to both record files while the model is made, and a
/// failure on either thread stops the pass with that failure, never a hang.
@Suite("Rendering in one pass")
struct OnePassTests {
  @Test func everyRecordReachesBothRecordFilesInOrder() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // More records than the queue holds at once, so the two threads really overlap.
    let rows = Fixture.numberedRecords(
      ReportRenderer.batchSize * ReportRenderer.batchesInFlight * 3 + 7)
    let renderer = ReportRenderer(
      model: Fixture.model(recordCount: rows.count), records: rows, options: defaultOptions)
    let report = try renderer.writeFiles(into: directory)
    #expect(report.files.first == renderer.workbookName)
    let csv = try String(
      contentsOf: directory.appendingPathComponent(CSVFileName.aidRecords), encoding: .utf8)
    let ids = csv.split(separator: "\n").dropFirst().compactMap { line in
      line.hasPrefix("R") ? line.split(separator: ",").first.map(String.init) : nil
    }
    #expect(ids == rows.map(\.id))
    // Every file's checksum taken while writing is the file's.
    for name in report.files {
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      #expect(report.checksums[name] == sha256(data), "\(name)")
    }
  }

  @Test func aWorkbookFailureMidPassIsThrownNotHung() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var rows = Fixture.numberedRecords(
      ReportRenderer.batchSize * ReportRenderer.batchesInFlight * 4)
    rows[ReportRenderer.batchSize * 2].id = "bad\u{0}id"  // a NUL no cell can hold
    let renderer = ReportRenderer(
      model: Fixture.model(recordCount: rows.count), records: rows, options: defaultOptions)
    #expect {
      try renderer.writeFiles(into: directory)
    } throws: { error in
      (error as? XlsxError)?.code == .stringContainsNul
    }
  }

  @Test func aFailureWhileMakingTheModelStopsTheWorkbookThread() throws {
    struct LedgerUnreadable: Error {}
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let rows = Fixture.numberedRecords(ReportRenderer.batchSize * 5)
    let renderer = ReportRenderer(
      heading: ReportHeading(Fixture.model()), options: defaultOptions
    ) { eachRecord in
      for row in rows { try eachRecord(row) }
      throw LedgerUnreadable()
    }
    #expect(throws: LedgerUnreadable.self) { try renderer.writeFiles(into: directory) }
  }

  private func sha256(_ data: Data) -> String {
    var hasher = Crypto.SHA256()
    hasher.update(data: data)
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }
}
