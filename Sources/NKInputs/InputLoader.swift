import Foundation
import NKPeriods

/// Reads and validates the five input files of an inputs folder into a `Dataset`.
///
/// Every problem in every file is collected (not just the first) into `Dataset.problems`,
/// sorted by file in the contract's order, then by line. Only a missing folder, a missing
/// `arrivals.csv`, an input that is not a regular file or an I/O failure throw.
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

  /// Reads and validates every input: `open()`, then one pass over `aid.csv` that validates
  /// it without keeping its records. For validation only (`nkreport validate`, imports).
  public func load() throws(InputError) -> Dataset {
    let dataset = try open()
    do {
      return dataset.including(try dataset.aid.read { _ in })
    } catch let error as InputError {
      throw error
    } catch {
      throw .unreadable(path: path(AidFile.name), reason: "\(error)")
    }
  }

  /// Reads and validates every input but the rows of `aid.csv`, which `dataset.aid` reads and
  /// validates once, when the report is made (then `Dataset.including(_:)` completes the
  /// dataset with its summary and problems).
  public func open() throws(InputError) -> Dataset {
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

    // aid.csv: present now, its rows counted when the ledger is read.
    var aid = AidLedger.empty
    let aidPath = path(AidFile.name)
    if exists(aidPath) {
      aid = AidLedger(
        reader: try AidFileReader(path: aidPath, limits: limits, rates: exchangeRates))
      summaries[AidFile.name] = InputFileSummary(
        name: AidFile.name, path: aidPath, isPresent: true, bytes: 0, sha256: "", rowsRead: 0,
        rowsAccepted: 0)
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
