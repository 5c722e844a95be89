import Foundation
import NKInputs

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// What importing a table would do (or did) to an inputs folder.
public struct ImportPlan: Sendable {
  public var table: MinistryTable
  public var format: TableFormat
  public var files: [PlannedFile]
  /// One line per change, per file: "2002 revised from 1,139 to 1,142".
  public var changes: [(file: String, change: String)]
  /// Periods (and the checkpoint) already present with the same figures.
  public var unchangedRows: Int

  public var isUnchanged: Bool { !files.contains(where: \.isChanged) }
}

/// `nkreport import mou-table`: reads the Ministry's table, checks it, merges it into
/// `arrivals.csv` and `checkpoints.csv`, validates the merged arrivals with the input loader,
/// and only then rewrites the files, each atomically.
public struct MinistryTableImport: Sendable {
  public let tablePath: String
  public let inputs: URL
  public let limits: ImportLimits

  public init(tablePath: String, inputs: URL, limits: ImportLimits = .standard) {
    self.tablePath = tablePath
    self.inputs = inputs
    self.limits = limits
  }

  /// Everything but writing: throws when the table or the merged inputs have problems.
  public func plan() throws(ImportError) -> ImportPlan {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: inputs.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw .notFound(path: inputs.path, what: "inputs folder") }
    let (table, format) = try TableSource.read(path: tablePath, limits: limits)

    let arrivals = try ArrivalsMerge.merge(table, into: try existing(ArrivalsMerge.name))
    var merges = [arrivals]
    var changes = arrivals.changes.map { (ArrivalsMerge.name, $0) }
    var unchanged = arrivals.unchanged
    if let total = table.cumulative {
      let checkpoints = try CheckpointsMerge.merge(
        total, fileName: table.fileName, into: try existing(CheckpointsMerge.name))
      merges.append(checkpoints)
      changes += checkpoints.changes.map { (CheckpointsMerge.name, $0) }
      unchanged += checkpoints.unchanged
    }
    // Both merged files are read together by the report's own loader: a checkpoint is only
    // valid beside the arrivals it reconciles.
    try validate(merges)
    let files = merges.map(\.file)
    return ImportPlan(
      table: table, format: format, files: files, changes: changes, unchangedRows: unchanged)
  }

  /// Writes the changed files of `plan`: each to a temporary file beside it, flushed, then
  /// renamed over the old one, so a reader sees the old file or the new, never half of one.
  public func write(_ plan: ImportPlan) throws(ImportError) {
    var staged: [(temporary: String, final: String)] = []
    defer { for entry in staged { unlink(entry.temporary) } }
    for file in plan.files where file.isChanged {
      let final = inputs.appendingPathComponent(file.name).path
      let temporary = inputs.appendingPathComponent(".\(file.name).import-\(getpid())").path
      try writeFlushed(file.bytes, to: temporary, final: final)
      staged.append((temporary, final))
    }
    for entry in staged {
      guard rename(entry.temporary, entry.final) == 0 else {
        throw .cannotWrite(path: entry.final, reason: String(cString: strerror(errno)))
      }
    }
    staged = []
    let directory = open(inputs.path, O_RDONLY | O_DIRECTORY)
    if directory >= 0 {
      fsync(directory)
      close(directory)
    }
  }

  // MARK: -

  private func existing(_ name: String) throws(ImportError) -> [UInt8]? {
    let path = inputs.appendingPathComponent(name).path
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: "cannot read the file")
    }
    return Array(data)
  }

  /// The merged files, read by the report's own loader from a scratch folder (with the other
  /// input files of the folder, which the import leaves as they are).
  private func validate(_ merges: [MergeResult]) throws(ImportError) {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nkreport-import-\(getpid())-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let problems: [InputProblem]
    do {
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
      for merge in merges {
        try Data(merge.file.bytes).write(to: scratch.appendingPathComponent(merge.file.name))
      }
      let names = Set(merges.map(\.file.name))
      problems = try InputLoader(directory: scratch).load().problems.filter {
        names.contains($0.file)
      }
    } catch {
      throw .cannotWrite(path: scratch.path, reason: "cannot check the merged files: \(error)")
    }
    guard !problems.isEmpty else { return }
    var lines: [String] = []
    for merge in merges {
      let own = problems.filter { $0.file == merge.file.name }
      guard !own.isEmpty else { continue }
      lines.append(
        "\(merge.file.name) would not validate after the import, so nothing was written (line numbers are those of the merged file):"
      )
      lines += own.map { "  \($0)" }
      var mentioned = Set(own.map(\.line))
      for problem in own {
        for token in problem.reason.split(whereSeparator: { !$0.isNumber }) {
          if let number = Int(token) { mentioned.insert(number) }
        }
      }
      for line in mentioned.sorted() {
        if let origin = merge.lineOrigins[line] { lines.append("  line \(line) is \(origin)") }
      }
    }
    throw .mergeConflicts(lines)
  }

  private func writeFlushed(_ bytes: [UInt8], to path: String, final: String) throws(ImportError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw .cannotWrite(path: final, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress, $0.count)
      }
      if result < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        unlink(path)
        throw .cannotWrite(path: final, reason: reason)
      }
      written += result
    }
    guard fsync(descriptor) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(path)
      throw .cannotWrite(path: final, reason: reason)
    }
  }
}
