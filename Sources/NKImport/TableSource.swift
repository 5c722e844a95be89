import Foundation

/// What the table was read from, for the import's summary.
public enum TableFormat: Hashable, Sendable, CustomStringConvertible {
  case csv(SourceEncoding)
  case workbook(sheet: String)

  public var description: String {
    switch self {
    case .csv(let encoding): return "CSV, \(encoding.rawValue)"
    case .workbook(let sheet): return "XLSX, sheet \(sheet)"
    }
  }
}

/// Reads the Ministry's table from a CSV or XLSX file.
public enum TableSource {
  public static func read(path: String, limits: ImportLimits = .standard) throws(ImportError)
    -> (table: MinistryTable, format: TableFormat)
  {
    let fileName = (path as NSString).lastPathComponent
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      !isDirectory.boolValue
    else { throw .notFound(path: path, what: "table file") }
    let head = try readBytes(path: path, limit: 4)
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || path.lowercased().hasSuffix(".xlsx") {
      return try readWorkbook(path: path, fileName: fileName, limits: limits)
    }
    return try readCSV(path: path, fileName: fileName, limits: limits)
  }

  static func readCSV(path: String, fileName: String, limits: ImportLimits) throws(ImportError)
    -> (table: MinistryTable, format: TableFormat)
  {
    let bytes = try readBytes(path: path, limit: limits.maxCSVBytes + 1)
    guard bytes.count <= limits.maxCSVBytes else {
      throw .refused(
        path: fileName,
        reason:
          "the file is larger than \(limits.maxCSVBytes) bytes, far more than the Ministry's table; nothing was read"
      )
    }
    let decoded: (text: [UInt8], encoding: SourceEncoding)
    do { decoded = try TextDecoding.decode(bytes) } catch {
      throw .refused(path: fileName, reason: "the file \(error.reason)")
    }
    let records: [CSVRecord]
    do { records = try CSVText.records(decoded.text) } catch {
      throw .refused(path: "\(fileName):\(error.line)", reason: error.reason)
    }
    var rows: [SourceRow] = []
    var cellCount = 0
    for record in records where !record.isBlank {
      guard rows.count < limits.maxRows else {
        throw .refused(path: fileName, reason: "more than \(limits.maxRows) rows")
      }
      guard record.fields.count <= limits.maxColumns else {
        throw .refused(
          path: "\(fileName):\(record.line)", reason: "more than \(limits.maxColumns) columns")
      }
      var cells: [Int: SourceCell] = [:]
      for (index, field) in record.fields.enumerated() where !field.trimmingSpaces.isEmpty {
        cells[index] = SourceCell(text: field)
      }
      cellCount += cells.count
      guard cellCount <= limits.maxCells else {
        throw .refused(path: fileName, reason: "more than \(limits.maxCells) non-blank cells")
      }
      rows.append(SourceRow(number: record.line, cells: cells))
    }
    let grid = SourceGrid(fileName: fileName, kind: .csv, rows: rows)
    switch TableReader(grid: grid).read() {
    case .success(let table): return (table, .csv(decoded.encoding))
    case .failure(let problems): throw .tableProblems(problems)
    }
  }

  static func readWorkbook(path: String, fileName: String, limits: ImportLimits)
    throws(ImportError) -> (table: MinistryTable, format: TableFormat)
  {
    var workbook = try XLSXTableReader(path: path, fileName: fileName, limits: limits)
    // The first sheet holding the table (a label cell over male, female and total rows); a
    // cover sheet or glossary (구분 | 내용) before it is passed over. Where no sheet holds the
    // whole table, the first with a label cell is read, so its problems are named.
    var firstWithLabel: (index: Int, grid: SourceGrid)?
    for index in workbook.sheets.indices {
      let grid = try workbook.grid(sheet: index)
      let reader = TableReader(grid: grid)
      if reader.holdsTable() {
        return try table(reader, sheet: workbook.sheets[index].name)
      }
      if firstWithLabel == nil, reader.headerRowIndex() != nil { firstWithLabel = (index, grid) }
    }
    if let (index, grid) = firstWithLabel {
      return try table(TableReader(grid: grid), sheet: workbook.sheets[index].name)
    }
    let names = workbook.sheets.map(\.name).joined(separator: ", ")
    throw .tableProblems([
      TableProblem(
        location: fileName,
        reason:
          "no table found in any sheet (searched \(names)): no cell reads 구분, Category or 类别 over rows of men, women and the total"
      )
    ])
  }

  private static func table(_ reader: TableReader, sheet: String) throws(ImportError)
    -> (table: MinistryTable, format: TableFormat)
  {
    switch reader.read() {
    case .success(let table): return (table, .workbook(sheet: sheet))
    case .failure(let problems): throw .tableProblems(problems)
    }
  }

  /// At most `limit` bytes from the start of the file.
  static func readBytes(path: String, limit: Int) throws(ImportError) -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .unreadable(path: path, reason: "cannot open the file")
    }
    defer { try? handle.close() }
    do {
      return Array(try handle.read(upToCount: limit) ?? Data())
    } catch {
      throw .unreadable(path: path, reason: "\(error.localizedDescription)")
    }
  }
}
