/// Why a report could not be published. Each maps to a sysexits code for the scheduler.
public enum PublishError: Error, Sendable, CustomStringConvertible {
  /// Another run holds the lock (EX_TEMPFAIL, 75: try again later).
  case locked(path: String)
  /// The reports folder or a file in it could not be written (EX_CANTCREAT, 73).
  case cannotWrite(path: String, reason: String)
  /// Making or writing the report failed (EX_CANTCREAT, 73): nothing was published. `cause`
  /// is the error as the report threw it (rejected inputs, an unreadable ledger, a full
  /// disk…), for the caller to report.
  case render(cause: any Error)

  public var exitCode: Int32 {
    switch self {
    case .locked: return 75
    case .cannotWrite, .render: return 73
    }
  }

  public var description: String {
    switch self {
    case .locked(let path): return "another nkreport run holds the lock \(path); try again later"
    case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
    case .render(let cause): return "could not render the report: \(cause)"
    }
  }
}

extension PublishError: Equatable {
  /// Equal kinds at equal paths; render failures by what they say.
  public static func == (lhs: PublishError, rhs: PublishError) -> Bool {
    switch (lhs, rhs) {
    case (.locked(let a), .locked(let b)): return a == b
    case (.cannotWrite(let a, let x), .cannotWrite(let b, let y)): return a == b && x == y
    case (.render(let a), .render(let b)): return "\(a)" == "\(b)"
    default: return false
    }
  }
}
