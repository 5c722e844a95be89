import Foundation
import NKDurableFiles
import NKInputs

#if canImport(Glibc)
  import Glibc
#endif

/// Writes `aid-records.digest` into the staging folder as the pass goes, 64 KiB at a time: a
/// million records make 20 MB that need not be held (holding them raised the 1M-row run's peak
/// from 78 to 96 MiB). `finish` writes the rest and flushes the file to the disk; the staging
/// folder is private to the run, so no rename is needed.
public final class AidRecordDigestWriter {
  private let path: String
  private var descriptor: Int32
  private var buffer: [UInt8]
  private static let chunkBytes = 64 * 1024

  public init(url: URL) throws(DurableFileError) {
    path = url.path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0 else {
      throw DurableFileError(path: path, operation: "create", errno: errno)
    }
    buffer = AidRecordDigestFile.headerBytes
    buffer.reserveCapacity(Self.chunkBytes + AidRecordDigestFile.entryBytes)
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  /// Adds `record`'s entry (written at `line` of `aid-records.csv`).
  public func append(_ record: AidRecord, line: Int) throws(DurableFileError) {
    AidRecordDigestFile.append(record, line: line, to: &buffer)
    if buffer.count >= Self.chunkBytes { try flushBuffer() }
  }

  /// Writes what is left, fsyncs and closes the file.
  public func finish() throws(DurableFileError) {
    try flushBuffer()
    guard fsync(descriptor) == 0 else {
      throw DurableFileError(path: path, operation: "fsync", errno: errno)
    }
    let closed = close(descriptor)
    descriptor = -1
    guard closed == 0 else { throw DurableFileError(path: path, operation: "close", errno: errno) }
  }

  private func flushBuffer() throws(DurableFileError) {
    var written = 0
    while written < buffer.count {
      let result = buffer.withUnsafeBytes { bytes in
        write(descriptor, bytes.baseAddress! + written, bytes.count - written)
      }
      if result < 0 {
        if errno == EINTR { continue }
        throw DurableFileError(path: path, operation: "write", errno: errno)
      }
      written += result
    }
    buffer.removeAll(keepingCapacity: true)
  }
}
