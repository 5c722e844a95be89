import Foundation
import NKPeriods

/// Reads and validates the five input files of an inputs folder into a `Dataset`.
///
/// Every problem in every file is collected (not just the first) into `Dataset.problems`,
/// sorted by file in the contract's order, then by line. Only a missing folder, a missing
/// `arrivals.csv`, an I/O failure or a file that changes while it is read throw.
public struct InputLoader: Sendable {
  public let directory: URL
  public let limits: InputLimits

  /// The contract's files, in the order files and problems are listed.
  public static let fileNames = [
    ArrivalsFile.name, DeparturesFile.name, CheckpointsFile.name, AidFile.name,
    ExchangeRatesFile.name,
  ]

  public init(directory: URL, limits: InputLimits = .standard) {
    self.directory = directory
    self.limits = limits
  }

  public func load() throws(InputError) -> Dataset {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw .missingInputsFolder(path: directory.path) }
    let arrivalsPath = path(ArrivalsFile.name)
    guard exists(arrivalsPath) else { throw .missingRequiredFile(path: arrivalsPath) }

    var summaries: [String: InputFileSummary] = [:]
    var problems: [InputProblem] = []

    // arrivals.csv
    var log = ProblemLog(file: ArrivalsFile.name, cap: limits.maxProblemsKeptPerFile)
    var arrivals: [ArrivalRow] = []
    let stats = try readTable(
      path: arrivalsPath, schema: ArrivalsFile.schema, limits: limits, log: &log
    ) { row, rowProblems throws(InputError) in
      if let value = ArrivalsFile.validate(row, &rowProblems, limits: limits) {
        arrivals.append(value)
      }
    }
    let arrivalsKept = checkNesting(
      arrivals.map {
        NestedRow(
          line: $0.line, period: $0.period, total: $0.total, male: $0.male, female: $0.female)
      }, file: ArrivalsFile.name, totalColumn: "total", log: &log)
    arrivals = zip(arrivals, arrivalsKept).filter(\.1).map(\.0)
    summaries[ArrivalsFile.name] = summary(
      ArrivalsFile.name, arrivalsPath, stats, accepted: arrivals.count)
    problems += log.all

    // departures.csv
    var departures: [DepartureRow] = []
    if let table = try readOptional(
      DeparturesFile.name, schema: DeparturesFile.schema,
      {
        row, rowProblems throws(InputError) in
        DeparturesFile.validate(row, &rowProblems, limits: limits)
      })
    {
      // Departures split by reason are separate counts: the nesting rule applies among the
      // rows of one reason (a blank reason is a reason of its own), and the rows of different
      // reasons for the same period add up.
      var log = table.log
      departures = table.rows
      var kept = [Bool](repeating: true, count: departures.count)
      let byReason = Dictionary(grouping: departures.indices) {
        departures[$0].reason?.rawValue ?? ""
      }
      for (_, indices) in byReason.sorted(by: { $0.key < $1.key }) {
        let groupKept = checkNesting(
          indices.map {
            NestedRow(
              line: departures[$0].line, period: departures[$0].period, total: departures[$0].count)
          }, file: DeparturesFile.name, totalColumn: "count", log: &log)
        for (index, keep) in zip(indices, groupKept) { kept[index] = keep }
      }
      departures = zip(departures, kept).filter(\.1).map(\.0)
      summaries[DeparturesFile.name] = summary(
        DeparturesFile.name, path(DeparturesFile.name), table.stats, accepted: departures.count)
      problems += log.all
    }

    // checkpoints.csv
    var firstLineOfDate: [CheckpointsFile.DatedMeasure: Int] = [:]
    let checkpointTable = try readOptional(CheckpointsFile.name, schema: CheckpointsFile.schema) {
      row, rowProblems throws(InputError) in
      CheckpointsFile.validate(row, &rowProblems, limits: limits, firstLineOfDate: &firstLineOfDate)
    }
    let checkpoints = checkpointTable?.rows ?? []
    record(checkpointTable, CheckpointsFile.name, into: &summaries, &problems)

    // fx.csv (before aid.csv, whose rows need the rates)
    var firstLineOfKey: [ExchangeRatesFile.Key: Int] = [:]
    let ratesTable = try readOptional(ExchangeRatesFile.name, schema: ExchangeRatesFile.schema) {
      row, rowProblems throws(InputError) in
      ExchangeRatesFile.validate(row, &rowProblems, firstLineOfKey: &firstLineOfKey)
    }
    let rates = ratesTable?.rows ?? []
    record(ratesTable, ExchangeRatesFile.name, into: &summaries, &problems)
    let exchangeRates = ExchangeRates(rates)

    // aid.csv
    var aid = AidLedger.empty
    let aidPath = path(AidFile.name)
    if exists(aidPath) {
      log = ProblemLog(file: AidFile.name, cap: limits.maxProblemsKeptPerFile)
      let result = try loadAid(path: aidPath, rates: exchangeRates, log: &log)
      aid = result.ledger
      summaries[AidFile.name] = result.summary
      problems += log.all
    }

    let files = Self.fileNames.map { name in
      summaries[name]
        ?? InputFileSummary(
          name: name, path: path(name), isPresent: false, bytes: 0, sha256: "", rowsRead: 0,
          rowsAccepted: 0)
    }
    return Dataset(
      arrivals: arrivals, departures: departures, checkpoints: checkpoints, aid: aid,
      exchangeRates: exchangeRates, files: files, problems: Self.sorted(problems),
      warnings: strayFileWarnings())
  }

  // MARK: - aid.csv

  private struct IdEntry {
    var hash: UInt64
    var line: Int
  }

  private func loadAid(path: String, rates: ExchangeRates, log: inout ProblemLog) throws(InputError)
    -> (ledger: AidLedger, summary: InputFileSummary)
  {
    var ids: [IdEntry] = []
    let stats = try readTable(
      path: path, schema: AidFile.schema, limits: limits, log: &log, keepRejectedLines: true
    ) { row, rowProblems throws(InputError) in
      if let hash = row.withBytes(AidFile.id, { $0.isEmpty ? nil : AidFile.hash($0) }), let hash {
        ids.append(IdEntry(hash: hash, line: row.line))
      }
      _ = AidFile.validate(row, &rowProblems, rates: rates)
    }
    var rejected = stats.rejectedLines

    // Unique ids: equal hashes are candidates, confirmed by reading their ids again.
    ids.sort { ($0.hash, $0.line) < ($1.hash, $1.line) }
    var candidates: [Int] = []
    var start = 0
    while start < ids.count {
      var end = start + 1
      while end < ids.count && ids[end].hash == ids[start].hash { end += 1 }
      if end - start > 1 { candidates += ids[start..<end].map(\.line) }
      start = end
    }
    ids = []
    if !candidates.isEmpty {
      candidates.sort()
      let duplicates = try duplicateIds(path: path, candidateLines: candidates, expected: stats)
      for (line, id, firstLine) in duplicates {
        log.add(
          line: line, column: "id", value: id,
          reason: "duplicate id: first used on line \(firstLine)")
      }
      let newlyRejected = duplicates.map(\.line).filter { !Self.containsSorted(rejected, $0) }
      if !newlyRejected.isEmpty {
        rejected = (rejected + newlyRejected).sorted()
      }
    }

    let rowsAccepted = stats.rowsRead - rejected.count
    let summary = summary(AidFile.name, path, stats, accepted: rowsAccepted)
    let ledger = AidLedger(
      count: rowsAccepted,
      replay: Self.replay(
        path: path, limits: limits, rates: rates, rejectedLines: rejected, count: rowsAccepted,
        expected: stats))
    return (ledger, summary)
  }

  /// Reads the ids on `candidateLines` (sorted) and returns every repeat with the line of the
  /// id's first use.
  private func duplicateIds(path: String, candidateLines: [Int], expected: TableStats)
    throws(InputError) -> [(line: Int, id: String, firstLine: Int)]
  {
    var scratch = ProblemLog(file: AidFile.name, cap: 1)
    var next = 0
    var firstLine: [String: Int] = [:]
    var duplicates: [(line: Int, id: String, firstLine: Int)] = []
    let stats = try readTable(
      path: path, schema: AidFile.schema, limits: limits, log: &scratch,
      identity: expected.identity
    ) { row, _ throws(InputError) in
      while next < candidateLines.count && candidateLines[next] < row.line { next += 1 }
      guard next < candidateLines.count, candidateLines[next] == row.line else { return }
      let id = row.text(AidFile.id)
      if let first = firstLine[id] {
        duplicates.append((row.line, id, first))
      } else {
        firstLine[id] = row.line
      }
    }
    guard stats.bytes == expected.bytes, stats.sha256 == expected.sha256 else {
      throw .changedDuringRun(path: path)
    }
    return duplicates
  }

  /// A pass over the accepted rows of aid.csv: re-reads the file, skips the rejected lines,
  /// and checks that the file is the one validated (the open file's device, inode, size and
  /// modification time before, its SHA-256 after, and every other row still valid). The
  /// identity is the file's, not the path's: a symlinked aid.csv is the file it points to.
  private static func replay(
    path: String, limits: InputLimits, rates: ExchangeRates, rejectedLines: [Int], count: Int,
    expected: TableStats
  ) -> AidLedger.Replay {
    let (bytes, sha256, identity) = (expected.bytes, expected.sha256, expected.identity)
    return { body in
      var next = 0
      var yielded = 0
      var bodyError: (any Error)?
      var scratch = ProblemLog(file: AidFile.name, cap: 1)
      let stats: TableStats
      do {
        stats = try readTable(
          path: path, schema: AidFile.schema, limits: limits, log: &scratch, identity: identity
        ) { row, rowProblems throws(InputError) in
          while next < rejectedLines.count && rejectedLines[next] < row.line { next += 1 }
          if next < rejectedLines.count && rejectedLines[next] == row.line { return }
          guard let record = AidFile.validate(row, &rowProblems, rates: rates) else {
            throw .changedDuringRun(path: path)
          }
          yielded += 1
          do { try body(record) } catch {
            bodyError = error
            throw .changedDuringRun(path: path)
          }
        }
      } catch {
        if let bodyError { throw bodyError }
        throw error
      }
      guard stats.bytes == bytes, stats.sha256 == sha256, yielded == count else {
        throw InputError.changedDuringRun(path: path)
      }
    }
  }

  // MARK: - helpers

  private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// The accepted rows of an optional file with its problems and statistics; `nil` when the
  /// file is absent.
  private struct OptionalTable<Row> {
    var rows: [Row]
    var stats: TableStats
    var log: ProblemLog
  }

  private func readOptional<Row>(
    _ name: String, schema: TableSchema,
    _ validate: (RowView, inout RowProblems) throws(InputError) -> Row?
  ) throws(InputError) -> OptionalTable<Row>? {
    let filePath = path(name)
    guard exists(filePath) else { return nil }
    var log = ProblemLog(file: name, cap: limits.maxProblemsKeptPerFile)
    var rows: [Row] = []
    let stats = try readTable(path: filePath, schema: schema, limits: limits, log: &log) {
      row, rowProblems throws(InputError) in
      if let value = try validate(row, &rowProblems) { rows.append(value) }
    }
    return OptionalTable(rows: rows, stats: stats, log: log)
  }

  /// Books a file read with `readOptional` whose rows were all kept as validated.
  private func record<Row>(
    _ table: OptionalTable<Row>?, _ name: String,
    into summaries: inout [String: InputFileSummary], _ problems: inout [InputProblem]
  ) {
    guard let table else { return }
    summaries[name] = summary(name, path(name), table.stats, accepted: table.rows.count)
    problems += table.log.all
  }

  /// Whether something is there under the name, a link included: a link to nothing is an
  /// input that can't be read (exit 66), not an absent optional file.
  private func exists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  private func summary(_ name: String, _ path: String, _ stats: TableStats, accepted: Int)
    -> InputFileSummary
  {
    InputFileSummary(
      name: name, path: path, isPresent: true, bytes: stats.bytes, sha256: stats.sha256,
      rowsRead: stats.rowsRead, rowsAccepted: accepted)
  }

  private static func containsSorted(_ lines: [Int], _ line: Int) -> Bool {
    var low = 0
    var high = lines.count
    while low < high {
      let mid = (low + high) / 2
      if lines[mid] < line { low = mid + 1 } else { high = mid }
    }
    return low < lines.count && lines[low] == line
  }

  /// Problems by file (contract order), then line; the order found is kept otherwise.
  static func sorted(_ problems: [InputProblem]) -> [InputProblem] {
    let rank = Dictionary(uniqueKeysWithValues: fileNames.enumerated().map { ($1, $0) })
    return problems.enumerated().sorted { a, b in
      let fileA = rank[a.element.file] ?? fileNames.count
      let fileB = rank[b.element.file] ?? fileNames.count
      if fileA != fileB { return fileA < fileB }
      if a.element.line != b.element.line { return a.element.line < b.element.line }
      return a.offset < b.offset
    }.map { entry in
      var problem = entry.element
      if problem.line == Int.max { problem.line = 0 }  // "N further problems", listed last
      return problem
    }
  }

  /// A `.csv` file in the folder that is not an input file is probably a misnamed one.
  private func strayFileWarnings() -> [InputWarning] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
      return []
    }
    return names.sorted().filter {
      $0.lowercased().hasSuffix(".csv") && !Self.fileNames.contains($0)
    }
    .map {
      InputWarning(
        "\($0) in the inputs folder is not an input file and was ignored (the input files are "
          + Self.fileNames.joined(separator: ", ") + ")")
    }
  }
}
