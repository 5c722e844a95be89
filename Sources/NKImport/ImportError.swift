import NKPeriods

/// One thing wrong in the Ministry's table, located in the source file: `FILE:LINE:COLUMN`
/// for a CSV (the column named by its header text), `FILE:Sheet!B4` for a workbook.
public struct TableProblem: Hashable, Sendable, CustomStringConvertible {
  public var location: String
  public var reason: String

  public init(location: String, reason: String) {
    self.location = location
    self.reason = reason
  }

  public var description: String { "\(location): \(reason)" }
}

/// Why an import wrote nothing.
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The table file or the inputs folder does not exist (CLI: exit 66).
  case notFound(path: String, what: String)
  /// An I/O failure reading a file that exists (CLI: exit 66).
  case unreadable(path: String, reason: String)
  /// The file is refused as a whole: too large, not a table format, a zip bomb, a DTD, a path
  /// leaving the archive (CLI: exit 65).
  case refused(path: String, reason: String)
  /// The table does not add up or cannot be read: every problem (CLI: exit 65).
  case tableProblems([TableProblem])
  /// The merged inputs would not validate: every problem, as the loader states it (exit 65).
  case mergeConflicts([String])
  /// The inputs folder could not be written (CLI: exit 73).
  case cannotWrite(path: String, reason: String)
  /// The table's release is older than the one the inputs already hold, and `--allow-older`
  /// was not given (CLI: exit 65). `backToProvisional` names the final figures it would make
  /// provisional again.
  case olderTable(table: YearMonth, inputs: YearMonth, backToProvisional: [String])

  public var description: String {
    switch self {
    case .notFound(let path, let what): return "\(what) not found: \(path)"
    case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
    case .refused(let path, let reason): return "\(path): refused: \(reason)"
    case .tableProblems(let problems):
      return problems.map(\.description).joined(separator: "\n")
    case .mergeConflicts(let lines): return lines.joined(separator: "\n")
    case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
    case .olderTable(let table, let inputs, let backToProvisional):
      return
        ([
          "the table is as at \(table), older than the release the inputs already hold (as at \(inputs)); nothing was written (--allow-older imports it all the same)"
        ]
        + backToProvisional.map { "  \($0)" }).joined(separator: "\n")
    }
  }
}
