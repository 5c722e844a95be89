internal import CXlsxWriter

/// A fixed list of formats that the cells of a ``CellBatch`` name by position, with what the
/// width estimates need from each format worked out once. Immutable; share it between threads
/// and between batches.
public final class CellStyles: Sendable {
  /// A position in the list.
  public struct Style: Hashable, Sendable {
    let index: Int
  }

  let formats: [CellFormat]
  let metrics: [StyleMetrics]

  /// The list; library formats are made from it when a worksheet first writes a cell in each.
  public init(_ formats: [CellFormat]) {
    self.formats = formats
    metrics = formats.map(StyleMetrics.init)
  }

  /// The style at `position` in the list given to `init` (a position outside it is a
  /// programming error).
  public subscript(position: Int) -> Style {
    precondition(formats.indices.contains(position), "no style at position \(position)")
    return Style(index: position)
  }
}

/// What a worksheet's width estimate needs from one format (see `FormatEntry`).
struct StyleMetrics: Sendable {
  let numberShape: DisplayWidth.NumberShape
  let dateWidth: Double?
  let fontScale: Double?
  let bold: Bool

  init(_ format: CellFormat) {
    numberShape = DisplayWidth.NumberShape(numberFormat: format.numberFormat)
    dateWidth = format.numberFormat.map(DisplayWidth.of(dateFormat:))
    fontScale = format.fontSize.map { $0 / 11 }
    bold = format.bold
  }

  /// `width` as a cell in this format shows it (the same arithmetic as the worksheet's).
  func scaled(_ width: Double) -> Double {
    var scaled = width
    if let fontScale { scaled *= fontScale }
    if bold { scaled *= 1.1 }
    return scaled
  }
}

/// Rows of cells laid out ahead of writing, on any thread: each string checked and copied as
/// a C string, each cell's display width estimated, each number converted. The worksheet's
/// own thread then only hands the cells to libxlsxwriter (``Worksheet/write(_:startingAt:)``),
/// under one locale switch per batch: the same calls, in the same order, as writing the cells
/// one by one, so the file is byte-identical.
///
/// A cell that cannot be written (a NUL in a string, a string too long for a cell, a non-finite
/// number, an invalid date, a column outside the sheet) is kept as a problem and thrown, with
/// its sheet and cell, when the worksheet reaches it; the cells before it are written.
public struct CellBatch: Sendable {
  public let styles: CellStyles
  /// Rows ended with ``endRow()``.
  public private(set) var rowCount = 0

  var cells: [Cell] = []
  /// The strings' UTF-8, each followed by a NUL.
  var utf8: [UInt8] = []
  var dates: [CalendarDate] = []
  var rowHeights: [RowHeight] = []
  var problems: [Problem] = []
  /// Widest estimate per column, scaled for each cell's font (0: none).
  var widths: [Double] = []

  struct Cell {
    enum Kind: UInt8 { case number, text, blank, date, problem }
    /// A number's bits, a string's offset in `utf8`, or an index in `dates` or `problems`.
    var payload: UInt64
    var row: Int32
    var column: Int32
    /// Position in `styles`, or -1 for none.
    var style: Int32
    var kind: Kind
  }

  struct RowHeight {
    var row: Int32
    var height: Double
  }

  struct Problem {
    var code: XlsxError.Code
    var detail: String
  }

  /// An empty batch whose cells use `styles`; `rows` and `cellsPerRow` reserve room.
  public init(styles: CellStyles, rows: Int = 0, cellsPerRow: Int = 0) {
    self.styles = styles
    cells.reserveCapacity(rows * cellsPerRow)
    utf8.reserveCapacity(rows * cellsPerRow * 16)
  }

  /// True when no cell, row height or row has been added.
  public var isEmpty: Bool { rowCount == 0 && cells.isEmpty && rowHeights.isEmpty }

  // MARK: Cells of the current row

  /// A number cell (as ``Worksheet/write(_:row:column:format:)-(Double,_,_,_)``).
  public mutating func number(_ value: Double, column: Int, style: CellStyles.Style? = nil) {
    guard value.isFinite else {
      return problem(.nonFiniteNumber, " value \(value)", column: column)
    }
    guard append(.number, value.bitPattern, column: column, style: style) else { return }
    if let style {
      let metrics = styles.metrics[style.index]
      noteWidth(
        metrics.scaled(DisplayWidth.of(number: value, shape: metrics.numberShape)), column)
    } else {
      noteWidth(Double(DisplayWidth.generalWidth(value)), column)
    }
  }

  /// A string cell (as ``Worksheet/write(_:row:column:format:)-(String,_,_,_)``): always a
  /// string, even when it starts with `=`; the empty string writes a blank cell.
  public mutating func text(_ string: String, column: Int, style: CellStyles.Style? = nil) {
    let width: Double
    if let scan = DisplayWidth.scanASCII(string) {
      if scan.containsNul { return problem(.stringContainsNul, "", column: column) }
      if scan.utf16Count > ExcelLimits.maxStringLength {
        return problem(
          .maxStringLengthExceeded, " string of \(scan.utf16Count) characters", column: column)
      }
      width = Double(scan.width)
    } else {
      if string.utf8.contains(0) { return problem(.stringContainsNul, "", column: column) }
      let length = string.utf16.count
      if length > ExcelLimits.maxStringLength {
        return problem(.maxStringLengthExceeded, " string of \(length) characters", column: column)
      }
      width = DisplayWidth.of(string: string)
    }
    guard append(.text, UInt64(utf8.count), column: column, style: style) else { return }
    utf8.append(contentsOf: string.utf8)
    utf8.append(0)
    noteWidth(style.map { styles.metrics[$0.index].scaled(width) } ?? width, column)
  }

  /// A date cell in `style`, which must have a number format (a date without one would show
  /// as a plain number). Invalid dates are problems (``XlsxError/Code/invalidDate``).
  public mutating func date(_ date: CalendarDate, column: Int, style: CellStyles.Style) {
    let metrics = styles.metrics[style.index]
    guard let dateWidth = metrics.dateWidth else {
      return problem(.invalidArgument, " date style without a number format", column: column)
    }
    guard date.isValid else { return problem(.invalidDate, " \(date)", column: column) }
    guard append(.date, UInt64(dates.count), column: column, style: style) else { return }
    dates.append(date)
    noteWidth(metrics.scaled(dateWidth), column)
  }

  /// A blank cell carrying only `style`.
  public mutating func blank(column: Int, style: CellStyles.Style) {
    _ = append(.blank, 0, column: column, style: style)
  }

  /// Sets the current row's height in points (0–409), after its cells.
  public mutating func setRowHeight(_ height: Double) {
    guard height.isFinite, (0...409).contains(height) else {
      return problem(.invalidArgument, " height \(height) (allowed 0–409)", column: 0)
    }
    rowHeights.append(RowHeight(row: Int32(clamping: rowCount), height: height))
  }

  /// Ends the current row; the next cells go on the row below.
  public mutating func endRow() { rowCount += 1 }

  // MARK: Layout

  private mutating func append(
    _ kind: Cell.Kind, _ payload: UInt64, column: Int, style: CellStyles.Style?
  ) -> Bool {
    guard column >= 0, column < ExcelLimits.columnCount else {
      problem(.worksheetIndexOutOfRange, "", column: column)
      return false
    }
    cells.append(
      Cell(
        payload: payload, row: Int32(clamping: rowCount), column: Int32(column),
        style: Int32(style?.index ?? -1), kind: kind))
    return true
  }

  private mutating func problem(_ code: XlsxError.Code, _ detail: String, column: Int) {
    cells.append(
      Cell(
        payload: UInt64(problems.count), row: Int32(clamping: rowCount),
        column: Int32(clamping: column), style: -1, kind: .problem))
    problems.append(Problem(code: code, detail: detail))
  }

  private mutating func noteWidth(_ width: Double, _ column: Int) {
    guard width > 0 else { return }
    if column >= widths.count {
      widths.append(contentsOf: repeatElement(0, count: column + 1 - widths.count))
    }
    if width > widths[column] { widths[column] = width }
  }
}
