import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file read front to back in fixed-size chunks with `read(2)`, hashed (SHA-256) as it goes.
final class ChunkedFile {
  let path: String
  private var descriptor: Int32
  /// The current chunk; valid bytes are `buffer[0..<count]`.
  private(set) var buffer: [UInt8]
  private(set) var count = 0
  /// Bytes read so far (the file size once the end is reached).
  private(set) var bytesRead = 0
  private var hasher = SHA256()
  /// What the bytes read so far say about the file's encoding.
  private(set) var encoding = EncodingSniffer()

  /// Opens `path` for reading; anything but a regular file is refused before a byte is read.
  /// The open does not block (a named pipe without a writer would hang a plain open), and the
  /// type is checked on the descriptor itself, so a file swapped after a check can't slip in.
  init(path: String, chunkBytes: Int) throws(InputError) {
    self.path = path
    descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    buffer = []
    if descriptor < 0 {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw .unreadable(path: path, reason: reason)
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      close(descriptor)
      throw .notRegularFile(path: path, kind: Self.kind(of: info.st_mode))
    }
    // Back to blocking reads for the regular file (O_NONBLOCK was only for the open).
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    buffer = [UInt8](repeating: 0, count: chunkBytes)
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  private static func kind(of mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: return "a folder"
    case S_IFIFO: return "a named pipe"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    default: return "a special file"
    }
  }

  /// Replaces the chunk with the next bytes of the file (filling it unless the file ends);
  /// returns the number of bytes, 0 at the end of the file.
  func readChunk() throws(InputError) -> Int {
    var filled = 0
    let capacity = buffer.count
    let path = self.path
    let descriptor = self.descriptor
    let failure: Int32? = buffer.withUnsafeMutableBytes { raw -> Int32? in
      guard let base = raw.baseAddress else { return nil }
      while filled < capacity {
        let got = read(descriptor, base + filled, capacity - filled)
        if got < 0 {
          if errno == EINTR { continue }
          return errno
        }
        if got == 0 { break }
        filled += got
      }
      return nil
    }
    if let failure {
      throw .unreadable(path: path, reason: String(cString: strerror(failure)))
    }
    count = filled
    let isFirstChunk = bytesRead == 0
    bytesRead += filled
    if filled > 0 {
      buffer.withUnsafeBytes { raw in
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: raw[0..<filled]))
      }
      buffer.withUnsafeBufferPointer {
        let chunk = UnsafeBufferPointer(rebasing: $0[0..<filled])
        if isFirstChunk { encoding.lookAtStart(chunk) }
        encoding.scan(chunk)
      }
    }
    return filled
  }

  /// Lower-case hex SHA-256 of all bytes read.
  func finishDigest() -> String {
    let digest = hasher.finalize()
    return digest.map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }
}
