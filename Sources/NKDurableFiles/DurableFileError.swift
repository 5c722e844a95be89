#if canImport(Glibc)
  import Glibc
#endif

/// Why a durable write, a flush or a swap failed: the path and the system's reason.
public struct DurableFileError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  /// What was being done: "write", "fsync", "rename", "exchange", "open".
  public var operation: String
  public var errno: Int32

  public init(path: String, operation: String, errno: Int32) {
    self.path = path
    self.operation = operation
    self.errno = errno
  }

  /// The system's wording of `errno` ("No space left on device").
  public var reason: String { String(cString: strerror(errno)) }

  public var description: String { "cannot \(operation) \(path): \(reason)" }
}
