import Foundation
import NKRender

#if canImport(Glibc)
  import Glibc
#endif

/// A report that can be published: it writes its files into a folder and says what it wrote
/// and computed, which `run.json` then describes. `NKRender.ReportRenderer` is the real one;
/// tests use small fakes.
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
  /// The report files were intact but its `run.json` or `SHA256SUMS` was edited or deleted;
  /// both were written again in place (the report itself, and its delivery, are unchanged).
  case repaired(path: String)
}

/// Publishes a report so that nothing half-written is ever visible: the files are built in a
/// staging folder under the reports folder, checksummed, then renamed into place. One run at a
/// time holds the lock.
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

  public func publish(_ report: some PublishableReport) throws(PublishError) -> PublishOutcome {
    let files = FileManager.default
    try ReportsFolder.create(reportsDirectory)
    let lock = try ReportLock(reportsDirectory: reportsDirectory)
    defer { lock.release() }
    removeAbandonedStaging()

    let staging = reportsDirectory.appendingPathComponent(
      "\(Self.stagingPrefix)\(report.folderName)-\(ProcessInfo.processInfo.processIdentifier)")
    try? files.removeItem(at: staging)
    try createDirectory(staging)
    ActiveStaging.shared.set(staging)
    var published = false
    defer {
      ActiveStaging.shared.set(nil)
      if !published { try? files.removeItem(at: staging) }
    }

    let rendered: RenderedReport
    do {
      rendered = try report.writeFiles(into: staging)
    } catch {
      throw .render(cause: error)
    }
    let names = rendered.files
    var outputs: [String: String] = [:]
    // Checksums the renderer took as it wrote; any other file is hashed here, side by side.
    let unhashed = names.filter { rendered.checksums[$0] == nil }
    let hashes = checksums(of: unhashed.map { staging.appendingPathComponent($0) })
    for (name, hash) in zip(unhashed, hashes) {
      outputs[name] = try attempt(staging.appendingPathComponent(name).path) { try hash.get() }
    }
    for name in names where rendered.checksums[name] != nil {
      outputs[name] = rendered.checksums[name]
    }
    let description = try attempt(Self.manifestName) {
      try RunManifest(rendered, Publication(outputs: outputs, contentSHA256: "", revision: nil))
        .encoded()
    }
    let contentSHA256 = sha256Hex(
      of: checksumListing(outputs.map { ($0.key, $0.value) })
        + Data(sha256Hex(of: description).utf8))

    let target = reportsDirectory.appendingPathComponent(report.folderName)
    var revision: Revision?
    if files.fileExists(atPath: target.path) {
      let earlier = EarlierPublication(folder: target)
      // Unchanged only when the published files are still the ones its run.json lists (an
      // edited or deleted file is repaired by publishing again, as a revision).
      if earlier.contentSHA256 == contentSHA256, earlier.isIntact, earlier.isListingIntact {
        return listed(.unchanged(path: target.path))
      }
      // The report files are exactly these and only run.json or SHA256SUMS is damaged (or
      // run.json is gone, so nothing says the report was described differently): put the
      // listing right in place, not as a revision.
      if earlier.presentOutputs == outputs,
        earlier.contentSHA256 == contentSHA256 || earlier.contentSHA256 == nil
      {
        try writeListing(
          into: target, outputs: outputs, contentSHA256: contentSHA256,
          revision: earlier.revision, report: rendered)
        return listed(.repaired(path: target.path))
      }
      revision = Revision(
        previous: nextRevisionName(for: report.folderName),
        changedFiles: changedFiles(now: outputs, before: earlier.presentOutputs),
        changedFigures: figureChanges(now: rendered.figures, before: earlier.figures))
    }

    try writeListing(
      into: staging, outputs: outputs, contentSHA256: contentSHA256, revision: revision,
      report: rendered)

    if let revision {
      let previous = reportsDirectory.appendingPathComponent(revision.previous)
      try move(target, to: previous)
      do {
        try move(staging, to: target)
      } catch {
        // Put the earlier report back: a reader must never find the period missing.
        try? FileManager.default.moveItem(at: previous, to: target)
        throw error
      }
    } else {
      try move(staging, to: target)
    }
    published = true
    return listed(.published(path: target.path, revision: revision))
  }

  /// Rewrites `Reports/index.html` (still under the lock) after any successful outcome; a
  /// page that cannot be written costs the report nothing.
  private func listed(_ outcome: PublishOutcome) -> PublishOutcome {
    try? ReportIndex.rewrite(reportsDirectory: reportsDirectory)
    return outcome
  }

  // MARK: - Steps

  /// Writes `run.json` and `SHA256SUMS` (each atomically) into `folder`: the staging folder of
  /// a new report, or an intact published one whose listing was deleted or edited (then
  /// `revision` is what its earlier `run.json` said it was).
  private func writeListing(
    into folder: URL, outputs: [String: String], contentSHA256: String, revision: Revision?,
    report: RenderedReport
  ) throws(PublishError) {
    var outputs = outputs
    let manifest = try attempt(Self.manifestName) {
      try RunManifest(
        report, Publication(outputs: outputs, contentSHA256: contentSHA256, revision: revision)
      ).encoded()
    }
    try write(manifest, to: folder.appendingPathComponent(Self.manifestName))
    outputs[Self.manifestName] = sha256Hex(of: manifest)
    try write(
      checksumListing(outputs.map { ($0.key, $0.value) }),
      to: folder.appendingPathComponent(Self.checksumsName))
  }

  fileprivate func createDirectory(_ url: URL) throws(PublishError) {
    try attempt(url.path) {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
  }

  /// Staging folders left by a run that was killed; safe to remove while we hold the lock.
  private func removeAbandonedStaging() {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: reportsDirectory.path)) ?? []
    for name in names where name.hasPrefix(Self.stagingPrefix) {
      try? FileManager.default.removeItem(at: reportsDirectory.appendingPathComponent(name))
    }
  }

  private func checksums(of files: [URL]) -> [Result<String, any Error>] {
    let results = ChecksumResults(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { index in
      results.set(index, Result { try sha256Hex(ofFile: files[index]) })
    }
    return results.all
  }

  private func nextRevisionName(for folder: String) -> String {
    var number = 1
    while FileManager.default.fileExists(
      atPath: reportsDirectory.appendingPathComponent("\(folder).rev-\(number)").path)
    {
      number += 1
    }
    return "\(folder).rev-\(number)"
  }

  private func changedFiles(now: [String: String], before: [String: String]) -> [String] {
    Set(now.keys).union(before.keys).filter { now[$0] != before[$0] }.sorted()
  }

  /// The figures whose `summary.csv` text differs between the earlier publication's `run.json`
  /// and this report, by metric name. A metric the earlier `run.json` does not give (an older
  /// version, an edited file) counts as blank there, as a figure missing from the earlier
  /// `summary.csv` always has.
  private func figureChanges(now: [ReportFigure], before: [String: ManifestFigure])
    -> [Revision.ChangedFigure]
  {
    let current = Dictionary(
      now.map { ($0.metric.rawValue, $0.value.summaryText) },
      uniquingKeysWith: { first, _ in first })
    let previous = Dictionary(
      uniqueKeysWithValues: before.map { ($0.key, $0.value.summaryText(metric: $0.key)) })
    return Set(current.keys).union(previous.keys).sorted().compactMap { metric in
      let current = current[metric] ?? ""
      let previous = previous[metric] ?? ""
      return current == previous
        ? nil : Revision.ChangedFigure(metric: metric, previous: previous, current: current)
    }
  }

  private func write(_ data: Data, to url: URL) throws(PublishError) {
    try attempt(url.path) { try data.write(to: url, options: .atomic) }
  }

  private func move(_ source: URL, to destination: URL) throws(PublishError) {
    try attempt(destination.path) { try FileManager.default.moveItem(at: source, to: destination) }
  }

  private func attempt<T>(_ path: String, _ body: () throws -> T) throws(PublishError) -> T {
    do { return try body() } catch {
      throw .cannotWrite(path: path, reason: Self.reason(error))
    }
  }

  static func reason(_ error: any Error) -> String {
    if let error = error as? POSIXError { return String(cString: strerror(error.code.rawValue)) }
    if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
      return String(describing: underlying.code)
    }
    return (error as NSError).localizedDescription
  }
}

/// A published folder: what its `run.json` says it holds, and what it really holds.
struct EarlierPublication {
  var contentSHA256: String?
  /// SHA-256 of each report file as `run.json` lists them.
  var listedOutputs: [String: String] = [:]
  /// SHA-256 of each report file now in the folder (besides run.json and SHA256SUMS).
  var presentOutputs: [String: String] = [:]
  /// The figures its `run.json` gives, by metric name.
  var figures: [String: ManifestFigure] = [:]
  /// What `run.json` says about the earlier report it replaced, if anything.
  var revision: Revision?
  /// `SHA256SUMS` as it is, and as it must be for the `run.json` there now.
  private var checksums: Data?
  private var expectedChecksums: Data?

  /// Files in a report folder that are not report files: the listings themselves, the
  /// delivery record and hidden temporary files (`.delivery.json.tmp`).
  static func isReportFile(_ name: String) -> Bool {
    ![Publisher.manifestName, Publisher.checksumsName, Publisher.deliveryRecordName].contains(name)
      && !name.hasPrefix(".")
  }

  init(folder: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names where Self.isReportFile(name) {
      presentOutputs[name] = try? sha256Hex(ofFile: folder.appendingPathComponent(name))
    }
    checksums = try? Data(contentsOf: folder.appendingPathComponent(Publisher.checksumsName))
    guard let data = try? Data(contentsOf: folder.appendingPathComponent(Publisher.manifestName)),
      let manifest = try? JSONDecoder().decode(EarlierRunManifest.self, from: data)
    else { return }
    contentSHA256 = manifest.contentSHA256
    listedOutputs = manifest.outputs ?? [:]
    figures = manifest.figures ?? [:]
    revision = manifest.revision
    var listed = listedOutputs
    listed[Publisher.manifestName] = sha256Hex(of: data)
    expectedChecksums = checksumListing(listed.map { ($0.key, $0.value) })
  }

  /// The files are still the ones `run.json` lists (none edited, added or deleted).
  var isIntact: Bool { !listedOutputs.isEmpty && listedOutputs == presentOutputs }

  /// `SHA256SUMS` is there and lists exactly the report files and this `run.json`.
  var isListingIntact: Bool { checksums != nil && checksums == expectedChecksums }
}

extension CocoaError {
  fileprivate var underlying: (any Error)? { userInfo[NSUnderlyingErrorKey] as? any Error }
}

/// Checksums computed on several threads, collected in file order.
private final class ChecksumResults: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<String, any Error>]

  init(count: Int) {
    results = Array(repeating: .success(""), count: count)
  }

  func set(_ index: Int, _ result: Result<String, any Error>) {
    lock.lock()
    defer { lock.unlock() }
    results[index] = result
  }

  var all: [Result<String, any Error>] {
    lock.lock()
    defer { lock.unlock() }
    return results
  }
}

extension PublishError {
  /// The error the report stage threw, when publishing failed because of it.
  public var renderCause: (any Error)? {
    guard case .render(let cause) = self else { return nil }
    return cause
  }
}
