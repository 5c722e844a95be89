internal import CXlsxWriter

/// A worksheet of a ``Workbook``. Rows and columns are zero-based (row 0, column 0 is A1).
///
/// Worksheets keep their workbook's shared state alive; after the workbook is closed every
/// method throws ``XlsxError/Code/workbookClosed``. Like the workbook, a worksheet is
/// single-threaded.
///
/// As cells are written, the worksheet remembers the widest displayed content of each column
/// (O(1) memory per column) so that ``fitColumnWidths(minimum:maximum:padding:)`` can size columns;
/// libxlsxwriter 1.1.4 has no autofit of its own.
public final class Worksheet {
  /// Paper sizes for printing (Excel's paper codes).
  public struct Paper: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The printer's default paper.
    public static let printerDefault = Paper(rawValue: 0)
    public static let letter = Paper(rawValue: 1)
    public static let legal = Paper(rawValue: 5)
    public static let a3 = Paper(rawValue: 8)
    public static let a4 = Paper(rawValue: 9)
    public static let a5 = Paper(rawValue: 11)
  }

  /// The sheet's name.
  public let name: String

  let state: WorkbookState
  let handle: UnsafeMutablePointer<lxw_worksheet>
  // The per-cell state below is exempt from dynamic exclusivity checks (about 1 % of a
  // 1M-row write): a worksheet is single-threaded (not Sendable), the properties are private,
  // and no access to them overlaps another (no inout or closure holds one across a call).

  /// Highest row written so far (constant-memory ordering check).
  @exclusivity(unchecked)
  var lastRowWritten = -1
  /// Widest estimated content per column, in characters, indexed by column; 0 means none
  /// (only positive widths are recorded).
  @exclusivity(unchecked)
  var contentWidths: [Double] = []
  /// The format entry last used in each column, indexed by column: a cell in the same format as
  /// the cell above it costs an equality check instead of a hash lookup.
  @exclusivity(unchecked)
  var lastFormats: [FormatEntry?] = []
  /// Format given to a column with ``setColumnWidth(_:columns:format:)``, kept when fitting.
  var columnFormats: [Int: CellFormat] = [:]
  /// The styles of the last batch written and their library formats (made on first use).
  var batchStyles: CellStyles?
  var batchFormats: [UnsafeMutablePointer<lxw_format>?] = []

  init(state: WorkbookState, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
    self.state = state
    self.handle = handle
    self.name = name
  }

  // MARK: Cells

  /// Writes a number. NaN and infinities throw ``XlsxError/Code/nonFiniteNumber``.
  /// The corresponding C function is `worksheet_write_number`.
  public func write(_ number: Double, row: Int, column: Int, format: CellFormat? = nil)
    throws(XlsxError)
  {
    guard number.isFinite else {
      throw XlsxError(.nonFiniteNumber, context: cellContext(row, column) + " value \(number)")
    }
    let (r, c, entry) = try prepareCell(row, column, format)
    try checked(cellContext(row, column)) {
      worksheet_write_number(handle, r, c, number, entry?.pointer)
    }
    if let entry {
      noteWidth(DisplayWidth.of(number: number, shape: entry.metrics.numberShape), column, entry)
    } else {
      noteWidth(Double(DisplayWidth.generalWidth(number)), column, nil)
    }
  }

  /// Writes a string. It is always a string cell, even when it starts with `=`. Strings longer
  /// than 32,767 UTF-16 code units throw ``XlsxError/Code/maxStringLengthExceeded``; NUL
  /// characters throw ``XlsxError/Code/stringContainsNul``. The empty string writes a blank
  /// cell (libxlsxwriter's behaviour). The corresponding C function is `worksheet_write_string`.
  public func write(_ string: String, row: Int, column: Int, format: CellFormat? = nil)
    throws(XlsxError)
  {
    let width: Double
    if let scan = DisplayWidth.scanASCII(string) {
      if scan.containsNul { throw XlsxError(.stringContainsNul, context: cellContext(row, column)) }
      if scan.utf16Count > ExcelLimits.maxStringLength {
        throw XlsxError(
          .maxStringLengthExceeded,
          context: cellContext(row, column) + " string of \(scan.utf16Count) characters")
      }
      width = Double(scan.width)
    } else {
      try checkString(string, row, column)
      width = DisplayWidth.of(string: string)
    }
    let (r, c, entry) = try prepareCell(row, column, format)
    try checked(cellContext(row, column)) {
      string.withCString { worksheet_write_string(handle, r, c, $0, entry?.pointer) }
    }
    noteWidth(width, column, entry)
  }

  /// Writes a boolean (shown as TRUE/FALSE). The corresponding C function is
  /// `worksheet_write_boolean`.
  public func write(_ bool: Bool, row: Int, column: Int, format: CellFormat? = nil)
    throws(XlsxError)
  {
    let (r, c, entry) = try prepareCell(row, column, format)
    try checked(cellContext(row, column)) {
      worksheet_write_boolean(handle, r, c, bool ? 1 : 0, entry?.pointer)
    }
    noteWidth(bool ? 4 : 5, column, entry)
  }

  /// Writes a date (and time) as an Excel serial number. If `format` has no number format, one
  /// is added: `yyyy-mm-dd`, or `yyyy-mm-dd hh:mm:ss` when the date has a time of day.
  /// Invalid dates throw ``XlsxError/Code/invalidDate``. The corresponding C function is
  /// `worksheet_write_datetime`.
  public func write(_ date: CalendarDate, row: Int, column: Int, format: CellFormat? = nil)
    throws(XlsxError)
  {
    var dateFormat = format ?? CellFormat()
    if dateFormat.numberFormat == nil {
      dateFormat.numberFormat = date.hasTime ? "yyyy-mm-dd hh:mm:ss" : "yyyy-mm-dd"
    }
    guard date.isValid else {
      throw XlsxError(.invalidDate, context: cellContext(row, column) + " \(date)")
    }
    let (r, c, entry) = try prepareCell(row, column, dateFormat)
    var value = date.lxw
    try checked(cellContext(row, column)) {
      worksheet_write_datetime(handle, r, c, &value, entry?.pointer)
    }
    // Dates always have a number format when written.
    if let entry { noteWidth(entry.metrics.dateWidth ?? 0, column, entry) }
  }

  /// Writes a blank cell carrying only a format (without a format, nothing is written).
  /// The corresponding C function is `worksheet_write_blank`.
  public func writeBlank(row: Int, column: Int, format: CellFormat? = nil) throws(XlsxError) {
    let (r, c, entry) = try prepareCell(row, column, format)
    try checked(cellContext(row, column)) { worksheet_write_blank(handle, r, c, entry?.pointer) }
  }

  /// Merges a range of cells and writes `string` into it. The range must span at least two
  /// cells. Merged text does not count toward fitted column widths.
  /// The corresponding C function is `worksheet_merge_range`.
  public func mergeRange(
    rows: ClosedRange<Int>, columns: ClosedRange<Int>, string: String, format: CellFormat? = nil
  ) throws(XlsxError) {
    let context = "sheet '\(name)' range \(rangeName(rows, columns))"
    _ = try state.open(context)
    try checkCell(row: rows.lowerBound, column: columns.lowerBound, context)
    try checkCell(row: rows.upperBound, column: columns.upperBound, context)
    try checkRowOrder(rows.lowerBound, context)
    try checkString(string, rows.lowerBound, columns.lowerBound)
    let f = try state.libraryFormat(format)
    try checked(context) {
      string.withCString {
        worksheet_merge_range(
          handle, lxw_row_t(rows.lowerBound), lxw_col_t(columns.lowerBound),
          lxw_row_t(rows.upperBound), lxw_col_t(columns.upperBound), $0, f)
      }
    }
    lastRowWritten = max(lastRowWritten, rows.upperBound)
  }

  // MARK: Rows and columns

  /// Sets the width of columns (in characters of the default font) and optionally their
  /// format. The corresponding C function is `worksheet_set_column`.
  public func setColumnWidth(_ width: Double, columns: ClosedRange<Int>, format: CellFormat? = nil)
    throws(XlsxError)
  {
    let context = "sheet '\(name)' columns \(rangeName(nil, columns))"
    _ = try state.open(context)
    try checkCell(row: 0, column: columns.lowerBound, context)
    try checkCell(row: 0, column: columns.upperBound, context)
    guard width.isFinite, (0...255).contains(width) else {
      throw XlsxError(.invalidArgument, context: context + " width \(width) (allowed 0–255)")
    }
    let f = try state.libraryFormat(format)
    try checked(context) {
      worksheet_set_column(
        handle, lxw_col_t(columns.lowerBound), lxw_col_t(columns.upperBound), width, f)
    }
    for column in columns where format != nil || columnFormats[column] != nil {
      columnFormats[column] = format
    }
  }

  /// Sets the width of one column. The corresponding C function is `worksheet_set_column`.
  public func setColumnWidth(_ width: Double, column: Int, format: CellFormat? = nil)
    throws(XlsxError)
  {
    try setColumnWidth(width, columns: column...column, format: format)
  }

  /// Sets the height of a row in points (default 15) and optionally its format. In
  /// constant-memory mode the row must not be earlier than rows already written.
  /// The corresponding C function is `worksheet_set_row`.
  public func setRowHeight(_ height: Double, row: Int, format: CellFormat? = nil) throws(XlsxError)
  {
    let context = "sheet '\(name)' row \(row + 1)"
    _ = try state.open(context)
    try checkCell(row: row, column: 0, context)
    try checkRowOrder(row, context)
    guard height.isFinite, (0...409).contains(height) else {
      throw XlsxError(.invalidArgument, context: context + " height \(height) (allowed 0–409)")
    }
    let f = try state.libraryFormat(format)
    try checked(context) { worksheet_set_row(handle, lxw_row_t(row), height, f) }
    lastRowWritten = max(lastRowWritten, row)
  }

  /// The widest content written so far in `column`, in estimated characters; `nil` if none.
  public func contentWidth(ofColumn column: Int) -> Double? {
    guard contentWidths.indices.contains(column), contentWidths[column] > 0 else { return nil }
    return contentWidths[column]
  }

  /// Sets every column that has content to the width of its widest content plus `padding`,
  /// bounded to `minimum...maximum` (Excel character units). Columns keep any format given to
  /// ``setColumnWidth(_:columns:format:)``. The corresponding C function is
  /// `worksheet_set_column`.
  public func fitColumnWidths(minimum: Double = 8, maximum: Double = 60, padding: Double = 2)
    throws(XlsxError)
  {
    guard minimum.isFinite, maximum.isFinite, padding.isFinite, minimum >= 0, minimum <= maximum,
      maximum <= 255
    else {
      throw XlsxError(
        .invalidArgument, context: "fitColumnWidths minimum \(minimum) maximum \(maximum)")
    }
    _ = try state.open("sheet '\(name)' fitColumnWidths")
    for column in contentWidths.indices where contentWidths[column] > 0 {
      let width = min(max(contentWidths[column] + padding, minimum), maximum)
      let context = "sheet '\(name)' column \(ExcelLimits.columnName(column))"
      let f = try state.libraryFormat(columnFormats[column])
      try checked(context) {
        worksheet_set_column(handle, lxw_col_t(column), lxw_col_t(column), width, f)
      }
    }
  }

  // MARK: Helpers

  func cellContext(_ row: Int, _ column: Int) -> String {
    "sheet '\(name)' cell \(row >= 0 && column >= 0 ? ExcelLimits.cellName(row: row, column: column) : "row \(row) column \(column)")"
  }

  func rangeName(_ rows: ClosedRange<Int>?, _ columns: ClosedRange<Int>) -> String {
    guard let rows else {
      return
        "\(ExcelLimits.columnName(columns.lowerBound)):\(ExcelLimits.columnName(columns.upperBound))"
    }
    return CellRange(sheet: name, rows: rows, columns: columns).a1
  }

  /// Common checks for a single-cell write; returns the C indices and the format's entry. The
  /// context string is only built when a check fails.
  @inline(__always)
  func prepareCell(_ row: Int, _ column: Int, _ format: CellFormat?) throws(XlsxError) -> (
    lxw_row_t, lxw_col_t, FormatEntry?
  ) {
    _ = try state.open(cellContext(row, column))
    try checkCell(row: row, column: column, cellContext(row, column))
    try checkRowOrder(row, cellContext(row, column))
    var entry: FormatEntry?
    if let format { entry = try formatEntry(format, column: column) }
    lastRowWritten = max(lastRowWritten, row)
    return (lxw_row_t(row), lxw_col_t(column), entry)
  }

  /// The entry for `format` in a (valid) `column`: the column's last entry if it is the same
  /// format, otherwise the workbook's.
  @inline(__always)
  func formatEntry(_ format: CellFormat, column: Int) throws(XlsxError) -> FormatEntry {
    if column < lastFormats.count, let last = lastFormats[column], last.format == format {
      return last
    }
    let entry = try state.formatEntry(format)
    if column >= lastFormats.count {
      lastFormats.append(contentsOf: repeatElement(nil, count: column + 1 - lastFormats.count))
    }
    lastFormats[column] = entry
    return entry
  }

  func checkRowOrder(_ row: Int, _ context: @autoclosure () -> String) throws(XlsxError) {
    if state.constantMemory && row < lastRowWritten {
      throw XlsxError(
        .rowOutOfOrder,
        context: context() + " after row \(lastRowWritten + 1) (constant-memory mode)")
    }
  }

  func checkString(_ string: String, _ row: Int, _ column: Int) throws(XlsxError) {
    try requireNoNul(string, cellContext(row, column))
    if string.utf16.count > ExcelLimits.maxStringLength {
      throw XlsxError(
        .maxStringLengthExceeded,
        context: cellContext(row, column) + " string of \(string.utf16.count) characters")
    }
  }

  /// Records `width` (scaled for the format's font) if it is the widest in the (valid) column.
  @inline(__always)
  func noteWidth(_ width: Double, _ column: Int, _ entry: FormatEntry?) {
    let scaled = entry?.metrics.scaled(width) ?? width
    guard scaled > 0 else { return }
    DisplayWidth.note(scaled, column: column, in: &contentWidths)
  }
}

@available(*, unavailable, message: "A Worksheet must be used from one thread at a time.")
extension Worksheet: Sendable {}
