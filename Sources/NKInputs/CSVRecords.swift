/// A CSV file read record by record through the inputs' reader (`CSVReader`: streamed in
/// chunks, RFC 4180, physical line numbers), for files other than the inputs — an earlier
/// report's published tables. The first record is the header; fields are found by column name,
/// so a column an older file lacks reads as absent rather than shifting the others.
public struct CSVRecords {
  /// One record: its fields by column, and where it starts.
  public struct Record {
    public var line: Int
    public var fields: [String]
    let columns: [String: Int]

    /// The field of column `name`, trimmed; `nil` when the file has no such column.
    public subscript(_ name: String) -> String? {
      columns[name].map { $0 < fields.count ? fields[$0] : "" }
    }
  }

  public let path: String
  /// The header's column names, in order.
  public private(set) var header: [String] = []
  private let columns: [String: Int]
  private var reader: CSVReader

  /// Opens `path` and reads its header. Throws `InputError` when the file cannot be read, is
  /// not a regular file, or its header has a syntax or encoding problem (`unreadable`).
  public init(path: String, limits: InputLimits = .standard) throws(InputError) {
    self.path = path
    var reader = CSVReader(
      file: try ChunkedFile(path: path, chunkBytes: limits.chunkBytes), limits: limits)
    var names: [String] = []
    if try reader.next() {
      if let issue = reader.issue {
        throw .unreadable(path: path, reason: "header: \(issue.reason)")
      }
      names = (0..<reader.fieldCount).map { [reader] in reader.string($0) }
    }
    self.reader = reader
    header = names
    var columns: [String: Int] = [:]
    for (index, name) in names.enumerated() where columns[name] == nil { columns[name] = index }
    self.columns = columns
  }

  public func hasColumn(_ name: String) -> Bool { columns[name] != nil }

  /// The next record; `nil` at the end of the file. A record with a syntax or encoding
  /// problem throws `unreadable` naming its line.
  public mutating func next() throws(InputError) -> Record? {
    guard try advance() != nil else { return nil }
    return record
  }

  /// Moves to the next record without making its fields (for skipping to wanted lines);
  /// returns the line it starts on, `nil` at the end of the file.
  public mutating func advance() throws(InputError) -> Int? {
    guard try reader.next() else { return nil }
    if let issue = reader.issue {
      throw .unreadable(path: path, reason: "line \(reader.recordLine): \(issue.reason)")
    }
    return reader.recordLine
  }

  /// The record `advance` moved to.
  public var record: Record {
    Record(
      line: reader.recordLine, fields: (0..<reader.fieldCount).map { reader.string($0) },
      columns: columns)
  }
}
