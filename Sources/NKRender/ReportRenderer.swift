import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// The render stage: once the pass has written the records and `summarise` has made the
/// model, writes the rest of the report folder — the workbook's sheets of figures and Checks,
/// the other CSV files, the digest — and says what was written (`RenderedReport`, for
/// `run.json`).
public struct ReportRenderer: Sendable {
  public let options: RenderOptions

  public init(options: RenderOptions) {
    self.options = options
  }

  /// `nkreport-2018-11.xlsx`.
  public static func workbookName(_ period: YearMonth) -> String { "nkreport-\(period).xlsx" }

  /// The workbook's other sheets are written and the file closed while this thread writes the
  /// other CSV files; the digest, which attaches the workbook, comes last, while the workbook
  /// is flushed to the disk (the library does not; every other file flushes as it closes).
  public func render(_ model: ReportModel, records: RecordFiles) throws -> RenderedReport {
    let directory = records.directory
    let recordsCSV = records.recordsCSV
    let checksums = records.checksums
    let otherCSVFiles = BackgroundWork<[String]> {
      try writeCSVFiles(model, into: directory, records: recordsCSV, checksums: checksums)
    }
    let workbookResult = Result { try records.workbook.finish(model) }
    let csvNames = try otherCSVFiles.join()
    try workbookResult.get()
    let workbook = directory.appendingPathComponent(records.workbookName)
    let workbookSynced = BackgroundWork<Void> { try synchronizeFile(workbook) }
    let digestNames = Result {
      try writeDigest(
        model, options: options, workbook: workbook, into: directory, checksums: checksums)
    }
    try workbookSynced.join()
    var report = RenderedReport(
      model: model, files: [records.workbookName] + csvNames + (try digestNames.get()),
      options: options)
    report.checksums = checksums.all
    return report
  }
}

/// The whole report folder of a model already computed, with its aid records: the pass and
/// the render stage in one call (tests, and reports built in code).
public func writeReport(
  _ model: ReportModel, records: [AidRecordRow], options: RenderOptions,
  workbookOptions: WorkbookOptions = .init(), into directory: URL
) throws -> RenderedReport {
  let sinks = try RecordSinks(
    heading: ReportHeading(model), into: directory, workbookOptions: workbookOptions)
  for record in records { try sinks.write(record) }
  return try ReportRenderer(options: options).render(model, records: try sinks.close())
}
