import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Replaces input files atomically and durably, all or none as far as renames allow.
///
/// The one place the import writes files: the durable atomic-write module being made for the
/// report (issue 16) can replace this function whole.
enum InputsFileWriter {
  /// Writes each `(path, bytes)`: every file is first written to a temporary file beside the
  /// file it replaces and fsynced; then each is renamed over its file and the folders are
  /// fsynced, so a reader sees the old file or the new, never half of one, and a crash leaves
  /// no half-written input. A path that is a symbolic link is written through: the link's
  /// target is replaced (in the target's folder), and the link stays as it was.
  static func replace(_ files: [(path: String, bytes: [UInt8])]) throws(ImportError) {
    var staged: [(temporary: String, final: String, shown: String)] = []
    defer { for entry in staged { unlink(entry.temporary) } }
    for file in files {
      let final = try target(of: file.path)
      let folder = (final as NSString).deletingLastPathComponent
      let name = (final as NSString).lastPathComponent
      let temporary = (folder as NSString).appendingPathComponent(".\(name).import-\(getpid())")
      try writeFlushed(file.bytes, to: temporary, shown: file.path)
      staged.append((temporary, final, file.path))
    }
    var folders: [String] = []
    for entry in staged {
      guard rename(entry.temporary, entry.final) == 0 else {
        throw .cannotWrite(path: entry.shown, reason: String(cString: strerror(errno)))
      }
      let folder = (entry.final as NSString).deletingLastPathComponent
      if !folders.contains(folder) { folders.append(folder) }
    }
    staged = []
    for folder in folders {
      let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard descriptor >= 0 else { continue }
      let synced = fsync(descriptor)
      let reason = String(cString: strerror(errno))
      close(descriptor)
      // The files are renamed already; a folder that cannot be synced is still a failure
      // to report (the change may not survive a crash).
      if synced != 0 { throw .cannotWrite(path: folder, reason: "fsync of the folder: \(reason)") }
    }
  }

  /// The file `path` names, through any symbolic links (relative targets are relative to the
  /// link's folder); a link to a file not there yet names that file.
  static func target(of path: String) throws(ImportError) -> String {
    var current = path
    for _ in 0..<40 {
      var status = stat()
      guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else {
        return current
      }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count >= 0 else {
        throw .cannotWrite(
          path: path, reason: "cannot read the link: \(String(cString: strerror(errno)))")
      }
      let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        link.hasPrefix("/")
        ? link
        : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
    }
    throw .cannotWrite(path: path, reason: "too many levels of symbolic links")
  }

  private static func writeFlushed(_ bytes: [UInt8], to path: String, shown: String)
    throws(ImportError)
  {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw .cannotWrite(path: shown, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if result < 0 {
        if errno == EINTR { continue }
        let reason = String(cString: strerror(errno))
        unlink(path)
        throw .cannotWrite(path: shown, reason: reason)
      }
      written += result
    }
    guard fsync(descriptor) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(path)
      throw .cannotWrite(path: shown, reason: reason)
    }
  }
}
