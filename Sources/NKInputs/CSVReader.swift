import Foundation

// Why a hand-written reader: the listed CSV packages don't give what the contract needs.
// yaslab/CSV.swift 2.5.2 reports neither physical line numbers (it counts records) nor where a
// byte of bad UTF-8 is, and decodes through `String`; swiftcsv/SwiftCSV 0.10.0 loads the whole
// file into one String. The aid ledger can hold a million rows and must be validated in bounded
// memory with every problem pointing at `file:line`, so this reader streams bytes in chunks,
// validates UTF-8 itself and tracks physical lines (a quoted field may span several).

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
