import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The reports folder itself: created when missing, with a plain reason when the path is
/// taken by something that is not a folder (FileManager would only say "file exists").
enum ReportsFolder {
  static func create(_ url: URL) throws(PublishError) {
    var status = stat()
    if lstat(url.path, &status) == 0 {
      if status.st_mode & S_IFMT == S_IFLNK {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?"
        var targetStatus = stat()
        if stat(url.path, &targetStatus) != 0 {
          throw .cannotWrite(
            path: url.path,
            reason: "the reports folder is a symbolic link to \(target), which does not exist")
        }
        status = targetStatus
      }
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw .cannotWrite(path: url.path, reason: "the reports folder is a file, not a folder")
      }
      return
    }
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw .cannotWrite(path: url.path, reason: Publisher.reason(error))
    }
  }
}

/// The staging folder of the publication in progress, so that a SIGTERM handler can remove
/// it before the process exits (the next run would, but an operator should not find it).
public final class ActiveStaging: @unchecked Sendable {
  public static let shared = ActiveStaging()
  private let lock = NSLock()
  private var folder: URL?

  func set(_ url: URL?) {
    lock.lock()
    defer { lock.unlock() }
    folder = url
  }

  /// Removes the staging folder in progress, if any; returns its path.
  @discardableResult
  public func remove() -> String? {
    lock.lock()
    defer { lock.unlock() }
    guard let folder else { return nil }
    // The renderers' threads may still be creating files in it: move it out of their way
    // first (new files by its old path then fail), then remove it, retrying while a file
    // created just before the move makes a directory non-empty.
    let stopped = folder.deletingLastPathComponent().appendingPathComponent(
      folder.lastPathComponent + ".stopped")
    let doomed = rename(folder.path, stopped.path) == 0 ? stopped : folder
    for _ in 0..<5 {
      try? FileManager.default.removeItem(at: doomed)
      if !FileManager.default.fileExists(atPath: doomed.path) { break }
      usleep(10_000)
    }
    self.folder = nil
    return folder.path
  }
}
