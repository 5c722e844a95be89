import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Files written so that a crash or a power cut leaves either the old file or the new one,
/// never a mix, and the new one is on the disk when `write` returns: a temporary file in the
/// same folder, written and fsync'd, renamed over the old one, then the folder fsync'd so the
/// rename itself is durable (rename(2) is atomic, not durable).
public enum DurableFile {
  /// Writes `data` to `url` atomically and durably; `permissions` are the new file's mode
  /// bits (not reduced by the umask, so a collector running as another user can read it).
  public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644)
    throws(DurableFileError)
  {
    let folder = url.deletingLastPathComponent().path
    // A name of this process's own and hidden: a concurrent run writing the same file, and a
    // reader listing the folder, never meet it.
    let temporary =
      "\(folder)/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp"
    do {
      try writeFile(data, to: temporary, permissions: permissions)
      try SystemCalls.rename(temporary, url.path)
    } catch {
      _ = unlink(temporary)  // never leave a temporary file behind
      throw error
    }
    try synchronizeDirectory(folder)
  }

  /// fsync of a file another writer made (the workbook libxlsxwriter writes).
  public static func synchronizeFile(_ path: String) throws(DurableFileError) {
    let descriptor = try SystemCalls.open(path, O_RDONLY | O_CLOEXEC)
    defer { _ = close(descriptor) }
    try SystemCalls.fsync(descriptor, path: path)
  }

  /// fsync of a folder: the names created, removed and renamed in it reach the disk.
  public static func synchronizeDirectory(_ path: String) throws(DurableFileError) {
    let descriptor = try SystemCalls.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    defer { _ = close(descriptor) }
    try SystemCalls.fsync(descriptor, path: path)
  }

  /// Every regular file directly in `folder`, then the folder itself.
  public static func synchronizeFolderAndFiles(_ folder: URL) throws(DurableFileError) {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    } catch {
      throw DurableFileError(path: folder.path, operation: "list", errno: EIO)
    }
    for name in names {
      let path = folder.appendingPathComponent(name).path
      var status = stat()
      guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
      try synchronizeFile(path)
    }
    try synchronizeDirectory(folder.path)
  }

  private static func writeFile(_ data: Data, to path: String, permissions: mode_t)
    throws(DurableFileError)
  {
    let descriptor = try SystemCalls.open(
      path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions: permissions)
    defer { _ = close(descriptor) }
    // The umask must not take the mode bits asked for.
    guard fchmod(descriptor, permissions) == 0 else {
      throw DurableFileError(path: path, operation: "chmod", errno: errno)
    }
    let failure = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> DurableFileError? in
      var offset = 0
      while offset < bytes.count {
        do throws(DurableFileError) {
          offset += try SystemCalls.write(
            descriptor, UnsafeRawBufferPointer(rebasing: bytes[offset...]), path: path)
        } catch {
          return error
        }
      }
      return nil
    }
    if let failure { throw failure }
    try SystemCalls.fsync(descriptor, path: path)
  }
}
