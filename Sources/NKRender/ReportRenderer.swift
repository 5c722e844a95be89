import Foundation
import NKSummary
import XlsxWriter

/// Makes one report and writes every file of its folder, reading the aid ledger once.
public struct ReportRenderer: Sendable {
  /// Makes the report's model, handing each aid record to `eachRecord` as it is read.
  public typealias ModelSource =
    @Sendable (_ eachRecord: (AidRecordRow) throws -> Void) throws
    -> ReportModel

  public let heading: ReportHeading
  public let options: RenderOptions
  public var workbookOptions = WorkbookOptions()
  private let makeModel: ModelSource
  /// The model, once `writeFiles` has made it (for the caller's log and metrics).
  private let made = ModelBox()

  /// The report `job` makes (its ledger is read while the files are written).
  public init(job: ReportJob, options: RenderOptions) {
    self.init(heading: ReportHeading(job.plan), options: options) { eachRecord in
      try job.make(eachRecord: eachRecord)
    }
  }

  /// A report already computed, with its aid records (tests, small reports).
  public init(model: ReportModel, records: [AidRecordRow] = [], options: RenderOptions) {
    self.init(heading: ReportHeading(model), options: options) { eachRecord in
      try records.forEach(eachRecord)
      return model
    }
  }

  public init(heading: ReportHeading, options: RenderOptions, makeModel: @escaping ModelSource) {
    self.heading = heading
    self.options = options
    self.makeModel = makeModel
  }

  /// `2018-11`: the report folder's name.
  public var folderName: String { heading.period.description }
  public var workbookName: String { "nkreport-\(heading.period).xlsx" }
  /// The model `writeFiles` made; `nil` before.
  public var model: ReportModel? { made.value }

  /// Writes the workbook, the CSV set and the digest into `directory`; returns what was written
  /// (the file names) with the report's figures, inputs and warnings for `run.json`.
  public func writeFiles(into directory: URL) throws -> RenderedReport {
    let (model, files, checksums) = try render(into: directory)
    made.value = model
    var report = RenderedReport(model: model, files: files, options: options)
    report.checksums = checksums
    return report
  }

  /// Records handed to the workbook thread at a time, and batches that may wait: enough to
  /// keep both threads busy, little enough to keep memory flat (about 1 MiB).
  static let batchSize = 512
  static let batchesInFlight = 8

  /// One pass: the ledger is read, validated and valued on this thread, each record going at
  /// once to `aid-records.csv` and, in batches, to a second thread that streams it onto the
  /// workbook's record sheets. Once the figures are final the workbook's other sheets are
  /// written and the file closed while this thread writes the other CSV files; the digest,
  /// which attaches the workbook, comes last.
  func render(into directory: URL) throws -> (
    model: ReportModel, files: [String], checksums: [String: String]
  ) {
    try createDirectory(directory)
    let book = try ReportWorkbook(
      heading: heading, url: directory.appendingPathComponent(workbookName),
      temporaryDirectory: directory, options: workbookOptions)
    let checksums = FileChecksums()
    let recordsCSV = try AidRecordsCSV(directory: directory, checksums: checksums)
    let queue = BatchQueue<CellBatch>(capacity: Self.batchesInFlight)
    let recordWriter = BackgroundWork<Void> {
      do {
        while let batch = queue.pop() { try book.write(batch) }
      } catch {
        queue.cancel()
        throw error
      }
    }

    let model: ReportModel
    do {
      // Batches end where a record sheet fills up, so that none straddles two sheets.
      let perSheet = workbookOptions.recordsPerSheet
      var roomOnSheet = perSheet
      var batch = RecordCells(capacity: Self.batchSize)
      model = try makeModel { record in
        try recordsCSV.write(record)
        batch.append(record)
        if batch.count == min(Self.batchSize, roomOnSheet) {
          roomOnSheet -= batch.count
          if roomOnSheet == 0 { roomOnSheet = perSheet }
          guard queue.push(batch.take()) else { throw RecordWriterStopped() }
        }
      }
      if batch.count > 0, !queue.push(batch.batch) { throw RecordWriterStopped() }
      queue.close()
      try recordWriter.join()
    } catch {
      queue.cancel()
      let writerError = Result { try recordWriter.join() }
      // The workbook thread's own failure says more than "it stopped".
      if error is RecordWriterStopped, case .failure(let cause) = writerError { throw cause }
      throw error
    }

    let otherCSVFiles = BackgroundWork<[String]> {
      try writeCSVFiles(model, into: directory, records: recordsCSV, checksums: checksums)
    }
    let workbookResult = Result { try book.finish(model) }
    let csvNames = try otherCSVFiles.join()
    try workbookResult.get()
    let workbook = directory.appendingPathComponent(workbookName)
    // The library does not flush the workbook to the disk; that is done while the digest,
    // which reads it from the page cache, is written (every other file flushes as it closes).
    let workbookSynced = BackgroundWork<Void> { try synchronizeFile(workbook) }
    let digestNames = Result {
      try writeDigest(
        model, options: options, workbook: workbook, into: directory, checksums: checksums)
    }
    try workbookSynced.join()
    return (model, [workbookName] + csvNames + (try digestNames.get()), checksums.all)
  }
}

/// The workbook thread failed and stopped taking records (its error is thrown instead).
private struct RecordWriterStopped: Error {}

/// The model a renderer made, kept for its caller.
private final class ModelBox: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: ReportModel?

  var value: ReportModel? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
}
