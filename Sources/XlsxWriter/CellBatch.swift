internal import CXlsxWriter

/// A fixed list of formats that the cells of a ``CellBatch`` name by position, with what the
/// width estimates need from each format worked out once. Immutable; share it between threads
/// and between batches.
public final class CellStyles: Sendable {
  /// A position in the list.
  public struct Style: Hashable, Sendable {
    let index: Int
    /// The list it is a position in (a style of another list is a problem, not a trap).
    let list: ObjectIdentifier
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
    return Style(index: position, list: ObjectIdentifier(self))
  }
}

/// What a width estimate needs from one format, worked out once per format (a worksheet's
/// `FormatEntry`, a batch's styles).
struct StyleMetrics: Sendable {
  /// The number format, parsed for width estimates of numbers.
  let numberShape: DisplayWidth.NumberShape
  /// The width of any date in the format; `nil` without a number format.
  let dateWidth: Double?
  /// `fontSize / 11`, the width scale of a non-default font size.
  let fontScale: Double?
  let bold: Bool

  init(_ format: CellFormat) {
    numberShape = DisplayWidth.NumberShape(numberFormat: format.numberFormat)
    dateWidth = format.numberFormat.map(DisplayWidth.of(dateFormat:))
    fontScale = format.fontSize.map { $0 / 11 }
    bold = format.bold
  }

  /// `width` as a cell in this format shows it.
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
/// number, an invalid date, a column outside the sheet, a style of another list, a row height
/// out of range) is kept as a problem and thrown, with its sheet and cell (or row), when the
/// worksheet reaches it; the cells before it are written, as when writing them one by one.
public struct CellBatch: Sendable {
  public let styles: CellStyles
  /// Rows ended with ``endRow()``.
  public private(set) var rowCount = 0

  /// Cells, row heights and problems, in the order they were added.
  var cells: [Cell] = []
  /// The strings' UTF-8, each followed by a NUL.
  var utf8: [UInt8] = []
  var dates: [CalendarDate] = []
  var problems: [Problem] = []
  /// Widest estimate per column, scaled for each cell's font (0: none).
  var widths: [Double] = []

  struct Cell {
    enum Kind: UInt8 { case number, text, blank, date, rowHeight, problem }
    /// A number's or a height's bits, a string's offset in `utf8`, or an index in `dates` or
    /// `problems`.
    var payload: UInt64
    /// The estimated width, scaled for the style (0: none); for a problem written cell by cell
    /// up to it.
    var width: Double
    var row: Int32
    var column: Int32
    /// Position in `styles`, or -1 for none.
    var style: Int32
    var kind: Kind
  }

  struct Problem {
    var code: XlsxError.Code
    var detail: String
    /// The column as given (it may be outside the sheet), or `nil` for a row's problem.
    var column: Int?
  }

  /// An empty batch whose cells use `styles`; `rows` and `cellsPerRow` reserve room.
  public init(styles: CellStyles, rows: Int = 0, cellsPerRow: Int = 0) {
    self.styles = styles
    cells.reserveCapacity(rows * cellsPerRow)
    utf8.reserveCapacity(rows * cellsPerRow * 16)
  }

  // MARK: Cells of the current row

  /// A number cell (as ``Worksheet/write(_:row:column:format:)-(Double,_,_,_)``).
  public mutating func number(_ value: Double, column: Int, style: CellStyles.Style? = nil) {
    guard value.isFinite else {
      return problem(.nonFiniteNumber, " value \(value)", column: column)
    }
    guard let metrics = metrics(style, column: column) else { return }
    let width =
      metrics.map { $0.scaled(DisplayWidth.of(number: value, shape: $0.numberShape)) }
      ?? Double(DisplayWidth.generalWidth(value))
    append(.number, value.bitPattern, width: width, column: column, style: style)
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
    guard let metrics = metrics(style, column: column) else { return }
    guard
      append(
        .text, UInt64(utf8.count), width: metrics.map { $0.scaled(width) } ?? width,
        column: column, style: style)
    else { return }
    utf8.append(contentsOf: string.utf8)
    utf8.append(0)
  }

  /// A date cell in `style`, which must have a number format (a date without one would show
  /// as a plain number). Invalid dates are problems (``XlsxError/Code/invalidDate``).
  public mutating func date(_ date: CalendarDate, column: Int, style: CellStyles.Style) {
    guard date.isValid else { return problem(.invalidDate, " \(date)", column: column) }
    guard let metrics = metrics(style, column: column), let metrics else { return }
    guard let dateWidth = metrics.dateWidth else {
      return problem(.invalidArgument, " date style without a number format", column: column)
    }
    guard
      append(
        .date, UInt64(dates.count), width: metrics.scaled(dateWidth), column: column,
        style: style)
    else { return }
    dates.append(date)
  }

  /// A blank cell carrying only `style`.
  public mutating func blank(column: Int, style: CellStyles.Style) {
    guard metrics(style, column: column) != nil else { return }
    append(.blank, 0, width: 0, column: column, style: style)
  }

  /// Sets the current row's height in points (0–409), after its cells.
  public mutating func setRowHeight(_ height: Double) {
    guard height.isFinite, (0...409).contains(height) else {
      return problem(.invalidArgument, " height \(height) (allowed 0–409)", column: nil)
    }
    cells.append(
      Cell(
        payload: height.bitPattern, width: 0, row: Int32(clamping: rowCount), column: 0,
        style: -1, kind: .rowHeight))
  }

  /// Ends the current row; the next cells go on the row below.
  public mutating func endRow() { rowCount += 1 }

  // MARK: Layout

  /// The metrics of `style` (`.some(nil)` for no style), or `nil` (a problem is added) when
  /// it is a style of another list.
  private mutating func metrics(_ style: CellStyles.Style?, column: Int) -> StyleMetrics?? {
    guard let style else { return .some(nil) }
    guard style.list == ObjectIdentifier(styles) else {
      problem(.invalidArgument, " style of another CellStyles", column: column)
      return nil
    }
    return styles.metrics[style.index]
  }

  @discardableResult
  private mutating func append(
    _ kind: Cell.Kind, _ payload: UInt64, width: Double, column: Int, style: CellStyles.Style?
  ) -> Bool {
    guard column >= 0, column < ExcelLimits.columnCount else {
      problem(.worksheetIndexOutOfRange, "", column: column)
      return false
    }
    cells.append(
      Cell(
        payload: payload, width: width, row: Int32(clamping: rowCount), column: Int32(column),
        style: Int32(style?.index ?? -1), kind: kind))
    if width > 0 { DisplayWidth.note(width, column: column, in: &widths) }
    return true
  }

  private mutating func problem(_ code: XlsxError.Code, _ detail: String, column: Int?) {
    cells.append(
      Cell(
        payload: UInt64(problems.count), width: 0, row: Int32(clamping: rowCount), column: 0,
        style: -1, kind: .problem))
    problems.append(Problem(code: code, detail: detail, column: column))
  }
}
