import Foundation

/// The accepted rows of `aid.csv`.
///
/// A ledger can hold a million rows, more than the job may keep in memory (the contract's
/// bound is 128 MiB), so a ledger read from a file is not kept: every pass re-reads the file
/// and yields exactly the rows that were accepted the first time. The re-read checks that the
/// file is unchanged since validation and throws `InputError.changedDuringRun` otherwise.
public struct AidLedger: Sendable {
  typealias Replay = @Sendable (_ body: (AidRecord) throws -> Void) throws -> Void

  private enum Storage: Sendable {
    case memory([AidRecord])
    case file(Replay)
  }

  private let storage: Storage
  /// Number of accepted records.
  public let count: Int

  /// A ledger held in memory (tests, small inputs built in code).
  public init(records: [AidRecord]) {
    storage = .memory(records)
    count = records.count
  }

  /// A ledger that re-reads its file on every pass; `replay` yields the accepted records in
  /// file order.
  init(count: Int, replay: @escaping Replay) {
    storage = .file(replay)
    self.count = count
  }

  public static let empty = AidLedger(records: [])

  /// Calls `body` with every accepted record, in file order.
  public func forEach(_ body: (AidRecord) throws -> Void) throws {
    switch storage {
    case .memory(let records): try records.forEach(body)
    case .file(let replay): try replay(body)
    }
  }
}

/// The validated contents of an inputs folder.
public struct Dataset: Sendable {
  /// Accepted rows of `arrivals.csv`, in file order.
  public var arrivals: [ArrivalRow]
  /// Accepted rows of `departures.csv`, in file order; empty when the file is absent.
  public var departures: [DepartureRow]
  public var checkpoints: [Checkpoint]
  public var aid: AidLedger
  public var exchangeRates: ExchangeRates
  /// One entry per contract file (present or not), in the contract's order.
  public var files: [InputFileSummary]
  /// Every rejected row or file-level problem; empty when the inputs are clean.
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
}
