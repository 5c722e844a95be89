import Foundation

/// The rows of `aid.csv`, read once.
///
/// A ledger can hold a million rows, more than the job may keep in memory (the contract's
/// bound is 128 MiB), so a ledger read from a file is never kept: `read` validates the file
/// and hands each accepted record on as it goes, in file order, and returns what validation
/// found (`AidFileReading`). The report is computed and its record files written in that same
/// pass, so the file is opened once per run.
public struct AidLedger: Sendable {
  private enum Source: Sendable {
    case memory([AidRecord])
    case file(AidFileReader)
  }

  private let source: Source

  /// A ledger held in memory (tests, small inputs built in code).
  public init(records: [AidRecord]) { source = .memory(records) }

  init(reader: AidFileReader) { source = .file(reader) }

  public static let empty = AidLedger(records: [])

  /// Calls `body` with every accepted record, in file order. For a ledger read from a file,
  /// returns the file's statistics and problems (rows with problems are not handed on);
  /// `nil` for a ledger held in memory. `body`'s errors propagate unchanged.
  public func read(_ body: (AidRecord) throws -> Void) throws -> AidFileReading? {
    switch source {
    case .memory(let records):
      try records.forEach(body)
      return nil
    case .file(let reader):
      return try reader.read(body)
    }
  }
}

/// What reading `aid.csv` found: its summary (rows read and accepted, size, SHA-256) and every
/// problem in file order.
public struct AidFileReading: Sendable {
  public var summary: InputFileSummary
  public var problems: [InputProblem]
}

/// Reads and validates `aid.csv` in one pass. The file is opened when the inputs are (so a
/// pipe or an unreadable file is refused before anything is written) and read once; a second
/// read is refused. Ids are checked for uniqueness as the rows go by (`IdRegistry`): a
/// repeated id rejects the later row, naming the line of its first use.
struct AidFileReader: Sendable {
  let path: String
  let limits: InputLimits
  let rates: ExchangeRates
  private let opened: OpenedFile

  init(path: String, limits: InputLimits, rates: ExchangeRates) throws(InputError) {
    self.path = path
    self.limits = limits
    self.rates = rates
    opened = OpenedFile(try ChunkedFile(path: path, chunkBytes: limits.chunkBytes))
  }

  func read(_ body: (AidRecord) throws -> Void) throws -> AidFileReading {
    guard let file = opened.take() else {
      throw InputError.unreadable(path: path, reason: "the ledger was already read once")
    }
    var log = ProblemLog(file: AidFile.name, cap: limits.maxProblemsKeptPerFile)
    var ids = IdRegistry()
    var accepted = 0
    var bodyError: (any Error)?
    let stats: TableStats
    do {
      stats = try readTable(file: file, schema: AidFile.schema, limits: limits, log: &log) {
        row, rowProblems throws(InputError) in
        let record = AidFile.validate(row, &rowProblems, rates: rates)
        let firstLine = row.withBytes(AidFile.id) { bytes -> Int? in
          bytes.isEmpty ? nil : ids.register(bytes, line: row.line)
        }
        if let firstLine, let firstLine {
          rowProblems.add(
            AidFile.id, row.text(AidFile.id), "duplicate id: first used on line \(firstLine)")
        }
        guard let record, rowProblems.isEmpty else { return }
        accepted += 1
        do { try body(record) } catch {
          bodyError = error
          throw .stoppedByConsumer
        }
      }
    } catch {
      if let bodyError { throw bodyError }
      throw error
    }
    let summary = InputFileSummary(
      name: AidFile.name, path: path, isPresent: true, bytes: stats.bytes, sha256: stats.sha256,
      rowsRead: stats.rowsRead, rowsAccepted: accepted)
    return AidFileReading(summary: summary, problems: log.all)
  }
}

/// A file opened for one read, handed to the first reader only.
private final class OpenedFile: @unchecked Sendable {
  private let lock = NSLock()
  private var file: ChunkedFile?

  init(_ file: ChunkedFile) { self.file = file }

  func take() -> ChunkedFile? {
    lock.withLock {
      defer { file = nil }
      return file
    }
  }
}

/// The ids seen so far, each with the line of its first use, in about 40 bytes per id: the id
/// bytes in one arena and an open-addressing table of 64-bit hashes. A `Set<String>` of a
/// million ids takes more (a String and a hash slot each) and hashes Unicode, not bytes.
struct IdRegistry {
  private var slotHash: [UInt64] = Array(repeating: 0, count: 1024)
  /// Entry index + 1, 0 for an empty slot.
  private var slotEntry: [Int32] = Array(repeating: 0, count: 1024)
  private var starts: [Int] = [0]
  private var lines: [Int] = []
  private var arena: [UInt8] = []

  /// Records `id` on `line`; returns the line of its first use when it was seen before.
  mutating func register(_ id: Slice<UnsafeBufferPointer<UInt8>>, line: Int) -> Int? {
    let hash = AidFile.hash(id)
    var slot = Int(truncatingIfNeeded: hash) & (slotHash.count - 1)
    while slotEntry[slot] != 0 {
      let entry = Int(slotEntry[slot]) - 1
      if slotHash[slot] == hash && arena[starts[entry]..<starts[entry + 1]].elementsEqual(id) {
        return lines[entry]
      }
      slot = (slot + 1) & (slotHash.count - 1)
    }
    arena.append(contentsOf: id)
    starts.append(arena.count)
    lines.append(line)
    slotHash[slot] = hash
    slotEntry[slot] = Int32(truncatingIfNeeded: lines.count)
    if lines.count * 2 > slotHash.count { grow() }
    return nil
  }

  /// Doubles the table (kept at most half full, so probes stay short).
  private mutating func grow() {
    let size = slotHash.count * 2
    var hashes = [UInt64](repeating: 0, count: size)
    var entries = [Int32](repeating: 0, count: size)
    for index in slotHash.indices where slotEntry[index] != 0 {
      var slot = Int(truncatingIfNeeded: slotHash[index]) & (size - 1)
      while entries[slot] != 0 { slot = (slot + 1) & (size - 1) }
      hashes[slot] = slotHash[index]
      entries[slot] = slotEntry[index]
    }
    slotHash = hashes
    slotEntry = entries
  }
}

/// The validated contents of an inputs folder.
public struct Dataset: Sendable {
  /// Accepted rows of `arrivals.csv`, in file order.
  public var arrivals: [ArrivalRow]
  /// Accepted rows of `departures.csv`, in file order; empty when the file is absent.
  public var departures: [DepartureRow]
  public var checkpoints: [Checkpoint]
  /// Read once, when the report is made (`InputLoader.open`), or already read
  /// (`InputLoader.load`, then empty).
  public var aid: AidLedger
  public var exchangeRates: ExchangeRates
  /// One entry per contract file (present or not), in the contract's order.
  public var files: [InputFileSummary]
  /// Every rejected row or file-level problem; empty when the inputs are clean. Those of
  /// `aid.csv` are here once the ledger has been read (`including(_:)`).
  public var problems: [InputProblem]
  public var warnings: [InputWarning]

  public init(
    arrivals: [ArrivalRow], departures: [DepartureRow] = [], checkpoints: [Checkpoint] = [],
    aid: AidLedger = .empty, exchangeRates: ExchangeRates = ExchangeRates([]),
    files: [InputFileSummary] = [], problems: [InputProblem] = [], warnings: [InputWarning] = []
  ) {
    self.arrivals = arrivals
    self.departures = departures
    self.checkpoints = checkpoints
    self.aid = aid
    self.exchangeRates = exchangeRates
    self.files = files
    self.problems = problems
    self.warnings = warnings
  }

  /// This dataset once its ledger has been read: `aid.csv`'s summary and problems in place.
  public func including(_ reading: AidFileReading?) -> Dataset {
    guard let reading else { return self }
    var dataset = self
    if let index = files.firstIndex(where: { $0.name == AidFile.name }) {
      var summary = reading.summary
      summary.path = files[index].path
      dataset.files[index] = summary
    }
    dataset.problems = InputLoader.sorted(problems + reading.problems)
    dataset.aid = .empty
    return dataset
  }
}
