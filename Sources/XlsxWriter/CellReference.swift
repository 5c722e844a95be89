/// Excel's worksheet limits and A1-style cell names.
public enum ExcelLimits {
  /// Rows per worksheet (valid zero-based rows are 0..<1_048_576).
  public static let rowCount = 1_048_576
  /// Columns per worksheet (valid zero-based columns are 0..<16_384, i.e. A…XFD).
  public static let columnCount = 16_384
  /// Maximum characters (UTF-16 code units) in a cell string.
  public static let maxStringLength = 32_767
  /// Maximum characters in a sheet name.
  public static let maxSheetNameLength = 31

  /// The column letters for a zero-based column index: 0 → "A", 27 → "AB".
  public static func columnName(_ column: Int) -> String {
    guard column >= 0 else { return "?\(column)" }
    var n = column + 1
    var letters: [Character] = []
    while n > 0 {
      let remainder = (n - 1) % 26
      letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
      n = (n - 1) / 26
    }
    return String(letters.reversed())
  }

  /// The A1-style name of a zero-based cell: (6, 1) → "B7".
  public static func cellName(row: Int, column: Int) -> String {
    "\(columnName(column))\(row + 1)"
  }
}

/// A rectangular range of cells on a named worksheet, with zero-based bounds; used for chart data.
public struct CellRange: Hashable, Sendable {
  public var sheet: String
  public var firstRow: Int
  public var firstColumn: Int
  public var lastRow: Int
  public var lastColumn: Int

  /// Creates a range from its bounds (inclusive, zero-based).
  public init(sheet: String, firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
    self.sheet = sheet
    self.firstRow = firstRow
    self.firstColumn = firstColumn
    self.lastRow = lastRow
    self.lastColumn = lastColumn
  }

  /// Creates a range from row and column ranges (inclusive, zero-based).
  public init(sheet: String, rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
    self.init(
      sheet: sheet, firstRow: rows.lowerBound, firstColumn: columns.lowerBound,
      lastRow: rows.upperBound, lastColumn: columns.upperBound)
  }

  /// Creates a single-column range.
  public init(sheet: String, rows: ClosedRange<Int>, column: Int) {
    self.init(sheet: sheet, rows: rows, columns: column...column)
  }

  /// The range in A1 notation without the sheet, e.g. "B2:B13".
  public var a1: String {
    let first = ExcelLimits.cellName(row: firstRow, column: firstColumn)
    let last = ExcelLimits.cellName(row: lastRow, column: lastColumn)
    return first == last ? first : "\(first):\(last)"
  }
}

/// Throws `.worksheetIndexOutOfRange` unless the cell is inside Excel's grid.
func checkCell(row: Int, column: Int, _ context: @autoclosure () -> String) throws(XlsxError) {
  if row < 0 || row >= ExcelLimits.rowCount || column < 0 || column >= ExcelLimits.columnCount {
    throw XlsxError(.worksheetIndexOutOfRange, context: context())
  }
}
