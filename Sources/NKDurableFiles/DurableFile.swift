import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Files written so that a crash or a power cut leaves either the old file or the new one,
/// never a mix, and the new one is on the disk when `write` returns: a temporary file in the
/// same folder, written and fsync'd, renamed over the old one, then the folder fsync'd so the
/// rename itself is durable (rename(2) is atomic, not durable).
public enum DurableFile {
  /// Writes `data` to `url`, an atomic and durable replacement; `permissions` are the new
  /// file's mode bits (not reduced by the umask, so a collector running as another user can
  /// read it).
  /// An error names `url`, or its folder when the folder's flush failed.
  public static func write(_ data: Data, to url: URL, permissions: mode_t = 0o644)
    throws(DurableFileError)
  {
    try write([(url: url, data: data)], permissions: permissions)
  }

  /// Replaces several files together: every new file is written and flushed beside the file
  /// it replaces before any is renamed, so a failure while writing leaves all the old files;
  /// then each is renamed into place and each folder flushed. With `throughLinks`, a URL that
  /// is a symbolic link is written through: its final target is replaced (in the target's
  /// folder) and the link stays as it was. An error names the URL as given, or a folder.
  public static func write(
    _ files: [(url: URL, data: Data)], permissions: mode_t = 0o644, throughLinks: Bool = false
  ) throws(DurableFileError) {
    var staged: [(temporary: String, final: String, given: String)] = []
    // Never leave a temporary file behind, whichever step fails.
    defer { for entry in staged { _ = unlink(entry.temporary) } }
    for (url, data) in files {
      let final = try throughLinks ? SymbolicLinks.finalTarget(of: url.path) : url.path
      let folder = (final as NSString).deletingLastPathComponent
      // A name of this process's own and hidden: a concurrent run writing the same file, and
      // a reader listing the folder, never meet it.
      let name = (final as NSString).lastPathComponent
      let temporary = "\(folder)/.\(name).\(ProcessInfo.processInfo.processIdentifier).tmp"
      staged.append((temporary, final, url.path))
      try naming(url.path) { () throws(DurableFileError) in
        try writeFile(data, to: temporary, permissions: permissions)
      }
    }
    var folders: [String] = []
    while !staged.isEmpty {
      let entry = staged[0]
      try naming(entry.given) { () throws(DurableFileError) in
        try SystemCalls.rename(entry.temporary, entry.final)
      }
      staged.removeFirst()
      let folder = (entry.final as NSString).deletingLastPathComponent
      if !folders.contains(folder) { folders.append(folder) }
    }
    for folder in folders { try synchronizeDirectory(folder) }
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

  /// Runs `body`, its error naming `path` (the file the caller asked for, not the temporary
  /// file or the link target the call was made on).
  private static func naming(_ path: String, _ body: () throws(DurableFileError) -> Void)
    throws(DurableFileError)
  {
    do { try body() } catch {
      throw DurableFileError(path: path, operation: error.operation, errno: error.errno)
    }
  }

  private static func writeFile(_ data: Data, to path: String, permissions: mode_t)
    throws(DurableFileError)
  {
    let descriptor = try SystemCalls.open(
      path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, permissions: permissions)
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
