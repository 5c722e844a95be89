import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One run at a time: an exclusive `flock` on a file under the reports folder, released when
/// the process ends, however it ends (no stale lock after a crash).
public final class ReportLock {
  public let path: String
  private var descriptor: Int32

  /// Takes the lock without waiting; throws `.locked` when another run holds it. Publishing
  /// and sending take the same lock, so a send never marks a folder that is being replaced.
  public init(reportsDirectory: URL) throws(PublishError) {
    path = reportsDirectory.appendingPathComponent(".nkreport.lock").path
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw .cannotWrite(path: path, reason: String(cString: strerror(errno)))
    }
    if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      let code = errno
      close(descriptor)
      descriptor = -1
      if code == EWOULDBLOCK { throw .locked(path: path) }
      throw .cannotWrite(path: path, reason: String(cString: strerror(code)))
    }
  }

  public func release() {
    guard descriptor >= 0 else { return }
    flock(descriptor, LOCK_UN)
    close(descriptor)
    descriptor = -1
  }

  deinit { release() }
}
