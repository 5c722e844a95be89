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
  private func records(_ count: Int) -> [AidRecordRow] {
    (0..<count).map { index in
      var row = Fixture.records[index % Fixture.records.count]
      row.id = "R\(index)"
      return row
    }
  }

  @Test func everyRecordReachesBothRecordFilesInOrder() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // More records than the queue holds at once, so the two threads really overlap.
    let rows = records(ReportRenderer.batchSize * ReportRenderer.batchesInFlight * 3 + 7)
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

  /// The pass hands the workbook thread its records as cells laid out in batches, cut where a
  /// record sheet fills up: the workbook must be the one written record by record.
  @Test func batchedRecordSheetsAreTheWorkbookWrittenRecordByRecord() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let perSheet = ReportRenderer.batchSize + 188  // not a multiple of the batch
    var rows = records(perSheet * 2 + 301)
    rows[5].description = String(repeating: "long ", count: 7_000)  // cut at the cell limit
    rows[6].provider = "Ünïcode 北 provider"
    rows[7].description = ""
    let model = Fixture.model(recordCount: rows.count)
    var renderer = ReportRenderer(model: model, records: rows, options: defaultOptions)
    renderer.workbookOptions = WorkbookOptions(recordsPerSheet: perSheet)
    _ = try renderer.writeFiles(into: directory)
    let oneByOne = directory.appendingPathComponent("one-by-one.xlsx")
    try writeWorkbook(
      model, records: rows, to: oneByOne, temporaryDirectory: directory,
      options: WorkbookOptions(recordsPerSheet: perSheet))
    let batched = try Data(contentsOf: directory.appendingPathComponent(renderer.workbookName))
    #expect(batched == (try Data(contentsOf: oneByOne)))
    let file = try WorkbookFile(url: oneByOne)
    #expect(file.sheetNames.filter { $0.hasPrefix("Aid records") }.count == 3)
    #expect(try file.string("A\(perSheet + 1)", in: "Aid records 2") == "R\(perSheet * 2 - 1)")
    #expect(try file.string("A302", in: "Aid records 3") == "R\(rows.count - 1)")
  }

  @Test func aWorkbookFailureMidPassIsThrownNotHung() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var rows = records(ReportRenderer.batchSize * ReportRenderer.batchesInFlight * 4)
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
    let rows = records(ReportRenderer.batchSize * 5)
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
