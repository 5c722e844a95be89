/// Why a report could not be published. Each maps to a sysexits code for the scheduler.
public enum PublishError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Another run holds the lock (EX_TEMPFAIL, 75: try again later).
  case locked(path: String)
  /// The reports folder or a file in it could not be written (EX_CANTCREAT, 73).
  case cannotWrite(path: String, reason: String)
  /// Rendering the report failed (EX_CANTCREAT, 73: nothing was published); `temporary`
  /// when running again may succeed (an input changed during the run: EX_TEMPFAIL, 75).
  case render(reason: String, temporary: Bool)

  public var exitCode: Int32 {
    switch self {
    case .locked, .render(_, temporary: true): return 75
    case .cannotWrite, .render: return 73
    }
  }

  public var description: String {
    switch self {
    case .locked(let path): return "another nkreport run holds the lock \(path); try again later"
    case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
    case .render(let reason, let temporary):
      return "could not render the report: \(reason)\(temporary ? "; run again" : "")"
    }
  }
}
