import Foundation
import NKDurableFiles
import NKRender
import Synchronization

/// A report being published: the lock held and a staging folder to write it into. `commit`
/// puts it in place; dropped without a commit (the run failed or was stopped) it removes its
/// staging folder and releases the lock, so nothing half-written is ever left behind.
public final class StagedReport {
  /// The staging folder the report's files are written into.
  public let folder: URL
  /// Where the report is published: `REPORTS/PERIOD` (a previous publication may be there).
  public let target: URL
  let publisher: Publisher
  private let lock: ReportLock
  private var isFinished = false
  private var isPlaced = false

  /// A hidden file a commit writes into the published report it is about to swap out, naming
  /// its period: should the run die between the swap and the rename, the next run finds the
  /// earlier report under a staging name and renames it to a revision instead of removing it.
  static let swappedOutMarker = ".swapped-out"

  init(publisher: Publisher, folder: URL, target: URL, lock: ReportLock) {
    self.publisher = publisher
    self.folder = folder
    self.target = target
    self.lock = lock
  }

  deinit { abandon() }

  /// Removes the staging folder (unless it was published) and releases the lock.
  public func abandon() {
    guard !isFinished else { return }
    isFinished = true
    if !isPlaced { try? FileManager.default.removeItem(at: folder) }
    lock.release()
  }

  /// The commit stage: checksums the files `report` lists, writes `run.json` and `SHA256SUMS`,
  /// and puts the folder in place — unless the published report already has exactly this
  /// content (`.unchanged`), or the same content with files damaged, edited, deleted or
  /// addressed to other recipients, put right in place (`.repaired`). A revision swaps
  /// the folders in one step (`FolderExchange`), so `PERIOD` never goes missing. Every file,
  /// the folder and the reports folder are flushed to the disk before this returns.
  /// After any successful outcome `Reports/index.html` is rewritten, still under the lock; a
  /// page that cannot be written costs the report nothing, and is returned for the command to
  /// tell the operator.
  public func commit(_ report: RenderedReport) throws(PublishError) -> Committed {
    defer { abandon() }
    let outcome = try place(report)
    do {
      try ReportIndex.rewrite(reportsDirectory: publisher.reportsDirectory)
      return Committed(outcome: outcome, indexProblem: nil)
    } catch {
      return Committed(outcome: outcome, indexProblem: error)
    }
  }

  /// What a commit did, and why `Reports/index.html` could not be written, if it could not.
  public struct Committed: Sendable, Equatable {
    public var outcome: PublishOutcome
    public var indexProblem: PublishError?
  }

  private func place(_ report: RenderedReport) throws(PublishError) -> PublishOutcome {
    try refuseForeignTarget()
    let outputs = try checksums(of: report)
    let description = try attempt(Publisher.manifestName) {
      try RunManifest(
        report,
        Publication(
          outputs: outputs.filter { $0.key != DigestFileName.message }, contentSHA256: "",
          revision: nil)
      ).encoded()
    }
    let contentSHA256 = Self.contentSHA256(outputs: outputs, description: description)

    let files = FileManager.default
    var revision: Revision?
    if files.fileExists(atPath: target.path) {
      let earlier = EarlierPublication(folder: target)
      // The same content: what the report says has not changed. Files edited or deleted by
      // hand, a damaged listing, or a digest.eml for other recipients are put right in place;
      // the report is not published again as a revision.
      let sameContent =
        earlier.contentSHA256 == contentSHA256
        || (earlier.contentSHA256 == nil && earlier.presentOutputs == outputs)
      if sameContent {
        let stale = outputs.keys.filter { earlier.presentOutputs[$0] != outputs[$0] }.sorted()
        if stale.isEmpty, earlier.listedOutputs == outputs, earlier.isListingIntact {
          return .unchanged(path: target.path)
        }
        try replaceInPlace(stale)
        try writeListing(
          into: target, outputs: outputs, contentSHA256: contentSHA256,
          revision: earlier.revision, report: report)
        return .repaired(path: target.path)
      }
      revision = Revision(
        previous: publisher.nextRevisionName(for: target.lastPathComponent),
        changedFiles: changedFiles(now: outputs, before: earlier.presentOutputs),
        changedFigures: figureChanges(now: report.figures, before: earlier.figures))
    }

    try writeListing(
      into: folder, outputs: outputs, contentSHA256: contentSHA256, revision: revision,
      report: report)
    // The report files flushed themselves as they closed; their names in the folder now.
    try attempt(folder.path) { try DurableFile.synchronizeDirectory(folder.path) }

    if let revision {
      let previous = publisher.reportsDirectory.appendingPathComponent(revision.previous)
      let marker = target.appendingPathComponent(Self.swappedOutMarker)
      try attempt(marker.path) {
        try DurableFile.write(Data(target.lastPathComponent.utf8), to: marker)
      }
      do {
        try FolderExchange.replace(target, with: folder, keepingPreviousAt: previous)
      } catch {
        try? files.removeItem(at: marker)
        throw .cannotWrite(path: target.path, reason: error.reason)
      }
      try? files.removeItem(at: previous.appendingPathComponent(Self.swappedOutMarker))
    } else {
      try attempt(target.path) { try FolderExchange.place(folder, at: target) }
    }
    isPlaced = true  // the staging name may now hold the earlier report: never remove it
    return .published(path: target.path, revision: revision)
  }

  // MARK: - Steps

  /// What identifies the report's content: every file's checksum but `digest.eml`'s (its
  /// headers name the recipients and the sender, which are settings, not content; its body is
  /// the digest and the workbook, both counted), and `run.json` as described before publishing.
  static func contentSHA256(outputs: [String: String], description: Data) -> String {
    let counted = outputs.filter { $0.key != DigestFileName.message }
    return sha256Hex(
      of: checksumListing(counted.map { ($0.key, $0.value) })
        + Data(sha256Hex(of: description).utf8))
  }

  /// Copies the staged `names` over the published report's (each written to a hidden
  /// temporary name, flushed, then renamed), then flushes the folder.
  private func replaceInPlace(_ names: [String]) throws(PublishError) {
    for name in names {
      let source = folder.appendingPathComponent(name)
      let destination = target.appendingPathComponent(name)
      try attempt(destination.path) {
        try DurableFile.write(try Data(contentsOf: source), to: destination)
      }
    }
    if !names.isEmpty {
      try attempt(target.path) { try DurableFile.synchronizeDirectory(target.path) }
    }
  }

  /// SHA-256 of each report file: those the renderer took as it wrote, the others hashed here
  /// side by side.
  private func checksums(of report: RenderedReport) throws(PublishError) -> [String: String] {
    var outputs: [String: String] = [:]
    let unhashed = report.files.filter { report.checksums[$0] == nil }
    let urls = unhashed.map { folder.appendingPathComponent($0) }
    let results = Mutex([Result<String, any Error>](repeating: .success(""), count: urls.count))
    DispatchQueue.concurrentPerform(iterations: urls.count) { index in
      let result = Result { try sha256Hex(ofFile: urls[index]) }
      results.withLock { $0[index] = result }
    }
    let hashes = results.withLock { $0 }
    for (url, hash) in zip(urls, hashes) {
      outputs[url.lastPathComponent] = try attempt(url.path) { try hash.get() }
    }
    for name in report.files where report.checksums[name] != nil {
      outputs[name] = report.checksums[name]
    }
    return outputs
  }

  /// Writes `run.json` and `SHA256SUMS` (each an atomic, durable replacement) into `folder`: the
  /// staging folder of a new report, or an intact published one whose listing was deleted or
  /// edited (then `revision` is what its earlier `run.json` said it was).
  private func writeListing(
    into folder: URL, outputs: [String: String], contentSHA256: String, revision: Revision?,
    report: RenderedReport
  ) throws(PublishError) {
    var outputs = outputs
    let manifest = try attempt(Publisher.manifestName) {
      try RunManifest(
        report, Publication(outputs: outputs, contentSHA256: contentSHA256, revision: revision)
      ).encoded()
    }
    let manifestURL = folder.appendingPathComponent(Publisher.manifestName)
    try attempt(manifestURL.path) { try DurableFile.write(manifest, to: manifestURL) }
    outputs[Publisher.manifestName] = sha256Hex(of: manifest)
    let checksumsURL = folder.appendingPathComponent(Publisher.checksumsName)
    try attempt(checksumsURL.path) {
      try DurableFile.write(checksumListing(outputs.map { ($0.key, $0.value) }), to: checksumsURL)
    }
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

  private func attempt<T>(_ path: String, _ body: () throws -> T) throws(PublishError) -> T {
    do { return try body() } catch {
      throw .cannotWrite(path: path, reason: Publisher.reason(error))
    }
  }
}
