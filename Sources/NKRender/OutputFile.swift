import Crypto
import Foundation
import Synchronization

/// SHA-256 of the report files, computed from the bytes as they are written (or, for the
/// workbook the library writes, as they are read for the e-mail), so the publisher does not read
/// every file again to list it. Shared by the threads writing files.
public final class FileChecksums: Sendable {
  private let byName = Mutex<[String: String]>([:])

  public init() {}

  func record(_ name: String, _ digest: SHA256.Digest) {
    let hex = Hex.lowercase(digest)
    byName.withLock { $0[name] = hex }
  }

  /// File name → lower-case hex SHA-256.
  public var all: [String: String] { byName.withLock { $0 } }
}

/// A file written through a 64 KiB buffer, so large outputs (a million aid records, a base64
/// workbook) stream to disk instead of being built as one string. Errors are `RenderError.io`.
final class OutputFile {
  static let bufferSize = 64 * 1024

  let path: String
  private var handle: FileHandle?
  @exclusivity(unchecked) private var buffer: [UInt8] = []
  private var hasher = SHA256()
  private let checksums: FileChecksums?

  /// Creates (or truncates) the file at `url`; its SHA-256 goes to `checksums` when closed.
  init(_ url: URL, checksums: FileChecksums? = nil) throws {
    path = url.path
    self.checksums = checksums
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw RenderError.io(path: path, reason: "cannot create file")
    }
    do {
      handle = try FileHandle(forWritingTo: url)
    } catch {
      throw RenderError.io(
        path: path, reason: "cannot open for writing: \(error.localizedDescription)")
    }
    buffer.reserveCapacity(Self.bufferSize)
  }

  deinit {
    // Only reached without `close()` on an error path: the file is incomplete anyway.
    try? handle?.close()
  }

  func write(_ text: String) throws {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= Self.bufferSize { try flush() }
  }

  /// Lets `body` append bytes to the buffer directly, then flushes when it is full.
  @inline(__always)
  func append(_ body: (inout [UInt8]) -> Void) throws {
    body(&buffer)
    if buffer.count >= Self.bufferSize { try flush() }
  }

  func write<Bytes: Sequence<UInt8>>(bytes: Bytes) throws {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.bufferSize { try flush() }
  }

  func flush() throws {
    guard !buffer.isEmpty else { return }
    guard let handle else { throw RenderError.io(path: path, reason: "file already closed") }
    do {
      try handle.write(contentsOf: buffer)
    } catch {
      throw RenderError.io(path: path, reason: "cannot write: \(error.localizedDescription)")
    }
    if checksums != nil { hasher.update(data: buffer) }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes and closes; the file is complete only when this returns.
  func close() throws {
    try flush()
    guard let handle else { return }
    self.handle = nil
    do {
      try handle.synchronize()
      try handle.close()
    } catch {
      throw RenderError.io(path: path, reason: "cannot close: \(error.localizedDescription)")
    }
    checksums?.record(URL(fileURLWithPath: path).lastPathComponent, hasher.finalize())
  }
}

/// Flushes a file another writer made (the library's workbook) to the disk, as `OutputFile`
/// does its own files when they close.
func synchronizeFile(_ url: URL) throws {
  do {
    let handle = try FileHandle(forReadingFrom: url)
    defer { try? handle.close() }
    try handle.synchronize()
  } catch {
    throw RenderError.io(path: url.path, reason: "cannot flush: \(error.localizedDescription)")
  }
}

/// Reads a file in chunks, for streaming an attachment without loading it whole.
final class InputFile {
  let path: String
  private let handle: FileHandle

  init(_ url: URL) throws {
    path = url.path
    do {
      handle = try FileHandle(forReadingFrom: url)
    } catch {
      throw RenderError.io(
        path: path, reason: "cannot open for reading: \(error.localizedDescription)")
    }
  }

  deinit { try? handle.close() }

  /// Calls `body` with successive chunks of up to `chunkSize` bytes until the end of the file.
  func forEachChunk(size chunkSize: Int, _ body: (Data) throws -> Void) throws {
    while true {
      let chunk: Data?
      do {
        chunk = try handle.read(upToCount: chunkSize)
      } catch {
        throw RenderError.io(path: path, reason: "cannot read: \(error.localizedDescription)")
      }
      guard let chunk, !chunk.isEmpty else { return }
      try body(chunk)
    }
  }
}
