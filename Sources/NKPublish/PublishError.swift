/// Why a report could not be published. Each maps to a sysexits code for the scheduler.
public enum PublishError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Another run holds the lock (EX_TEMPFAIL, 75: try again later).
  case locked(path: String)
  /// The reports folder or a file in it could not be written (EX_CANTCREAT, 73).
  case cannotWrite(path: String, reason: String)
  /// Rendering the report failed (EX_CANTCREAT, 73: nothing was published).
  case render(reason: String)

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
    case .render(let reason): return "could not render the report: \(reason)"
    }
  }
}
