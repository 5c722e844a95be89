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

  /// Writes the workbook, the CSV set and the digest into `directory`; returns the file names.
  ///
  /// The workbook and the CSV set each stream every aid record and are independent, so they are
  /// written at the same time on two threads (a 1M-row ledger then takes about as long as the
  /// workbook alone). The digest attaches the workbook, so it comes last.
  public func writeFiles(into directory: URL) throws -> [String] {
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
    return names
  }

  /// `run.json` for this report, given what the publisher knows about the publication.
  public func runManifest(
    outputs: [String: String], contentSHA256: String,
    revision: (
      previous: String, changedFiles: [String],
      changedFigures: [(metric: String, previous: String, current: String)]
    )?
  ) throws -> Data {
    let manifest = RunManifest(
      tool: .init(version: options.toolVersion),
      period: model.period.description,
      window: model.window.description,
      previousWindow: model.previousWindow.description,
      dataThrough: model.dataThrough.description,
      inputs: model.sources.map {
        .init(
          name: $0.name, path: $0.path, present: $0.isPresent, bytes: $0.bytes,
          rowsRead: $0.rowsRead, rowsAccepted: $0.rowsAccepted, rowsRejected: $0.rowsRejected,
          sha256: $0.sha256)
      },
      figures: Dictionary(
        ReportFigure.published(in: model).map {
          ($0.metric.rawValue, FigureValue(published: $0.value))
        }, uniquingKeysWith: { first, _ in first }),
      warnings: model.warnings.map { .init(kind: $0.kind.rawValue, message: $0.message) },
      rejectedRows: model.rejects.count,
      outputs: outputs,
      contentSHA256: contentSHA256,
      revision: revision.map {
        .init(
          previous: $0.previous, changedFiles: $0.changedFiles,
          changedFigures: $0.changedFigures.map {
            ["metric": $0.metric, "previous": $0.previous, "current": $0.current]
          })
      })
    return try manifest.encoded()
  }

  /// True when rendering failed because the aid ledger, re-read while rendering, changed or
  /// vanished since it was validated: another run may succeed.
  public static func isTemporaryFailure(_ error: any Error) -> Bool { error is SummaryError }

  /// The headline figures as a report folder's `summary.csv` gives them (metric → value text).
  public static func figures(in folder: URL) -> [String: String] {
    guard
      let text = try? String(
        contentsOf: folder.appendingPathComponent("summary.csv"), encoding: .utf8)
    else { return [:] }
    var figures: [String: String] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      guard let comma = line.firstIndex(of: ",") else { continue }
      figures[String(line[..<comma])] = String(line[line.index(after: comma)...])
    }
    return figures
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
