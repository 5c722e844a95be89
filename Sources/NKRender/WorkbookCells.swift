import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// The workbook's cell styles and number formats.
enum WorkbookStyle {
  static let titleFont: UInt32 = 0x1F_3864
  static let mutedColor: UInt32 = 0x7F_7F7F

  static let title = CellFormat(bold: true, fontSize: 16, fontColor: titleFont)
  static let subtitle = CellFormat(fontSize: 11, fontColor: 0x40_4040)
  /// A table's header row.
  static let header = CellFormat(
    bold: true, backgroundColor: 0xDD_EBF7, verticalAlignment: .bottom, bottomBorder: .thin)
  static let headerRight = {
    var format = header
    format.horizontalAlignment = .right
    return format
  }()
  /// Over a text column that follows a number column, indented like its cells.
  static let headerIndented = {
    var format = header
    format.indent = 1
    return format
  }()
  /// A heading above a table further down a sheet.
  static let section = CellFormat(bold: true, fontSize: 12, fontColor: titleFont)
  /// A notice the reader must see: bold dark red on light red.
  static let warning = CellFormat(
    bold: true, fontColor: 0x9C_0006, backgroundColor: 0xFF_C7CE, verticalAlignment: .top,
    textWrap: true)
  static let warningCell = CellFormat(
    bold: true, fontColor: 0x9C_0006, backgroundColor: 0xFF_C7CE)
  static let ok = CellFormat(fontColor: 0x00_6100, backgroundColor: 0xC6_EFCE)
  /// "n/a" for a figure that is not computable: muted grey italic, aligned with the numbers.
  static let unavailable = CellFormat(
    italic: true, fontColor: mutedColor, horizontalAlignment: .right)
  static let muted = CellFormat(italic: true, fontColor: mutedColor)
  static let label = CellFormat()
  static let labelBold = CellFormat(bold: true)
  static let labelIndented = CellFormat(indent: 1)
  /// Text right of a right-aligned number or date column: indented so the two do not touch.
  static let textIndented = CellFormat(indent: 1)
  /// A row's note (reasons for "n/a", the input's note): wrapped within the column's width.
  static let note = CellFormat(textWrap: true, indent: 1)

  static let countFormat = "#,##0"
  static let yearFormat = "0"
  static let changeFormat = "+#,##0;-#,##0;0"
  static let percentFormat = "0.0%"
  static let changePercentFormat = "+0.0%;-0.0%;0.0%"
  static let krwFormat = "#,##0 \"KRW\""
  static let usdFormat = "\"US$ \"#,##0"
  static let decimalFormat = "#,##0.00"
  static let dateFormat = "yyyy-mm-dd"
  static let monthFormat = "yyyy-mm"

  static let count = CellFormat(numberFormat: countFormat)
  static let countBold = CellFormat(bold: true, numberFormat: countFormat)
  static let year = CellFormat(numberFormat: yearFormat)
  static let change = CellFormat(numberFormat: changeFormat)
  static let percent = CellFormat(numberFormat: percentFormat)
  static let changePercent = CellFormat(numberFormat: changePercentFormat)
  static let krw = CellFormat(numberFormat: krwFormat)
  static let usd = CellFormat(numberFormat: usdFormat)
  static let amount = CellFormat(numberFormat: countFormat)
  static let amountFraction = CellFormat(numberFormat: decimalFormat)
  static let date = CellFormat(numberFormat: dateFormat)
  static let month = CellFormat(numberFormat: monthFormat)

  /// Digests of the input files on the Summary sheet: small, indented.
  static let fileDigest = CellFormat(fontSize: 8, indent: 1)
  /// The Checks sheet's detail column.
  static let wrap = CellFormat(textWrap: true)

  static func wrapped(_ format: CellFormat) -> CellFormat {
    var format = format
    format.textWrap = true
    return format
  }

  static func indented(_ format: CellFormat) -> CellFormat {
    var format = format
    format.indent = 1
    return format
  }

  /// The styles whose indices are fixed when a workbook is opened, in the order a report
  /// written one sheet after another first used them (the records now stream before the other
  /// sheets are written; with this order the sample report's workbook kept every byte). A style
  /// not listed is numbered on first use, after these.
  static let all: [CellFormat] = [
    title, subtitle, muted, wrapped(header), wrapped(headerRight), wrapped(headerIndented),
    labelBold, count, change, changePercent, note, labelIndented, unavailable, krw, usd, section,
    header, headerRight, headerIndented, month, fileDigest, year, percent, date, indented(ok),
    wrap,
  ]

  /// `#,##0` for whole numbers, `#,##0.00` otherwise (amounts, checks).
  static func plain(_ value: Decimal) -> CellFormat {
    value.workbookIsWhole ? amount : amountFraction
  }
}

/// Values that become number cells.
protocol WorkbookNumber: Hashable, Sendable {
  var workbookValue: Double { get }
}

extension Int: WorkbookNumber {
  var workbookValue: Double { Double(self) }
}

extension Double: WorkbookNumber {
  var workbookValue: Double { self }
}

extension Decimal: WorkbookNumber {
  /// The nearest `Double`. Exact decimal → binary rounding whenever the significand fits in
  /// 53 bits and the exponent in ±22 (one correctly rounded IEEE operation), which is every
  /// money value of a report; Foundation's conversion (off by an ulp at times) otherwise.
  var workbookValue: Double {
    let exponent = self.exponent
    if (-22...22).contains(exponent), let digits = mantissaBelow2To53 {
      var value = Double(digits)
      if exponent < 0 {
        value /= Self.powersOfTen[-exponent]
      } else if exponent > 0 {
        value *= Self.powersOfTen[exponent]
      }
      return sign == .minus ? -value : value
    }
    return NSDecimalNumber(decimal: self).doubleValue
  }

  /// The mantissa when it is below 2^53 (exact in a `Double`), read from the storage when its
  /// layout is known (no `NSDecimalNumber` per cell).
  private var mantissaBelow2To53: UInt64? {
    if DecimalStorage.layoutIsKnown {
      let mantissa = DecimalStorage.significand(self)
      return mantissa < 1 << 53 ? UInt64(mantissa) : nil
    }
    let significand = self.significand
    let digits = NSDecimalNumber(decimal: significand).uint64Value
    return digits < 1 << 53 && Decimal(digits) == significand ? digits : nil
  }

  /// 10⁰ … 10²², all exact in a `Double`.
  private static let powersOfTen: [Double] = (0...22).map { (power: Int) -> Double in
    var value = 1.0
    for _ in 0..<power { value *= 10 }
    return value
  }

  var workbookIsWhole: Bool {
    if exponent >= 0 { return true }
    if DecimalStorage.layoutIsKnown, !isNaN, -exponent <= 38 {
      // Whole when the digits after the point are all zero.
      return DecimalStorage.significand(self) % DecimalStorage.powersOfTen[-exponent] == 0
    }
    var value = self
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 0, .plain)
    return rounded == self
  }
}

/// The reasons a row's figures are not computable, once each, for its note column.
struct WorkbookNotes {
  private(set) var items: [String] = []

  mutating func add(_ item: String) {
    let trimmed = item.trimmingCharacters(in: .whitespacesAndNewlines)
    if !trimmed.isEmpty && !items.contains(trimmed) { items.append(trimmed) }
  }

  var text: String { items.joined(separator: "; ") }
}

/// A worksheet written strictly top to bottom (constant-memory mode), with the report's cell
/// conventions: figures are number cells with a number format, a figure that is not
/// computable is a muted "n/a" string (its reason goes to the row's notes), and text from the
/// inputs is always a string cell.
final class WorkbookSheetWriter {
  let sheet: Worksheet
  /// The row being written (0-based).
  private(set) var row = 0

  init(_ sheet: Worksheet) {
    self.sheet = sheet
  }

  var name: String { sheet.name }

  /// Moves to the next row (or `count` rows down).
  func nextRow(_ count: Int = 1) {
    row += count
  }

  /// A string cell; an empty string writes only the style (if any). Text longer than a cell
  /// holds is cut with a visible marker (the CSV keeps it whole), so an accepted input row
  /// never stops the report.
  func text(_ value: String, column: Int, style: CellFormat? = nil) throws {
    if value.isEmpty {
      if let style { try sheet.writeBlank(row: row, column: column, format: style) }
    } else {
      try sheet.write(Self.fittingACell(value), row: row, column: column, format: style)
    }
  }

  /// Excel holds at most 32,767 characters (UTF-16 units) in a cell.
  static let cellCharacterLimit = 32_767
  static let cutMarker = " … [cut at Excel's 32,767-character limit; the CSV has the full text]"

  static func fittingACell(_ value: String) -> String {
    guard value.utf16.count > cellCharacterLimit else { return value }
    let budget = cellCharacterLimit - cutMarker.utf16.count
    var kept = 0
    var end = value.startIndex
    for index in value.indices {
      let width = value[index].utf16.count
      if kept + width > budget { break }
      kept += width
      end = value.index(after: index)
    }
    return String(value[..<end]) + cutMarker
  }

  func number(_ value: some WorkbookNumber, column: Int, style: CellFormat) throws {
    try sheet.write(value.workbookValue, row: row, column: column, format: style)
  }

  func blank(column: Int, style: CellFormat) throws {
    try sheet.writeBlank(row: row, column: column, format: style)
  }

  /// A figure: its number, or "n/a" with its reason added to `notes`.
  func figure<Value: WorkbookNumber>(
    _ figure: Figure<Value>, column: Int, style: CellFormat, notes: inout WorkbookNotes
  ) throws {
    switch figure {
    case .known(let value): try number(value, column: column, style: style)
    case .unavailable(let reason):
      try notApplicable(column: column)
      notes.add(reason.message)
    }
  }

  /// The muted "n/a" cell.
  func notApplicable(column: Int) throws {
    try sheet.write("n/a", row: row, column: column, format: WorkbookStyle.unavailable)
  }

  /// A day as a real date cell (`yyyy-mm-dd`); text for a day Excel cannot hold (before 1900).
  func date(_ day: Day, column: Int, style: CellFormat = WorkbookStyle.date) throws {
    let date = CalendarDate(year: day.year, month: day.month, day: day.day)
    if date.isValid {
      try sheet.write(date, row: row, column: column, format: style)
    } else {
      try sheet.write(day.description, row: row, column: column)
    }
  }

  /// A month as a date cell shown `yyyy-mm` (its first day, or last day with `atEnd`).
  func month(_ month: YearMonth, column: Int, atEnd: Bool = false) throws {
    let day = atEnd ? Day.end(of: month) : Day.end(of: month).firstOfMonth
    let date = CalendarDate(year: day.year, month: day.month, day: day.day)
    if date.isValid {
      try sheet.write(date, row: row, column: column, format: WorkbookStyle.month)
    } else {
      try sheet.write(month.description, row: row, column: column)
    }
  }

  /// A header row at the current row; numeric columns (`rightAligned`) are right-aligned
  /// over their numbers, and a text column right of one is indented (as its cells should be).
  /// Moves to the next row.
  func header(_ titles: [String], rightAligned: Set<Int> = [], wrapped: Bool = false) throws {
    // Two lines; viewers do not all fit a wrapped row's height on their own.
    if wrapped { try sheet.setRowHeight(30, row: row) }
    for (column, title) in titles.enumerated() {
      let style =
        rightAligned.contains(column)
        ? WorkbookStyle.headerRight
        : rightAligned.contains(column - 1) ? WorkbookStyle.headerIndented : WorkbookStyle.header
      try text(title, column: column, style: wrapped ? WorkbookStyle.wrapped(style) : style)
    }
    nextRow()
  }

  /// A row-wide notice merged across `columns`, tall enough for its wrapped text given the
  /// merged width in character units.
  func notice(_ message: String, columns: ClosedRange<Int>, width: Double, style: CellFormat)
    throws
  {
    // Bold text takes about 1.15 width units a character; 15 points a line.
    let perLine = max(10, (width / 1.15).rounded(.down))
    let lines = max(1, (Double(message.count) / perLine).rounded(.up))
    if lines > 1 { try sheet.setRowHeight(15 * lines + 2, row: row) }
    if columns.count > 1 {
      try sheet.mergeRange(
        rows: row...row, columns: columns, string: Self.fittingACell(message), format: style)
    } else {
      try text(message, column: columns.lowerBound, style: style)
    }
    nextRow()
  }

  /// A note cell (wrapped, indented) in a column at most `width` characters wide; a note that
  /// wraps makes its row tall enough (viewers do not all size rows of wrapped text on open).
  func note(_ value: String, column: Int, width: Double) throws {
    try text(value, column: column, style: WorkbookStyle.note)
    try fitRowHeight(wrapping: [(value, width)])
  }

  /// Makes the current row tall enough for the longest of `texts` wrapped within its column's
  /// width (in character units); leaves the default height when none wraps.
  func fitRowHeight(wrapping texts: [(String, Double)]) throws {
    let lines = texts.map { Self.lineCount($0.0, width: $0.1) }.max() ?? 1
    if lines > 1 { try sheet.setRowHeight(15 * Double(lines), row: row) }
  }

  /// Lines `text` takes when word-wrapped in a column `width` units wide. A unit is the width
  /// of a digit; text runs about 1.15 characters a unit, less the indent and cell padding
  /// (rounded so as to err on the tall side).
  static func lineCount(_ text: String, width: Double) -> Int {
    let perLine = max(6, Int(((width - 2) * 1.15).rounded(.down)))
    if text.count <= perLine { return 1 }
    var lines = 1
    var used = 0
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      let length = word.count
      if used == 0 {
        used = length
      } else if used + 1 + length <= perLine {
        used += 1 + length
      } else {
        lines += 1
        used = length
      }
      while used > perLine {  // a word longer than a line breaks anywhere
        lines += 1
        used -= perLine
      }
    }
    return lines
  }

  /// Fits every column with content to it, within `minimum…maximum` characters.
  func fitColumns(minimum: Double = 6, maximum: Double = 50) throws {
    try sheet.fitColumnWidths(minimum: minimum, maximum: maximum, padding: 2)
  }
}

extension Day {
  fileprivate var firstOfMonth: Day {
    Day(year: year, month: month, day: 1) ?? self
  }
}
