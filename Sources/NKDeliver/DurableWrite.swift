import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Replaces the file at `url` with `data` so that after a crash or power loss it holds either
/// the old bytes or the new ones, never a mixture: a hidden temporary file beside it, written
/// and fsync'ed, renamed over the target, then the folder fsync'ed so the rename itself lasts.
///
/// The one place NKDeliver writes durably; meant to give way to the project's shared durable
/// atomic-write helper once there is one.
func writeDurably(_ data: Data, to url: URL, mode: mode_t = 0o644) throws(Errno) {
  let folder = url.deletingLastPathComponent().path
  let temporary = folder + "/." + url.lastPathComponent + ".tmp"
  unlink(temporary)  // a leftover of a crash in between
  let file = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
  guard file >= 0 else { throw Errno(errno) }
  var written = 0
  let failure: Int32? = data.withUnsafeBytes { buffer -> Int32? in
    while written < buffer.count {
      let count = write(file, buffer.baseAddress! + written, buffer.count - written)
      if count < 0 {
        if errno == EINTR { continue }
        return errno
      }
      written += count
    }
    return nil
  }
  let synced = fsync(file) == 0 ? nil : errno
  let closed = close(file) == 0 ? nil : errno
  // fchmod-free: the mode is given at creation; the umask may only narrow it, so set it.
  let modeSet = chmod(temporary, mode) == 0 ? nil : errno
  if let code = failure ?? synced ?? closed ?? modeSet {
    unlink(temporary)
    throw Errno(code)
  }
  guard rename(temporary, url.path) == 0 else {
    let code = errno
    unlink(temporary)
    throw Errno(code)
  }
  let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
  guard directory >= 0 else { throw Errno(errno) }
  defer { close(directory) }
  guard fsync(directory) == 0 else { throw Errno(errno) }
}

/// An errno value carried as an error.
struct Errno: Error, CustomStringConvertible {
  var code: Int32
  init(_ code: Int32) { self.code = code }
  var description: String { String(cString: strerror(code)) }
}
