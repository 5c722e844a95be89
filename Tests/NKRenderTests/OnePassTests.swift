import Crypto
import Foundation
import NKSummary
import TestRandom
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
      RecordSinks.batchSize * RecordSinks.batchesInFlight * 3 + 7)
    let model = Fixture.model(recordCount: rows.count)
    let report = try writeReport(model, records: rows, options: defaultOptions, into: directory)
    #expect(report.files.first == ReportRenderer.workbookName(model.period))
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
      RecordSinks.batchSize * RecordSinks.batchesInFlight * 4)
    rows[RecordSinks.batchSize * 2].id = "bad\u{0}id"  // a NUL no cell can hold
    #expect {
      try writeReport(
        Fixture.model(recordCount: rows.count), records: rows, options: defaultOptions,
        into: directory)
    } throws: { error in
      (error as? XlsxError)?.code == .stringContainsNul
    }
  }

  @Test func sinksDroppedMidPassStopTheWorkbookThread() throws {
    // The pass failed (an unreadable ledger, a stop): the sinks are dropped without `close`.
    // Their workbook thread must end, with batches still queued, rather than wait forever.
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let rows = Fixture.numberedRecords(RecordSinks.batchSize * RecordSinks.batchesInFlight * 2)
    do {
      let sinks = try RecordSinks(heading: ReportHeading(Fixture.model()), into: directory)
      for row in rows { try sinks.write(row) }
    }
    // The sinks' files are still there to be removed with the staging folder; a second set
    // of sinks in the same folder works (nothing of the first is left running).
    let sinks = try RecordSinks(heading: ReportHeading(Fixture.model()), into: directory)
    for row in rows.prefix(10) { try sinks.write(row) }
    _ = try ReportRenderer(options: defaultOptions).render(
      Fixture.model(recordCount: 10), records: try sinks.close())
  }

  @Test func theWorkbookThreadsFailureIsThrownByClose() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var rows = Fixture.numberedRecords(3)
    rows[2].id = "bad\u{0}id"
    let sinks = try RecordSinks(heading: ReportHeading(Fixture.model()), into: directory)
    for row in rows { try sinks.write(row) }  // fewer than a batch: nothing sent yet
    #expect {
      try sinks.close()
    } throws: { error in
      (error as? XlsxError)?.code == .stringContainsNul
    }
  }

  private func sha256(_ data: Data) -> String {
    var hasher = Crypto.SHA256()
    hasher.update(data: data)
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }
}

@Suite("Render-stage failures")
struct RenderFailureTests {
  @Test func aFailingWorkbookCloseIsThrownAndNoDigestIsWritten() throws {
    // workbook_close writes the .xlsx: a folder in its place makes the library fail there,
    // after the pass and the sheets of figures, without filling a disk.
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let model = Fixture.model(recordCount: 3)
    let sinks = try RecordSinks(heading: ReportHeading(model), into: directory)
    for row in Fixture.numberedRecords(3) { try sinks.write(row) }
    let records = try sinks.close()
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent(ReportRenderer.workbookName(model.period)),
      withIntermediateDirectories: false)
    #expect {
      try ReportRenderer(options: defaultOptions).render(model, records: records)
    } throws: { error in
      (error as? XlsxError)?.code == .creatingXlsxFile
    }
    // The digest attaches the workbook: it is never written without one.
    #expect(
      !FileManager.default.fileExists(atPath: directory.appendingPathComponent("digest.eml").path))
  }

  @Test func hexIsTheLowerCaseOfEveryByte() {
    var random = SplitMix64(seed: 16)
    for _ in 0..<1000 {
      let bytes = (0..<Int.random(in: 0...40, using: &random)).map { _ in
        UInt8.random(in: 0...255, using: &random)
      }
      #expect(Hex.lowercase(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
    }
  }
}
