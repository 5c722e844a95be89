import Foundation
import NKSummary

/// Renders one report model into every file of a report folder.
public struct ReportRenderer: Sendable {
  public let model: ReportModel
  public let options: RenderOptions

  public init(model: ReportModel, options: RenderOptions) {
    self.model = model
    self.options = options
  }

  /// `2018-11`: the report folder's name.
  public var folderName: String { model.period.description }
  public var workbookName: String { "nkreport-\(model.period).xlsx" }

  /// Writes the workbook, the CSV set and the digest into `directory`; returns what was written
  /// (the file names) with the report's figures, inputs and warnings for `run.json`.
  ///
  /// The workbook and the CSV set each stream every aid record and are independent, so they are
  /// written at the same time on two threads (a 1M-row ledger then takes about as long as the
  /// workbook alone). The digest attaches the workbook, so it comes last.
  public func writeFiles(into directory: URL) throws -> RenderedReport {
    let workbook = directory.appendingPathComponent(workbookName)
    let csvFiles = ResultBox<[String]>()
    let group = DispatchGroup()
    DispatchQueue.global(qos: .userInitiated).async(group: group) { [model] in
      csvFiles.set(Result { try writeCSVFiles(model, into: directory) })
    }
    let workbookResult = Result {
      try writeWorkbook(model, to: workbook, temporaryDirectory: directory)
    }
    group.wait()
    try workbookResult.get()
    var names = [workbookName]
    names += try csvFiles.get()
    names += try writeDigest(model, options: options, workbook: workbook, into: directory)
    return RenderedReport(model: model, files: names, options: options)
  }
}

/// A result handed from a worker thread to the thread that waits for it.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<Value, any Error>?

  func set(_ result: Result<Value, any Error>) {
    lock.lock()
    defer { lock.unlock() }
    self.result = result
  }

  func get() throws -> Value {
    lock.lock()
    defer { lock.unlock() }
    guard let result else { throw RenderError.inconsistentModel("the CSV writer did not finish") }
    return try result.get()
  }
}
