/// An existing input file as records with their exact bytes, so a rewrite changes only the
/// records it means to.
struct CSVDocument {
  var hasBOM: Bool
  var bytes: [UInt8]
  var records: [CSVRecord]
  /// Index in `records` of the header (the first non-blank record); `nil` for an empty file.
  var headerIndex: Int?
  /// The header's column names, trimmed.
  var columns: [String]
  /// The file's line end, `\n` for a new file.
  var lineEnd: [UInt8]

  struct Failure: Error {
    var reason: String
  }

  init(bytes fileBytes: [UInt8]) throws(Failure) {
    hasBOM = fileBytes.starts(with: [0xEF, 0xBB, 0xBF])
    bytes = hasBOM ? Array(fileBytes.dropFirst(3)) : fileBytes
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw Failure(reason: "is not valid UTF-8 (nkreport validate names the line)")
    }
    let parsed: [CSVRecord]
    do { parsed = try CSVText.records(bytes) } catch {
      throw Failure(reason: "line \(error.line): \(error.reason)")
    }
    records = parsed
    let header = parsed.firstIndex { !$0.isBlank }
    headerIndex = header
    columns = header.map { parsed[$0].fields.map(\.trimmingSpaces) } ?? []
    let terminator = header.map { parsed[$0].terminator } ?? []
    lineEnd = terminator.isEmpty ? [0x0A] : terminator
  }

  /// A file that does not exist yet.
  static let empty = CSVDocument()

  private init() {
    hasBOM = false
    bytes = []
    records = []
    headerIndex = nil
    columns = []
    lineEnd = [0x0A]
  }

  func column(_ name: String) -> Int? { columns.firstIndex(of: name) }

  func field(_ record: CSVRecord, _ name: String) -> String {
    guard let index = column(name), index < record.fields.count else { return "" }
    return record.fields[index].trimmingSpaces
  }

  /// Indices of the data records (after the header, not blank).
  var dataIndices: [Int] {
    guard let headerIndex else { return [] }
    return records.indices.filter { $0 > headerIndex && !records[$0].isBlank }
  }

  func body(_ record: CSVRecord) -> [UInt8] { Array(bytes[record.body]) }
}

/// How to rebuild a `CSVDocument`: records replaced, records inserted, columns added.
struct CSVRewrite {
  var document: CSVDocument
  /// Columns the file lacks, appended to the header and (blank) to every record.
  var addedColumns: [String] = []
  /// Record index → new fields (in the rewritten header's order).
  var replaced: [Int: [String]] = [:]
  /// New records, each before the record at its index (`records.count` for the end).
  var inserted: [(before: Int, fields: [String])] = []

  /// The header after the rewrite.
  var columns: [String] { document.columns + addedColumns }

  /// The rewritten bytes, and for each record of the result: its first line and where it
  /// came from (an original record index, or an inserted position).
  func render() -> (bytes: [UInt8], origins: [(line: Int, original: Int?, insertedIndex: Int?)]) {
    var out: [UInt8] = document.hasBOM ? [0xEF, 0xBB, 0xBF] : []
    var origins: [(line: Int, original: Int?, insertedIndex: Int?)] = []
    var line = 1
    let lineEnd = document.lineEnd
    func emit(_ body: [UInt8], terminator: [UInt8], original: Int?, insertedIndex: Int?) {
      // A record before which something is written needs a line end.
      if let last = out.last, last != 0x0A && last != 0x0D, !out.isEmpty,
        out.count > (document.hasBOM ? 3 : 0)
      {
        out += lineEnd
        line += 1
      }
      origins.append((line, original, insertedIndex))
      out += body
      out += terminator
      line += body.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
      line += terminator.isEmpty ? 0 : 1
      // A lone CR inside a quoted field also starts a line for editors; rare enough to skip.
    }
    let sortedInserts = inserted.enumerated().sorted { $0.element.before < $1.element.before }
    var nextInsert = 0
    func emitInserts(upTo index: Int) {
      while nextInsert < sortedInserts.count && sortedInserts[nextInsert].element.before <= index {
        let entry = sortedInserts[nextInsert]
        emit(
          Array(CSVText.record(entry.element.fields).utf8), terminator: lineEnd, original: nil,
          insertedIndex: entry.offset)
        nextInsert += 1
      }
    }
    if document.headerIndex == nil {
      emit(
        Array(CSVText.record(columns).utf8), terminator: lineEnd, original: nil, insertedIndex: nil)
    }
    for (index, record) in document.records.enumerated() {
      emitInserts(upTo: index)
      let padding = Array(repeating: UInt8(ascii: ","), count: addedColumns.count)
      if let fields = replaced[index] {
        emit(
          Array(CSVText.record(fields).utf8),
          terminator: record.terminator.isEmpty ? lineEnd : record.terminator, original: index,
          insertedIndex: nil)
      } else if index == document.headerIndex, !addedColumns.isEmpty {
        let added = addedColumns.map { "," + CSVText.field($0) }.joined()
        emit(
          document.body(record) + Array(added.utf8), terminator: record.terminator, original: index,
          insertedIndex: nil)
      } else if record.isBlank || (document.headerIndex.map { index < $0 } ?? true) {
        emit(
          document.body(record), terminator: record.terminator, original: index, insertedIndex: nil)
      } else {
        emit(
          document.body(record) + padding, terminator: record.terminator, original: index,
          insertedIndex: nil)
      }
    }
    emitInserts(upTo: Int.max)
    return (out, origins)
  }
}
