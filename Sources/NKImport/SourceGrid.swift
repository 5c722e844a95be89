/// A cell as read from the source: its text (for a numeric workbook cell, the stored number
/// as written in the part, e.g. `947` or `0.122`).
struct SourceCell: Hashable {
  var text: String
  var isNumber = false
  /// The cell's style (an index into the workbook's `cellXfs`), for its number format.
  var style: Int?
  /// What the office program shows for a numeric workbook cell, its number format applied
  /// (`2025.10` for 2025.1 formatted `0.00`); `nil` when that is `text`.
  var shown: String?
  /// Why the shown text does not say what the person typed (`2025.1` may be `2025.10`).
  var shownAmbiguity: String?
  /// A formula whose result the file does not hold (saved by a program that computes none).
  var isUncomputedFormula = false

  /// The text as a person sees it.
  var display: String { shown ?? text }

  static let uncomputedFormula =
    "is a formula whose result the file does not hold: open the file in the office program and save it again"
}

/// One row of the source: its line (CSV, where the record starts) or row number (sheet).
struct SourceRow {
  var number: Int
  /// Column index (0-based) → cell; blank cells are left out.
  var cells: [Int: SourceCell]

  /// The cell's text as a person sees it; empty for a blank cell.
  func text(_ column: Int) -> String { cells[column]?.display ?? "" }
}

/// The cells of a CSV file or of one worksheet, with how to name a place in them.
struct SourceGrid {
  enum Kind: Equatable {
    case csv
    case sheet(name: String)
  }

  var fileName: String
  var kind: Kind
  /// In source order.
  var rows: [SourceRow]
  /// How the workbook shows numeric cells; `nil` for a CSV (what is in the file is shown).
  var display: CellDisplay?
  /// Rows (their numbers) and columns (0-based) the workbook hides.
  var hiddenRows: Set<Int> = []
  var hiddenColumns: Set<Int> = []
  /// Merged ranges as the sheet gives them (`B1:AD1`).
  var merged: [String] = []

  /// The merged range a blank cell lies inside, other than its first cell (`C3:D3` for D3).
  func mergedRange(row: Int, column: Int) -> String? {
    merged.first { range in
      let ends = range.split(separator: ":")
      guard ends.count == 2, let first = Self.cell(ends[0]), let last = Self.cell(ends[1]) else {
        return false
      }
      return (first.row...max(first.row, last.row)).contains(row)
        && (first.column...max(first.column, last.column)).contains(column)
        && (first.row, first.column) != (row, column)
    }
  }

  private static func cell(_ reference: Substring) -> (row: Int, column: Int)? {
    let letters = reference.prefix { $0.isLetter }
    guard let column = columnIndex(letters), let row = Int(reference.dropFirst(letters.count))
    else { return nil }
    return (row, column)
  }

  /// Row `index` with its numeric cells as the office program shows them (the header row:
  /// a heading is read as a person sees it).
  func shown(row index: Int) -> SourceRow {
    var row = rows[index]
    guard let display else { return row }
    for (column, cell) in row.cells where cell.isNumber && !cell.isUncomputedFormula {
      let shown = display.show(cell.text, style: cell.style)
      row.cells[column]?.shown = shown.text == cell.text ? nil : shown.text
      row.cells[column]?.shownAmbiguity = shown.ambiguity.map { "\"\(shown.text)\" \($0)" }
    }
    return row
  }

  /// `FILE:LINE:HEADER` for a CSV, `FILE:Sheet!B4` for a sheet.
  func location(row: Int, column: Int, headerText: String) -> String {
    switch kind {
    case .csv:
      return "\(fileName):\(row):\(headerText.isEmpty ? "column \(column + 1)" : headerText)"
    case .sheet(let name): return "\(fileName):\(name)!\(Self.columnLetters(column))\(row)"
    }
  }

  /// The whole source: the file, or the file and sheet.
  var wholeLocation: String {
    switch kind {
    case .csv: return fileName
    case .sheet(let name): return "\(fileName):\(name)"
    }
  }

  /// `A`, `B`, …, `Z`, `AA`, … for a 0-based column index.
  static func columnLetters(_ column: Int) -> String {
    var index = column + 1
    var letters: [Character] = []
    while index > 0 {
      let remainder = (index - 1) % 26
      letters.insert(Character(Unicode.Scalar(UInt8(65 + remainder))), at: 0)
      index = (index - 1) / 26
    }
    return String(letters)
  }

  /// 0-based column index of letters such as `B` or `AA`; `nil` when not letters.
  static func columnIndex(_ letters: Substring) -> Int? {
    guard !letters.isEmpty, letters.count <= 3 else { return nil }
    var value = 0
    for scalar in letters.unicodeScalars {
      guard ("A"..."Z").contains(scalar) else { return nil }
      value = value * 26 + Int(scalar.value - 64)
    }
    return value - 1
  }
}

/// A value or why there is none: like `Result`, for failures that are plain messages.
public enum Checked<Value, Failure> {
  case success(Value)
  case failure(Failure)
}
