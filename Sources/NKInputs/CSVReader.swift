import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// Why a hand-written reader: the listed CSV packages don't give what the contract needs.
// yaslab/CSV.swift 2.5.2 reports neither physical line numbers (it counts records) nor where a
// byte of bad UTF-8 is, and decodes through `String`; swiftcsv/SwiftCSV 0.10.0 loads the whole
// file into one String. The aid ledger can hold a million rows and must be validated in bounded
// memory with every problem pointing at `file:line`, so this reader streams bytes in chunks,
// validates UTF-8 itself and tracks physical lines (a quoted field may span several).

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

/// A problem with the CSV syntax or encoding of one record, found by the reader.
struct CSVSyntaxIssue: Hashable, Sendable {
  enum Kind: Hashable, Sendable {
    case invalidUTF8(byte: UInt8)
    case truncatedUTF8
    /// A multi-byte character is cut short by the byte at the position.
    case incompleteUTF8
    case nul
    case fieldTooLong(limit: Int)
    case rowTooLong(limit: Int)
    case unterminatedQuote(openedOnLine: Int)
    case strayQuote
    case textAfterClosingQuote

    /// Bytes that are not UTF-8 (perhaps a file saved in another encoding).
    var isInvalidUTF8: Bool {
      switch self {
      case .invalidUTF8, .truncatedUTF8, .incompleteUTF8: return true
      default: return false
      }
    }
  }

  var kind: Kind
  /// Physical line and 1-based byte position in that line where the problem is.
  var line: Int
  var byteInLine: Int
  /// Index of the field in its record.
  var field: Int

  var reason: String {
    let at = "at line \(line), byte \(byteInLine) of the line"
    switch kind {
    case .invalidUTF8(let byte):
      let hex = String(byte, radix: 16, uppercase: true)
      return "invalid UTF-8: byte 0x\(byte < 16 ? "0" : "")\(hex) \(at)"
    case .truncatedUTF8: return "invalid UTF-8: the file ends inside a character \(at)"
    case .incompleteUTF8: return "invalid UTF-8: a character is cut short \(at)"
    case .nul: return "NUL byte \(at) (save the file as UTF-8 text, not UTF-16)"
    case .fieldTooLong(let limit):
      return "field is longer than \(limit) bytes (\(at)); the rest of the row was skipped"
    case .rowTooLong(let limit):
      return "row is longer than \(limit) bytes (\(at)); the rest of the row was skipped"
    case .unterminatedQuote(let opened):
      return "quoted field opened on line \(opened) is not closed before the end of the file"
    case .strayQuote:
      return
        "quote character inside an unquoted field \(at): quote the whole field and double the quote"
    case .textAfterClosingQuote:
      return "text after the closing quote \(at): quote the whole field and double any quote in it"
    }
  }
}

/// A streaming RFC 4180 reader over a `ChunkedFile`.
///
/// - Accepts a UTF-8 BOM, CRLF, LF or a lone CR as line ends, quoted fields with commas,
///   doubled quotes and line breaks.
/// - `recordLine` is the physical line where the current record starts.
/// - Blank lines (nothing but spaces or tabs) are skipped.
/// - Invalid UTF-8, NUL bytes, over-long fields or rows, stray quotes and an unterminated
///   quote set `issue` on the record; the record is still delimited correctly so reading
///   goes on with the next one. An over-long field or row is not buffered: the rest of the
///   record is scanned (to keep quote state) but not stored.
struct CSVReader {
  private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

  private let file: ChunkedFile
  private let maxFieldBytes: Int
  private let maxRowBytes: Int

  // Current record.
  private(set) var recordLine = 1
  private(set) var bytes: [UInt8] = []
  private(set) var fieldEnds: [Int] = []
  private(set) var issue: CSVSyntaxIssue?
  /// Largest capacity the record buffer reached: a statistic for the memory-bound tests.
  private(set) var peakBufferedBytes = 0

  // Position and state, kept across chunks.
  private var position = 0
  private var chunkCount = 0
  private var chunkBase = 0
  private var started = false
  private var finished = false
  private var line = 1
  private var lineStart = 0
  private var state = State.fieldStart
  private var pendingCR = false
  private var utf8Need = 0
  private var utf8Low: UInt8 = 0x80
  private var utf8High: UInt8 = 0xBF
  private var fieldStart = 0
  private var discarding = false
  private var recordHasBytes = false
  private var recordQuoted = false
  private var quoteOpenLine = 0

  init(file: ChunkedFile, limits: InputLimits) {
    self.file = file
    maxFieldBytes = limits.maxFieldBytes
    maxRowBytes = limits.maxRowBytes
    bytes.reserveCapacity(4096)
    fieldEnds.reserveCapacity(32)
  }

  var fieldCount: Int { fieldEnds.count }

  /// Bytes of field `index` of the current record.
  func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    let start = index == 0 ? 0 : fieldEnds[index - 1]
    let end = fieldEnds[index]
    return try bytes.withUnsafeBufferPointer { all in
      try body(UnsafeBufferPointer(rebasing: all[start..<end]))
    }
  }

  /// Field `index` as text, with surrounding spaces and tabs removed when `trimmed`.
  func string(_ index: Int, trimmed: Bool = true) -> String {
    withField(index) { field in
      let slice = trimmed ? field.trimmingSpaces() : field[...]
      return String(decoding: UnsafeBufferPointer(rebasing: slice), as: UTF8.self)
    }
  }

  /// Reads the next non-blank record; `false` at the end of the file.
  mutating func next() throws(InputError) -> Bool {
    if finished { return false }
    startRecord()
    while true {
      if position == chunkCount {
        chunkBase += chunkCount
        position = 0
        chunkCount = try file.readChunk()
        if !started {
          started = true
          skipByteOrderMark()
        }
        if chunkCount == 0 {
          finished = true
          return finishAtEndOfFile()
        }
      }
      if scanChunk() { return true }
    }
  }

  private mutating func skipByteOrderMark() {
    if chunkCount >= 3, file.buffer[0] == 0xEF, file.buffer[1] == 0xBB, file.buffer[2] == 0xBF {
      position = 3
      lineStart = 3
    }
  }

  private mutating func startRecord() {
    if bytes.capacity > 1 << 16 { bytes = [] }
    bytes.removeAll(keepingCapacity: true)
    fieldEnds.removeAll(keepingCapacity: true)
    issue = nil
    fieldStart = 0
    discarding = false
    recordHasBytes = false
    recordQuoted = false
    recordLine = line
    state = .fieldStart
  }

  private mutating func note(_ kind: CSVSyntaxIssue.Kind, absolute: Int) {
    if issue == nil {
      issue = CSVSyntaxIssue(
        kind: kind, line: line, byteInLine: absolute - lineStart + 1, field: fieldEnds.count)
    }
  }

  /// Appends field bytes unless the field or row limit is passed, in which case the record is
  /// marked and nothing more of it is stored.
  private mutating func append(_ run: UnsafeBufferPointer<UInt8>, absolute: Int) {
    if discarding || run.isEmpty { return }
    if bytes.count - fieldStart + run.count > maxFieldBytes {
      // Point at the first byte past the limit.
      note(
        .fieldTooLong(limit: maxFieldBytes),
        absolute: absolute + maxFieldBytes - (bytes.count - fieldStart))
      discarding = true
      return
    }
    if bytes.count + fieldEnds.count + run.count > maxRowBytes {
      note(
        .rowTooLong(limit: maxRowBytes),
        absolute: absolute + maxRowBytes - (bytes.count + fieldEnds.count))
      discarding = true
      return
    }
    bytes.append(contentsOf: run)
    if bytes.capacity > peakBufferedBytes { peakBufferedBytes = bytes.capacity }
  }

  private mutating func endField(absolute: Int) {
    if discarding { return }
    if bytes.count + fieldEnds.count + 1 > maxRowBytes {
      note(.rowTooLong(limit: maxRowBytes), absolute: absolute)
      discarding = true
      return
    }
    fieldEnds.append(bytes.count)
    fieldStart = bytes.count
  }

  /// `true` when the record just ended is blank (skipped).
  private var isBlankRecord: Bool {
    guard issue == nil, !recordQuoted, fieldEnds.count == 1 else { return false }
    return bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
  }

  private mutating func newLine(after absolute: Int) {
    line += 1
    lineStart = absolute + 1
  }

  private mutating func finishAtEndOfFile() -> Bool {
    let end = chunkBase
    if utf8Need > 0 {
      note(.truncatedUTF8, absolute: end)
      utf8Need = 0
    }
    guard recordHasBytes else { return false }
    switch state {
    case .quoted:
      // An unterminated quote explains any other trouble in the record (e.g. a field that
      // swallowed the rest of the file and grew too long).
      issue = CSVSyntaxIssue(
        kind: .unterminatedQuote(openedOnLine: quoteOpenLine), line: quoteOpenLine, byteInLine: 0,
        field: fieldEnds.count)
      discarding = true
    default:
      endField(absolute: end)
    }
    return !isBlankRecord
  }

  private static let comma: UInt8 = 0x2C
  private static let quote: UInt8 = 0x22
  private static let lf: UInt8 = 0x0A
  private static let cr: UInt8 = 0x0D

  /// Scans from `position`; `true` when a non-blank record ended (position is after it).
  private mutating func scanChunk() -> Bool {
    let buffer = file.buffer
    return buffer.withUnsafeBufferPointer { chunk -> Bool in
      let end = chunkCount
      var index = position
      defer { position = index }
      while index < end {
        let byte = chunk[index]
        let absolute = chunkBase + index

        if pendingCR {
          pendingCR = false
          if byte == Self.lf {
            // Second half of CRLF: the line was already counted at the CR.
            lineStart = absolute + 1
            if state == .quoted {
              append(UnsafeBufferPointer(rebasing: chunk[index..<index + 1]), absolute: absolute)
            }
            index += 1
            continue
          }
        }
        recordHasBytes = true

        // UTF-8 validation: continuation bytes expected after a lead byte.
        if utf8Need > 0 {
          if byte >= utf8Low && byte <= utf8High {
            utf8Need -= 1
            utf8Low = 0x80
            utf8High = 0xBF
          } else {
            note(byte < 0x80 ? .incompleteUTF8 : .invalidUTF8(byte: byte), absolute: absolute)
            utf8Need = 0
            utf8Low = 0x80
            utf8High = 0xBF
          }
        } else if byte >= 0x80 {
          switch byte {
          case 0xC2...0xDF: utf8Need = 1
          case 0xE0:
            utf8Need = 2
            utf8Low = 0xA0
          case 0xE1...0xEC, 0xEE...0xEF: utf8Need = 2
          case 0xED:
            utf8Need = 2
            utf8High = 0x9F
          case 0xF0:
            utf8Need = 3
            utf8Low = 0x90
          case 0xF1...0xF3: utf8Need = 3
          case 0xF4:
            utf8Need = 3
            utf8High = 0x8F
          default: note(.invalidUTF8(byte: byte), absolute: absolute)
          }
        }

        switch state {
        case .fieldStart:
          if byte == Self.quote {
            state = .quoted
            recordQuoted = true
            quoteOpenLine = line
            index += 1
            continue
          }
          state = .unquoted
          // Handle the byte as part of an unquoted field (falls through to that case below).
          if let ended = unquoted(byte, chunk: chunk, index: &index, end: end, absolute: absolute) {
            if ended { return true }
          }
        case .unquoted:
          if let ended = unquoted(byte, chunk: chunk, index: &index, end: end, absolute: absolute) {
            if ended { return true }
          }
        case .quoted:
          switch byte {
          case Self.quote:
            state = .quoteInQuoted
            index += 1
          case Self.lf, Self.cr:
            append(UnsafeBufferPointer(rebasing: chunk[index..<index + 1]), absolute: absolute)
            newLine(after: absolute)
            if byte == Self.cr { pendingCR = true }
            index += 1
          case 0:
            note(.nul, absolute: absolute)
            index += 1
          default:
            // Fast path: a run of ordinary ASCII bytes inside quotes.
            var runEnd = index + 1
            if byte < 0x80 {
              while runEnd < end {
                let next = chunk[runEnd]
                if next == Self.quote || next < 0x20 || next >= 0x80 { break }
                runEnd += 1
              }
            }
            append(UnsafeBufferPointer(rebasing: chunk[index..<runEnd]), absolute: absolute)
            index = runEnd
          }
        case .quoteInQuoted:
          switch byte {
          case Self.quote:
            append(UnsafeBufferPointer(rebasing: chunk[index..<index + 1]), absolute: absolute)
            state = .quoted
            index += 1
          case Self.comma:
            endField(absolute: absolute)
            state = .fieldStart
            index += 1
          case Self.lf, Self.cr:
            index += 1
            if endRecord(at: byte, absolute: absolute) { return true }
          default:
            note(.textAfterClosingQuote, absolute: absolute)
            state = .unquoted
            if let ended = unquoted(byte, chunk: chunk, index: &index, end: end, absolute: absolute)
            {
              if ended { return true }
            }
          }
        }
      }
      return false
    }
  }

  /// Handles `byte` in an unquoted field; returns `true` when a non-blank record ended,
  /// `false` when a blank line was skipped, `nil` otherwise.
  private mutating func unquoted(
    _ byte: UInt8, chunk: UnsafeBufferPointer<UInt8>, index: inout Int, end: Int, absolute: Int
  ) -> Bool? {
    switch byte {
    case Self.comma:
      endField(absolute: absolute)
      state = .fieldStart
      index += 1
    case Self.lf, Self.cr:
      index += 1
      return endRecord(at: byte, absolute: absolute)
    case Self.quote:
      note(.strayQuote, absolute: absolute)
      append(UnsafeBufferPointer(rebasing: chunk[index..<index + 1]), absolute: absolute)
      index += 1
    case 0:
      note(.nul, absolute: absolute)
      index += 1
    default:
      // Fast path: a run of ordinary ASCII bytes (anything but , " CR LF NUL or non-ASCII).
      var runEnd = index + 1
      if byte < 0x80 {
        while runEnd < end {
          let next = chunk[runEnd]
          if next > Self.comma && next < 0x80 {
            runEnd += 1
            continue
          }
          if next == Self.comma || next == Self.quote || next == Self.lf || next == Self.cr
            || next == 0 || next >= 0x80
          {
            break
          }
          runEnd += 1
        }
      }
      append(UnsafeBufferPointer(rebasing: chunk[index..<runEnd]), absolute: absolute)
      index = runEnd
    }
    return nil
  }

  /// Ends the record at a line break; `true` when it is a record, `false` when it was a blank
  /// line (then a new record starts).
  private mutating func endRecord(at byte: UInt8, absolute: Int) -> Bool {
    endField(absolute: absolute)
    newLine(after: absolute)
    if byte == Self.cr { pendingCR = true }
    if isBlankRecord {
      startRecord()
      return false
    }
    state = .fieldStart
    return true
  }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// The bytes without leading and trailing spaces and tabs.
  func trimmingSpaces() -> Slice<UnsafeBufferPointer<UInt8>> {
    var start = startIndex
    var end = endIndex
    while start < end, self[start] == 0x20 || self[start] == 0x09 { start += 1 }
    while end > start, self[end - 1] == 0x20 || self[end - 1] == 0x09 { end -= 1 }
    return self[start..<end]
  }
}
