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
  private let handle: UnsafeMutablePointer<lxw_worksheet>
  // The per-cell state below is exempt from dynamic exclusivity checks (about 1 % of a
  // 1M-row write): a worksheet is single-threaded (not Sendable), the properties are private,
  // and no access to them overlaps another (no inout or closure holds one across a call).

  /// Highest row written so far (constant-memory ordering check).
  @exclusivity(unchecked)
  private var lastRowWritten = -1
  /// Widest estimated content per column, in characters, indexed by column; 0 means none
  /// (only positive widths are recorded).
  @exclusivity(unchecked)
  private var contentWidths: [Double] = []
  /// The format entry last used in each column, indexed by column: a cell in the same format as
  /// the cell above it costs an equality check instead of a hash lookup.
  @exclusivity(unchecked)
  private var lastFormats: [FormatEntry?] = []
  /// Format given to a column with ``setColumnWidth(_:columns:format:)``, kept when fitting.
  private var columnFormats: [Int: CellFormat] = [:]
  /// The styles of the last batch written and their library formats (made on first use).
  private var batchStyles: CellStyles?
  private var batchFormats: [UnsafeMutablePointer<lxw_format>?] = []

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

  /// Writes the cells of `batch` on the rows from `firstRow` down, in the order they were
  /// added, with one locale switch for the whole batch (see ``CellBatch``). Everything is as
  /// if the cells had been written one by one: the first cell that is a problem, falls outside
  /// the sheet or is refused by the library is thrown with its cell, the cells before it
  /// written (their widths and rows noted).
  public func write(_ batch: CellBatch, startingAt firstRow: Int) throws(XlsxError) {
    guard let first = batch.cells.first else { return }
    guard firstRow >= 0, firstRow < ExcelLimits.rowCount else {
      throw XlsxError(
        .worksheetIndexOutOfRange, context: "sheet '\(name)' batch at row index \(firstRow)")
    }
    _ = try state.open(batchContext(batch, first, firstRow))
    // As a cell's own checks: outside the sheet first, then out of order.
    if first.kind != .problem, Int(first.row) < ExcelLimits.rowCount - firstRow {
      try checkRowOrder(firstRow + Int(first.row), batchContext(batch, first, firstRow))
    }
    var written = BatchProgress()
    while true {
      let stop = try send(batch, firstRow: firstRow, from: written.next, progress: &written)
      guard let stop else { break }
      let cell = batch.cells[stop.cell]
      switch stop.reason {
      case .formatNeeded:
        do {
          batchFormats[Int(cell.style)] = try state.formatEntry(
            batch.styles.formats[Int(cell.style)]
          ).pointer
        } catch {
          noteWritten(batch, written, firstRow: firstRow)
          throw error
        }
      case .problem:
        noteWritten(batch, written, firstRow: firstRow)
        let problem = batch.problems[Int(cell.payload)]
        let location =
          problem.column.map { cellContext(firstRow + Int(cell.row), $0) }
          ?? "sheet '\(name)' row \(firstRow + Int(cell.row) + 1)"
        throw XlsxError(problem.code, context: location + problem.detail)
      case .outsideSheet:
        noteWritten(batch, written, firstRow: firstRow)
        throw XlsxError(.worksheetIndexOutOfRange, context: batchContext(batch, cell, firstRow))
      case .library(let error):
        noteWritten(batch, written, firstRow: firstRow)
        throw XlsxError(XlsxError.Code(error), context: batchContext(batch, cell, firstRow))
      }
    }
    noteWritten(batch, written, firstRow: firstRow)
  }

  /// How far a batch got: the next cell to send and the last row a cell was sent for.
  private struct BatchProgress {
    var next = 0
    var lastRow: Int32 = -1
  }

  private struct BatchStop {
    enum Reason {
      case formatNeeded, problem, outsideSheet
      case library(lxw_error)
    }
    var cell: Int
    var reason: Reason
  }

  /// Sends cells from `start` on to the library, up to the end (`nil`) or the first cell it
  /// cannot send: one whose format is not made yet, a problem, a row outside the sheet, or a
  /// library error.
  private func send(
    _ batch: CellBatch, firstRow: Int, from start: Int, progress: inout BatchProgress
  ) throws(XlsxError) -> BatchStop? {
    if batchStyles !== batch.styles {
      batchStyles = batch.styles
      batchFormats = Array(repeating: nil, count: batch.styles.formats.count)
    }
    let handle = self.handle
    let formats = batchFormats
    let rowLimit = ExcelLimits.rowCount - firstRow
    return try cCall { () -> BatchStop? in
      batch.utf8.withUnsafeBufferPointer { utf8 -> BatchStop? in
        let strings = utf8.baseAddress.map {
          UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)
        }
        var index = start
        defer { progress.next = index }
        while index < batch.cells.count {
          let cell = batch.cells[index]
          if cell.kind == .problem { return BatchStop(cell: index, reason: .problem) }
          if Int(cell.row) >= rowLimit { return BatchStop(cell: index, reason: .outsideSheet) }
          let format: UnsafeMutablePointer<lxw_format>?
          if cell.style >= 0 {
            guard let made = formats[Int(cell.style)] else {
              return BatchStop(cell: index, reason: .formatNeeded)
            }
            format = made
          } else {
            format = nil
          }
          let r = lxw_row_t(firstRow + Int(cell.row))
          let c = lxw_col_t(cell.column)
          let result: lxw_error
          switch cell.kind {
          case .number:
            result = worksheet_write_number(handle, r, c, Double(bitPattern: cell.payload), format)
          case .text:
            // Every text cell adds its NUL-terminated bytes to `utf8`, so the storage is there;
            // its payload is an offset into it, never a problem's index.
            guard let strings else { preconditionFailure("a text cell in a batch without text") }
            result = worksheet_write_string(handle, r, c, strings + Int(cell.payload), format)
          case .blank:
            result = worksheet_write_blank(handle, r, c, format)
          case .date:
            var value = batch.dates[Int(cell.payload)].lxw
            result = worksheet_write_datetime(handle, r, c, &value, format)
          case .rowHeight:
            result = worksheet_set_row(handle, r, Double(bitPattern: cell.payload), nil)
          case .problem:
            result = LXW_NO_ERROR  // returned above
          }
          // A cell counts as written from its call on (as `prepareCell` notes the row first);
          // a row height once it is set.
          if cell.kind != .rowHeight || result == LXW_NO_ERROR {
            progress.lastRow = max(progress.lastRow, cell.row)
          }
          if result != LXW_NO_ERROR { return BatchStop(cell: index, reason: .library(result)) }
          index += 1
        }
        return nil
      }
    }
  }

  /// Notes the widths and the last row of the cells written: all of them, or those before the
  /// cell the batch stopped at.
  private func noteWritten(_ batch: CellBatch, _ written: BatchProgress, firstRow: Int) {
    if written.next == batch.cells.count {
      for (column, width) in batch.widths.enumerated() where width > 0 {
        DisplayWidth.note(width, column: column, in: &contentWidths)
      }
    } else {
      for cell in batch.cells[..<written.next] where cell.width > 0 {
        DisplayWidth.note(cell.width, column: Int(cell.column), in: &contentWidths)
      }
    }
    if written.lastRow >= 0 {
      lastRowWritten = max(lastRowWritten, firstRow + Int(written.lastRow))
    }
  }

  /// Where a batch cell is, as writing it alone would say: its cell, or its row for a height.
  private func batchContext(_ batch: CellBatch, _ cell: CellBatch.Cell, _ firstRow: Int)
    -> String
  {
    let row = firstRow + Int(cell.row)
    switch cell.kind {
    case .rowHeight: return "sheet '\(name)' row \(row + 1)"
    case .problem:
      if let column = batch.problems[Int(cell.payload)].column { return cellContext(row, column) }
      return "sheet '\(name)' row \(row + 1)"
    default: return cellContext(row, Int(cell.column))
    }
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

  // MARK: View

  /// Freezes the rows above `row` and the columns left of `column` (e.g. `row: 1, column: 0`
  /// freezes the header row). The corresponding C function is `worksheet_freeze_panes`.
  public func freezePanes(row: Int, column: Int) throws(XlsxError) {
    let context =
      "sheet '\(name)' freeze panes at \(ExcelLimits.cellName(row: row, column: column))"
    _ = try state.open(context)
    try checkCell(row: row, column: column, context)
    try cCall { worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(column)) }
  }

  /// Adds an autofilter (drop-down filter buttons) over a range, usually the header row down to
  /// the last data row. The corresponding C function is `worksheet_autofilter`.
  public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)
    throws(XlsxError)
  {
    let context =
      "sheet '\(name)' autofilter \(rangeName(firstRow...max(firstRow, lastRow), firstColumn...max(firstColumn, lastColumn)))"
    _ = try state.open(context)
    try checkCell(row: firstRow, column: firstColumn, context)
    try checkCell(row: lastRow, column: lastColumn, context)
    try checked(context) {
      worksheet_autofilter(
        handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow),
        lxw_col_t(lastColumn))
    }
  }

  /// Hides the screen and print gridlines. The corresponding C function is `worksheet_gridlines`.
  public func hideGridlines() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' hideGridlines")
    try cCall { worksheet_gridlines(handle, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue)) }
  }

  /// Makes this the sheet shown when the file is opened. The corresponding C function is
  /// `worksheet_activate`.
  public func activate() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' activate")
    try cCall { worksheet_activate(handle) }
  }

  /// Makes this the first visible tab in the tab bar. The corresponding C function is
  /// `worksheet_set_first_sheet`.
  public func setFirstSheet() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setFirstSheet")
    try cCall { worksheet_set_first_sheet(handle) }
  }

  // MARK: Print setup

  /// Prints in landscape orientation. The corresponding C function is `worksheet_set_landscape`.
  public func setLandscape() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setLandscape")
    try cCall { worksheet_set_landscape(handle) }
  }

  /// Prints in portrait orientation (the default). The corresponding C function is
  /// `worksheet_set_portrait`.
  public func setPortrait() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setPortrait")
    try cCall { worksheet_set_portrait(handle) }
  }

  /// Scales printing to fit `width` pages across and `height` pages down; 0 means "as many as
  /// needed" in that direction. The corresponding C function is `worksheet_fit_to_pages`.
  public func fitToPages(width: Int, height: Int) throws(XlsxError) {
    let context = "sheet '\(name)' fitToPages \(width)x\(height)"
    _ = try state.open(context)
    guard (0...Int(UInt16.max)).contains(width), (0...Int(UInt16.max)).contains(height) else {
      throw XlsxError(.invalidArgument, context: context)
    }
    try cCall { worksheet_fit_to_pages(handle, UInt16(width), UInt16(height)) }
  }

  /// Repeats `rows` at the top of every printed page (print titles).
  /// The corresponding C function is `worksheet_repeat_rows`.
  public func repeatRows(_ rows: ClosedRange<Int>) throws(XlsxError) {
    let context = "sheet '\(name)' repeatRows \(rows.lowerBound + 1)-\(rows.upperBound + 1)"
    _ = try state.open(context)
    try checkCell(row: rows.lowerBound, column: 0, context)
    try checkCell(row: rows.upperBound, column: 0, context)
    try checked(context) {
      worksheet_repeat_rows(handle, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound))
    }
  }

  /// Sets the paper size. The corresponding C function is `worksheet_set_paper`.
  public func setPaper(_ paper: Paper) throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setPaper")
    try cCall { worksheet_set_paper(handle, paper.rawValue) }
  }

  /// Sets the page margins in inches. The corresponding C function is `worksheet_set_margins`.
  public func setMargins(left: Double, right: Double, top: Double, bottom: Double)
    throws(XlsxError)
  {
    let context = "sheet '\(name)' setMargins"
    _ = try state.open(context)
    guard [left, right, top, bottom].allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw XlsxError(.invalidArgument, context: context)
    }
    try cCall { worksheet_set_margins(handle, left, right, top, bottom) }
  }

  /// Sets the printed page header, using Excel's codes (`&L`, `&C`, `&R`, `&P`, `&N`, `&D`, …).
  /// At most 255 characters. The corresponding C function is `worksheet_set_header`.
  public func setHeader(_ text: String) throws(XlsxError) {
    let context = "sheet '\(name)' header"
    _ = try state.open(context)
    try requireNoNul(text, context)
    try checked(context) { text.withCString { worksheet_set_header(handle, $0) } }
  }

  /// Sets the printed page footer (see ``setHeader(_:)``). The corresponding C function is
  /// `worksheet_set_footer`.
  public func setFooter(_ text: String) throws(XlsxError) {
    let context = "sheet '\(name)' footer"
    _ = try state.open(context)
    try requireNoNul(text, context)
    try checked(context) { text.withCString { worksheet_set_footer(handle, $0) } }
  }

  // MARK: Charts

  /// Places a chart with its top-left corner in a cell, scaled from the default 480×288 pixels
  /// and offset in pixels. A chart can be inserted once, and must have at least one series.
  /// The corresponding C function is `worksheet_insert_chart_opt`.
  public func insertChart(
    _ chart: Chart, row: Int, column: Int, xScale: Double = 1, yScale: Double = 1,
    xOffset: Int = 0, yOffset: Int = 0
  ) throws(XlsxError) {
    let context = "sheet '\(name)' chart at \(ExcelLimits.cellName(row: row, column: column))"
    _ = try state.open(context)
    guard chart.state === state else {
      throw XlsxError(.invalidArgument, context: context + ": chart belongs to another workbook")
    }
    try checkCell(row: row, column: column, context)
    guard xScale.isFinite, yScale.isFinite, xScale > 0, yScale > 0,
      let x = Int32(exactly: xOffset), let y = Int32(exactly: yOffset)
    else {
      throw XlsxError(.invalidArgument, context: context + " scale/offset")
    }
    var options = lxw_chart_options()
    options.x_scale = xScale
    options.y_scale = yScale
    options.x_offset = x
    options.y_offset = y
    try checked(context) {
      worksheet_insert_chart_opt(handle, lxw_row_t(row), lxw_col_t(column), chart.handle, &options)
    }
  }

  // MARK: Helpers

  private func cellContext(_ row: Int, _ column: Int) -> String {
    "sheet '\(name)' cell \(row >= 0 && column >= 0 ? ExcelLimits.cellName(row: row, column: column) : "row \(row) column \(column)")"
  }

  private func rangeName(_ rows: ClosedRange<Int>?, _ columns: ClosedRange<Int>) -> String {
    guard let rows else {
      return
        "\(ExcelLimits.columnName(columns.lowerBound)):\(ExcelLimits.columnName(columns.upperBound))"
    }
    return CellRange(sheet: name, rows: rows, columns: columns).a1
  }

  /// Common checks for a single-cell write; returns the C indices and the format's entry. The
  /// context string is only built when a check fails.
  @inline(__always)
  private func prepareCell(_ row: Int, _ column: Int, _ format: CellFormat?) throws(XlsxError) -> (
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
  private func formatEntry(_ format: CellFormat, column: Int) throws(XlsxError) -> FormatEntry {
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

  private func checkRowOrder(_ row: Int, _ context: @autoclosure () -> String) throws(XlsxError) {
    if state.constantMemory && row < lastRowWritten {
      throw XlsxError(
        .rowOutOfOrder,
        context: context() + " after row \(lastRowWritten + 1) (constant-memory mode)")
    }
  }

  private func checkString(_ string: String, _ row: Int, _ column: Int) throws(XlsxError) {
    try requireNoNul(string, cellContext(row, column))
    if string.utf16.count > ExcelLimits.maxStringLength {
      throw XlsxError(
        .maxStringLengthExceeded,
        context: cellContext(row, column) + " string of \(string.utf16.count) characters")
    }
  }

  /// Records `width` (scaled for the format's font) if it is the widest in the (valid) column.
  @inline(__always)
  private func noteWidth(_ width: Double, _ column: Int, _ entry: FormatEntry?) {
    let scaled = entry?.metrics.scaled(width) ?? width
    guard scaled > 0 else { return }
    DisplayWidth.note(scaled, column: column, in: &contentWidths)
  }
}

@available(*, unavailable, message: "A Worksheet must be used from one thread at a time.")
extension Worksheet: Sendable {}
