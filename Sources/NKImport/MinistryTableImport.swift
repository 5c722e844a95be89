import Foundation
import NKInputs
import NKPeriods

/// What importing a table would do (or did) to an inputs folder.
public struct ImportPlan: Sendable {
  public var table: MinistryTable
  public var format: TableFormat
  public var files: [PlannedFile]
  /// One line per change, per file: "2002 revised from 1,139 to 1,142".
  public var changes: [(file: String, change: String)]
  /// Periods (and the checkpoint) already present with the same figures.
  public var unchangedRows: Int
  /// The as-at month of the release already imported into the inputs folder, if any: the end
  /// of the latest period the import wrote (a row whose note or source is `MOU table …`).
  public var inputsAsAt: YearMonth?
  /// Final figures in the inputs the table would make provisional again.
  public var backToProvisional: [String]

  /// The table's as-at month: the end of its latest column.
  public var asAt: YearMonth? { table.asAt }
  /// What is off in the table but imported all the same (a printed ratio, hidden cells).
  public var warnings: [TableProblem] { table.warnings }

  public var isUnchanged: Bool { !files.contains(where: \.isChanged) }
}

/// `nkreport import mou-table`: reads the Ministry's table, checks it, merges it into
/// `arrivals.csv` and `checkpoints.csv`, validates the merged arrivals with the input loader,
/// and only then rewrites the files, each replaced in one atomic step.
public struct MinistryTableImport: Sendable {
  public let tablePath: String
  public let inputs: URL
  public let limits: ImportLimits
  /// Import a table older than the one the inputs already hold (`--allow-older`).
  public let allowOlder: Bool

  public init(
    tablePath: String, inputs: URL, limits: ImportLimits = .standard, allowOlder: Bool = false
  ) {
    self.tablePath = tablePath
    self.inputs = inputs
    self.limits = limits
    self.allowOlder = allowOlder
  }

  /// Everything but writing: throws when the table or the merged inputs have problems.
  public func plan() throws(ImportError) -> ImportPlan {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: inputs.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw .notFound(path: inputs.path, what: "inputs folder") }
    let (table, format) = try TableSource.read(path: tablePath, limits: limits)

    let existingArrivals = try existing(ArrivalsMerge.name)
    let arrivals = try ArrivalsMerge.merge(table, into: existingArrivals)
    var merges = [arrivals]
    var changes = arrivals.changes.map { (ArrivalsMerge.name, $0) }
    var unchanged = arrivals.unchanged
    let existingCheckpoints = try existing(CheckpointsMerge.name)
    if let total = table.cumulative {
      let checkpoints = try CheckpointsMerge.merge(
        total, columns: table.columns, fileName: table.fileName, into: existingCheckpoints)
      merges.append(checkpoints)
      changes += checkpoints.changes.map { (CheckpointsMerge.name, $0) }
      unchanged += checkpoints.unchanged
    }
    changes += CheckpointsMerge.movedByRevisions(
      arrivals.revisedTotals, existing: existingCheckpoints,
      replaced: table.cumulative.map { Day.end(of: $0.through) }
    ).map { (CheckpointsMerge.name, $0) }
    let inputsAsAt = ReleaseAge.importedAsAt(
      arrivals: existingArrivals, checkpoints: existingCheckpoints)
    if let inputsAsAt, let asAt = table.asAt, asAt < inputsAsAt, !allowOlder {
      throw .olderTable(
        table: asAt, inputs: inputsAsAt, backToProvisional: arrivals.backToProvisional)
    }
    // Both merged files are read together by the report's own loader: a checkpoint is only
    // valid beside the arrivals it reconciles.
    try validate(merges)
    let files = merges.map(\.file)
    return ImportPlan(
      table: table, format: format, files: files, changes: changes, unchangedRows: unchanged,
      inputsAsAt: inputsAsAt, backToProvisional: arrivals.backToProvisional)
  }

  /// Writes the changed files of `plan`, each replaced in one atomic step (through a symbolic
  /// link to its target): a reader sees the old file or the new, never half of one.
  public func write(_ plan: ImportPlan) throws(ImportError) {
    try InputsFileWriter.replace(
      plan.files.filter(\.isChanged).map { (inputs.appendingPathComponent($0.name).path, $0.bytes) }
    )
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
}
