import Foundation

/// Why the inputs could not be read at all (as opposed to rows that were rejected, which are
/// collected as `InputProblem`s in `Dataset.problems`).
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The inputs folder does not exist or is not a folder (CLI: exit 66).
  case missingInputsFolder(path: String)
  /// `arrivals.csv` is absent (CLI: exit 66).
  case missingRequiredFile(path: String)
  /// An I/O failure while reading a file that exists (CLI: exit 66).
  case unreadable(path: String, reason: String)
  /// An input that is a folder, a named pipe, a device… (CLI: exit 66); refused before any
  /// read, so that a pipe can't hang the run.
  case notRegularFile(path: String, kind: String)
  /// The consumer of the rows stopped the read by throwing; its own error is what the
  /// caller sees (`AidLedger.read`), so this never leaves NKInputs.
  case stoppedByConsumer

  public var description: String {
    switch self {
    case .missingInputsFolder(let path): return "inputs folder not found: \(path)"
    case .missingRequiredFile(let path): return "required input file not found: \(path)"
    case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
    case .notRegularFile(let path, let kind):
      return "cannot read \(path): it is \(kind), not a regular file"
    case .stoppedByConsumer: return "reading stopped by its consumer"
    }
  }
}

/// Bounds that keep the reader's memory small whatever the input looks like.
public struct InputLimits: Hashable, Sendable {
  /// Longest field accepted, in bytes; a longer field rejects its row without being buffered.
  public var maxFieldBytes: Int
  /// Longest row accepted, in bytes (each field separator counts one byte).
  public var maxRowBytes: Int
  /// Problems printed per file by `problemListing` before "and N more problems".
  public var maxProblemsListedPerFile: Int
  /// Problems kept in memory per file; beyond it they are counted in one summary problem.
  public var maxProblemsKeptPerFile: Int
  /// Largest count (people) accepted; anything above is treated as a typo.
  public var maxCount: Int
  /// Bytes read from the file per `read(2)` call.
  public var chunkBytes: Int

  public init(
    maxFieldBytes: Int = 1 << 20, maxRowBytes: Int = 4 << 20, maxProblemsListedPerFile: Int = 50,
    maxProblemsKeptPerFile: Int = 20_000, maxCount: Int = 1_000_000_000, chunkBytes: Int = 64 << 10
  ) {
    self.maxFieldBytes = max(1, maxFieldBytes)
    self.maxRowBytes = max(self.maxFieldBytes, maxRowBytes)
    self.maxProblemsListedPerFile = max(0, maxProblemsListedPerFile)
    self.maxProblemsKeptPerFile = max(1, maxProblemsKeptPerFile)
    self.maxCount = max(0, maxCount)
    self.chunkBytes = max(16, chunkBytes)
  }

  public static let standard = InputLimits()
}

/// The lines to print for `problems`: at most `capPerFile` per file, then one line
/// `file: and N more problems`. Problems are expected in `Dataset.problems` order (by file,
/// then line); the order is kept.
public func problemListing(_ problems: [InputProblem], capPerFile: Int) -> [String] {
  var fileOrder: [String] = []
  var shown: [String: [String]] = [:]
  var hidden: [String: Int] = [:]
  for problem in problems {
    if shown[problem.file] == nil {
      shown[problem.file] = []
      fileOrder.append(problem.file)
    }
    if shown[problem.file, default: []].count < capPerFile {
      shown[problem.file, default: []].append(problem.description)
    } else {
      hidden[problem.file, default: 0] += 1
    }
  }
  var result: [String] = []
  for file in fileOrder {
    result.append(contentsOf: shown[file, default: []])
    if let count = hidden[file], count > 0 {
      result.append("\(file): and \(count) more problem\(count == 1 ? "" : "s")")
    }
  }
  return result
}
