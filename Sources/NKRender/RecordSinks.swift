import Foundation
import NKSummary
import XlsxWriter

/// The record sinks of the one pass: each aid record the pass accepts goes at once to
/// `aid-records.csv` (on the pass's thread) and, in batches, to a second thread that streams
/// it onto the workbook's record sheets, so the two files are written while the ledger is read.
///
/// Opened by the pipeline in the staging folder before the pass, fed one record at a time
/// (`write`), then closed (`close`): the record files, the workbook still open for its other
/// sheets, go on to `ReportRenderer.render`. Dropped without `close` (the pass failed or was
/// stopped), it stops the workbook thread and waits for it, so no thread outlives the run.
public final class RecordSinks {
  /// Records handed to the workbook thread at a time, and batches that may wait: enough to
  /// keep both threads busy, little enough to keep memory flat (about 1 MiB).
  public static let batchSize = 512
  public static let batchesInFlight = 8

  private let directory: URL
  private let workbookName: String
  private let recordsCSV: AidRecordsCSV
  private let checksums: FileChecksums
  private let queue: BatchQueue<CellBatch>
  /// The workbook is the thread's alone while it writes the records; `close` takes it back.
  private let workbookThread: BackgroundWork<ReportWorkbook>
  private let perSheet: Int
  private var roomOnSheet: Int
  private var batch = RecordCells(capacity: RecordSinks.batchSize)
  private var isClosed = false

  /// Opens `nkreport-P.xlsx` (its sheets added, the records sheet started) and
  /// `aid-records.csv` in `directory`, and starts the workbook thread.
  public init(
    heading: ReportHeading, into directory: URL, workbookOptions: WorkbookOptions = .init()
  )
    throws
  {
    try createDirectory(directory)
    let workbookName = ReportRenderer.workbookName(heading.period)
    let book = try ReportWorkbook(
      heading: heading, url: directory.appendingPathComponent(workbookName),
      temporaryDirectory: directory, options: workbookOptions)
    let checksums = FileChecksums()
    self.directory = directory
    self.workbookName = workbookName
    self.checksums = checksums
    recordsCSV = try AidRecordsCSV(directory: directory, checksums: checksums)
    perSheet = workbookOptions.recordsPerSheet
    roomOnSheet = perSheet
    let queue = BatchQueue<CellBatch>(capacity: Self.batchesInFlight)
    self.queue = queue
    workbookThread = BackgroundWork {
      do {
        while let batch = queue.pop() { try book.write(batch) }
      } catch {
        queue.cancel()
        throw error
      }
      return book
    }
  }

  /// Writes one record to both record files and returns the line of `aid-records.csv` it
  /// starts on. A batch ends where a record sheet fills up, so that none straddles two sheets.
  @discardableResult
  public func write(_ record: AidRecordRow) throws -> Int {
    let line = try recordsCSV.write(record)
    batch.append(record)
    if batch.count == min(Self.batchSize, roomOnSheet) {
      roomOnSheet -= batch.count
      if roomOnSheet == 0 { roomOnSheet = perSheet }
      guard queue.push(batch.take()) else { throw workbookThreadFailure() }
    }
    return line
  }

  /// After the last record: the last batch sent, the workbook thread joined. The record
  /// files are then complete but for closing, which rendering the rest does.
  public func close() throws -> RecordFiles {
    isClosed = true
    let workbook: ReportWorkbook
    do {
      if batch.count > 0, !queue.push(batch.take()) { throw workbookThreadFailure() }
      queue.close()
      workbook = try workbookThread.join()
    } catch {
      stopWorkbookThread()
      throw error
    }
    return RecordFiles(
      directory: directory, workbookName: workbookName, workbook: workbook,
      recordsCSV: recordsCSV, checksums: checksums)
  }

  deinit {
    if !isClosed { stopWorkbookThread() }
  }

  /// The workbook thread stopped taking records: its own error says more than "it stopped".
  private func workbookThreadFailure() -> any Error {
    queue.cancel()
    if case .failure(let cause) = Result(catching: { try workbookThread.join() }) { return cause }
    return RenderError.inconsistentModel("the workbook thread stopped taking records")
  }

  private func stopWorkbookThread() {
    queue.cancel()
    _ = try? workbookThread.join()
  }
}

/// The record files once the pass is over: `aid-records.csv` still open (closed with the
/// other CSV files) and the workbook, its record sheets written, waiting for its figures.
public final class RecordFiles {
  let directory: URL
  let workbookName: String
  let workbook: ReportWorkbook
  let recordsCSV: AidRecordsCSV
  /// SHA-256 of the files as they are written, by name.
  let checksums: FileChecksums

  init(
    directory: URL, workbookName: String, workbook: ReportWorkbook, recordsCSV: AidRecordsCSV,
    checksums: FileChecksums
  ) {
    self.directory = directory
    self.workbookName = workbookName
    self.workbook = workbook
    self.recordsCSV = recordsCSV
    self.checksums = checksums
  }
}
