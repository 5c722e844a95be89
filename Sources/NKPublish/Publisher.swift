import Foundation
import NKDurableFiles
import NKRender

#if canImport(Glibc)
  import Glibc
#endif

/// A report that can be published in one call: it writes its files into a folder and says what
/// it wrote. The pipeline does not use it (it stages, writes and commits as separate stages);
/// tests publish small fakes through `Publisher.publish`.
public protocol PublishableReport {
  /// The folder under the reports folder, e.g. `2018-11`.
  var folderName: String { get }
  /// Writes every report file except `run.json` and `SHA256SUMS` into `directory`.
  func writeFiles(into directory: URL) throws -> RenderedReport
}

/// What `run.json` says about this publication beyond the report itself.
public struct Publication: Sendable, Equatable {
  /// SHA-256 of each report file, by name.
  public var outputs: [String: String]
  /// SHA-256 over the outputs and the report's description: equal digests mean a rerun
  /// would change nothing.
  public var contentSHA256: String
  public var revision: Revision?
}

/// A publication that replaced an earlier one of the same period.
public struct Revision: Sendable, Equatable, Codable {
  /// The folder the earlier publication was renamed to, e.g. `2018-11.rev-1`.
  public var previous: String
  public var changedFiles: [String]
  public var changedFigures: [ChangedFigure]

  public struct ChangedFigure: Sendable, Equatable, Codable {
    public var metric: String
    public var previous: String
    public var current: String
  }

  enum CodingKeys: String, CodingKey {
    case previous
    case changedFiles = "changed_files"
    case changedFigures = "changed_figures"
  }
}

public enum PublishOutcome: Sendable, Equatable {
  /// Published at `path`; `revision` when it replaced an earlier publication.
  case published(path: String, revision: Revision?)
  /// The published report already has exactly this content; nothing was written.
  case unchanged(path: String)
  /// The published report says what this one says, but files of it were edited, deleted or
  /// addressed to other recipients, or its `run.json` or `SHA256SUMS` was damaged: those were
  /// written again in place (no new version; its delivery is unchanged).
  case repaired(path: String)
}

/// Publishes reports so that nothing half-written is ever visible: `stage` takes the lock and
/// makes a staging folder under the reports folder, the report is written into it, and
/// `StagedReport.commit` checksums it and swaps it into place. One run at a time holds the lock.
public struct Publisher: Sendable {
  public let reportsDirectory: URL

  public init(reportsDirectory: URL) {
    self.reportsDirectory = reportsDirectory
  }

  public static let manifestName = "run.json"
  public static let checksumsName = "SHA256SUMS"
  /// Written by `nkreport send` beside the report files; not part of the report, so neither
  /// `run.json` nor `SHA256SUMS` lists it.
  public static let deliveryRecordName = "delivery.json"
  static let stagingPrefix = ".staging-"

  /// The stage stage: the reports folder (created when missing), the lock, a fresh staging
  /// folder for the report `folderName` (e.g. `2018-11`). Staging folders a killed run left
  /// behind are removed first (a swapped-out report among them is put back as a revision).
  public func stage(folderName: String) throws(PublishError) -> StagedReport {
    try ReportsFolder.create(reportsDirectory)
    let lock = try ReportLock(reportsDirectory: reportsDirectory)
    recoverAbandonedStaging()
    let staging = reportsDirectory.appendingPathComponent(
      "\(Self.stagingPrefix)\(folderName)-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: staging)
    do {
      try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    } catch {
      lock.release()
      throw .cannotWrite(path: staging.path, reason: Self.reason(error))
    }
    let staged = StagedReport(
      publisher: self, folder: staging,
      target: reportsDirectory.appendingPathComponent(folderName), lock: lock)
    // Dropped on a refusal, the staged report removes its folder and releases the lock.
    try staged.refuseForeignTarget()
    return staged
  }

  /// Stages, writes and commits `report` in one call (tests and small reports); a failure of
  /// `writeFiles` is `.render(cause:)`. An index page that could not be written is not
  /// reported here: the commands stage and commit themselves, and warn of it.
  public func publish(_ report: some PublishableReport) throws(PublishError) -> PublishOutcome {
    let staged = try stage(folderName: report.folderName)
    let rendered: RenderedReport
    do {
      rendered = try report.writeFiles(into: staged.folder)
    } catch {
      throw .render(cause: error)
    }
    return try staged.commit(rendered).outcome
  }

  /// Staging folders left by a run that was killed; safe to remove while we hold the lock. One
  /// holding the marker a commit leaves in a report it swaps out holds that earlier report
  /// (the run was killed between the swap and the rename): it is renamed to a revision.
  private func recoverAbandonedStaging() {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: reportsDirectory.path)) ?? []
    for name in names where name.hasPrefix(Self.stagingPrefix) {
      let folder = reportsDirectory.appendingPathComponent(name)
      let marker = folder.appendingPathComponent(StagedReport.swappedOutMarker)
      if let period = try? String(contentsOf: marker, encoding: .utf8), !period.isEmpty,
        !period.contains("/")
      {
        let revision = reportsDirectory.appendingPathComponent(nextRevisionName(for: period))
        if (try? FileManager.default.moveItem(at: folder, to: revision)) != nil {
          try? FileManager.default.removeItem(
            at: revision.appendingPathComponent(StagedReport.swappedOutMarker))
          continue
        }
      }
      try? FileManager.default.removeItem(at: folder)
    }
  }

  func nextRevisionName(for folder: String) -> String {
    var number = 1
    while FileManager.default.fileExists(
      atPath: reportsDirectory.appendingPathComponent("\(folder).rev-\(number)").path)
    {
      number += 1
    }
    return "\(folder).rev-\(number)"
  }

  static func reason(_ error: any Error) -> String {
    if let error = error as? DurableFileError { return error.reason }
    if let error = error as? POSIXError { return String(cString: strerror(error.code.rawValue)) }
    if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
      return String(describing: underlying.code)
    }
    return (error as NSError).localizedDescription
  }
}

extension CocoaError {
  fileprivate var underlying: (any Error)? { userInfo[NSUnderlyingErrorKey] as? any Error }
}
