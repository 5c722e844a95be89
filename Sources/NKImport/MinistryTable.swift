import NKPeriods

/// One period column of the Ministry's table, as checked.
public struct TableColumn: Hashable, Sendable {
  /// The header cell as written (`’20.09 (잠정)`).
  public var heading: String
  /// The header cell's place in the source (`mou.csv:3:'02`, `mou.xlsx:Sheet1!D3`).
  public var location: String
  public var period: Period
  public var isProvisional: Bool
  public var male: Int
  public var female: Int
  public var total: Int
}

/// The total column: arrivals from the start through the end of the last period column.
public struct CumulativeTotal: Hashable, Sendable {
  public var heading: String
  public var through: YearMonth
  public var male: Int
  public var female: Int
  public var total: Int
  public var isProvisional: Bool
}

/// The Ministry's wide arrivals table, read and checked.
public struct MinistryTable: Hashable, Sendable {
  public var fileName: String
  /// Where the table was found, for the import's summary (`mou.csv:3`, `mou.xlsx:Sheet1!A2`).
  public var headerLocation: String
  public var columns: [TableColumn]
  public var cumulative: CumulativeTotal?
  /// What is off in the table's presentation but leaves its counts sound (a printed female
  /// ratio that is not female ÷ total): told, never a refusal.
  public var warnings: [TableProblem] = []

  /// The release's as-at month: the end of its latest column.
  public var asAt: YearMonth? { columns.map(\.period.last).max() }
}

/// Finds the table in a grid and checks it; every problem found is returned at once.
struct TableReader {
  let grid: SourceGrid

  /// Index in `grid.rows` and column of the header's label cell: the first whose rows below
  /// hold male, female and total rows (a cover sheet's 구분 | 내용 does not), else the first
  /// label cell, whose problems are then the table's; `nil` when no cell is a label.
  func headerRowIndex() -> (row: Int, column: Int)? {
    let labels = labelCells()
    return labels.first { holdsRows(below: $0) } ?? labels.first
  }

  /// True when some label cell heads male, female and total rows: the grid holds the table.
  func holdsTable() -> Bool { labelCells().contains { holdsRows(below: $0) } }

  private func labelCells() -> [(row: Int, column: Int)] {
    var found: [(row: Int, column: Int)] = []
    for (index, row) in grid.rows.enumerated() {
      // A label is short text, never a number: a sheet of 200,000 figures is passed quickly.
      for (column, cell) in row.cells where !cell.isNumber && cell.text.utf8.count <= 64 {
        if case .success(.label) = TableLabels.header(cell.display) {
          found.append((index, column))
        }
      }
    }
    return found.sorted { ($0.row, $0.column) < ($1.row, $1.column) }
  }

  private func holdsRows(below label: (row: Int, column: Int)) -> Bool {
    var roles: Set<TableLabels.RowRole> = []
    for row in grid.rows[(label.row + 1)...] {
      let text = row.text(label.column)
      if case .success(.label) = TableLabels.header(text) { break }
      if let role = TableLabels.row(text) { roles.insert(role) }
    }
    return roles.isSuperset(of: [.male, .female, .total])
  }

  func read() -> Checked<MinistryTable, [TableProblem]> {
    guard let (headerIndex, labelColumn) = headerRowIndex() else {
      return .failure([
        TableProblem(
          location: grid.wholeLocation,
          reason: "no table found: no cell reads 구분, Category or 类别 (the header's label cell)")
      ])
    }
    var grid = grid
    grid.rows[headerIndex] = grid.shown(row: headerIndex)
    var check = TableCheck(grid: grid, headerIndex: headerIndex, labelColumn: labelColumn)
    check.findRows()
    check.readHeader()
    check.checkPeriods()
    var table = check.readFigures()
    table.warnings = check.warnings + check.hiddenCells()
    return check.problems.isEmpty ? .success(table) : .failure(check.problems)
  }
}

/// One pass over a found table, step by step, collecting problems.
private struct TableCheck {
  struct PeriodHeader {
    var column: Int
    var heading: String
    var period: Period
    var provisional: Bool
  }

  struct TotalHeader {
    var column: Int
    var heading: String
    var provisional: Bool
  }

  let grid: SourceGrid
  let headerIndex: Int
  let header: SourceRow
  let labelColumn: Int
  var problems: [TableProblem] = []
  var warnings: [TableProblem] = []
  var rowOfRole: [TableLabels.RowRole: SourceRow] = [:]
  var periodColumns: [PeriodHeader] = []
  var totalColumn: TotalHeader?
  /// Sums over the columns mean something only when every header cell was read.
  var headersRead = true

  init(grid: SourceGrid, headerIndex: Int, labelColumn: Int) {
    self.grid = grid
    self.headerIndex = headerIndex
    self.header = grid.rows[headerIndex]
    self.labelColumn = labelColumn
  }

  func location(_ row: SourceRow, _ column: Int) -> String {
    let heading = header.text(column)
    // A CSV place is named by its header text; two columns headed alike ('08 twice) are
    // told apart by their position, or a message would point at both.
    let repeated =
      !heading.trimmingSpaces.isEmpty
      && header.cells.contains { $0.key != column && $0.value.text == heading }
    return grid.location(
      row: row.number, column: column,
      headerText: repeated && grid.kind == .csv ? "\(heading) (column \(column + 1))" : heading)
  }

  mutating func report(_ row: SourceRow, _ column: Int, _ reason: String) {
    problems.append(TableProblem(location: location(row, column), reason: reason))
  }

  /// The rows under the header, by label, until the next table's header.
  mutating func findRows() {
    for row in grid.rows[(headerIndex + 1)...] {
      let label = row.text(labelColumn)
      if case .success(.label) = TableLabels.header(label) { break }
      guard let role = TableLabels.row(label) else { continue }
      if let earlier = rowOfRole[role] {
        report(
          row, labelColumn,
          "a second \(role.displayName) row (the first is at \(location(earlier, labelColumn)))")
        continue
      }
      rowOfRole[role] = row
    }
    for role in [TableLabels.RowRole.male, .female, .total] where rowOfRole[role] == nil {
      report(header, labelColumn, "the table has no \(role.displayName) row under its header")
    }
  }

  /// Header cells: periods in column order, then the total.
  mutating func readHeader() {
    let figureRows = Array(rowOfRole.values)
    let problemsBefore = problems.count
    let lastColumn = ([header] + figureRows).flatMap { $0.cells.keys }.max() ?? labelColumn
    var previousEnd: YearMonth?
    for column in (labelColumn + 1)..<max(labelColumn + 1, lastColumn + 1) {
      let heading = header.text(column)
      if let cell = header.cells[column], cell.isUncomputedFormula || cell.shownAmbiguity != nil {
        report(header, column, cell.shownAmbiguity ?? SourceCell.uncomputedFormula)
        continue
      }
      if heading.trimmingSpaces.isEmpty {
        if figureRows.contains(where: { !$0.text(column).trimmingSpaces.isEmpty }) {
          let merged = grid.mergedRange(row: header.number, column: column).map {
            " (it is inside the merged cells \($0): give each column its own heading)"
          }
          report(
            header, column, "the column has figures but its header cell is blank" + (merged ?? ""))
        }
        continue
      }
      switch TableLabels.header(heading) {
      case .failure(let reason):
        report(header, column, "\"\(heading)\" \(reason)")
      case .success(.label):
        report(header, column, "a second label column")
      case .success(.total(let provisional)):
        if let earlier = totalColumn {
          report(
            header, column,
            "a second total column (the first is \(location(header, earlier.column)))")
        } else {
          totalColumn = TotalHeader(column: column, heading: heading, provisional: provisional)
        }
      case .success(.period(let periodHeading, let provisional)):
        if let totalColumn {
          report(
            header, column,
            "a period column after the total column \(location(header, totalColumn.column)): the total is cumulative through the last period column"
          )
        }
        switch periodHeading.period(after: previousEnd) {
        case .failure(let reason):
          report(header, column, "\(heading) \(reason)")
        case .success(let period):
          periodColumns.append(
            PeriodHeader(column: column, heading: heading, period: period, provisional: provisional)
          )
        }
        previousEnd = periodHeading.lastMonth
      }
    }
    if periodColumns.isEmpty { report(header, labelColumn, "the table has no period columns") }
    headersRead = problems.count == problemsBefore
  }

  /// Periods must not repeat or overlap; the total column is a cumulative count only when the
  /// periods run without a gap from an open start.
  mutating func checkPeriods() {
    for (index, column) in periodColumns.enumerated() {
      for earlier in periodColumns[..<index] where earlier.period.overlaps(column.period) {
        let same =
          earlier.period.firstOrdinal == column.period.firstOrdinal
          && earlier.period.lastOrdinal == column.period.lastOrdinal
        report(
          header, column.column,
          same
            ? "\(column.heading) repeats the period \(column.period) of \(location(header, earlier.column))"
            : "\(column.heading) (\(column.period)) overlaps \(earlier.heading) (\(earlier.period)) at \(location(header, earlier.column))"
        )
      }
    }
    guard totalColumn != nil, headersRead, let first = periodColumns.first else { return }
    let ordered = periodColumns.sorted { $0.period.firstOrdinal < $1.period.firstOrdinal }
    if !ordered[0].period.isOpenStart {
      report(
        header, first.column,
        "the first period column (\(first.heading)) does not start with ~ (everything up to it), so the total column is not a count from the start"
      )
    }
    for (a, b) in zip(ordered, ordered.dropFirst())
    where b.period.firstOrdinal > a.period.lastOrdinal + 1 {
      let gap = PeriodHeading.span(
        YearMonth(ordinal: a.period.lastOrdinal + 1)!,
        YearMonth(ordinal: b.period.firstOrdinal - 1)!)
      report(
        header, b.column,
        "no column covers \(gap) before \(b.heading): the total column cannot be cumulative")
    }
  }

  /// Every figure a count; male + female = total and the ratio in every column; the total
  /// column the sum of the period columns.
  mutating func readFigures() -> MinistryTable {
    var figuresByColumn: [Int: (male: Int, female: Int, total: Int)] = [:]
    var allRead = true
    for column in periodColumns.map(\.column) + (totalColumn.map { [$0.column] } ?? []) {
      let male = figure(.male, column)
      let female = figure(.female, column)
      let total = figure(.total, column)
      guard let male, let female, let total else {
        allRead = false
        continue
      }
      figuresByColumn[column] = (male, female, total)
      if male + female != total, let row = rowOfRole[.total] {
        report(
          row, column,
          "male + female = \(Figures.grouped(male)) + \(Figures.grouped(female)) = \(Figures.grouped(male + female)), not \(Figures.grouped(total))"
        )
      }
      if let ratioRow = rowOfRole[.femaleRatio],
        let reason = Figures.ratioDisagreement(ratioRow.cells[column], female: female, total: total)
      {
        // The ratio is derived presentation, never data: the counts are imported all the same.
        warnings.append(TableProblem(location: location(ratioRow, column), reason: reason))
      }
    }
    var columns: [TableColumn] = []
    var sums = (male: 0, female: 0, total: 0)
    for column in periodColumns {
      guard let values = figuresByColumn[column.column] else { continue }
      sums.male += values.male
      sums.female += values.female
      sums.total += values.total
      columns.append(
        TableColumn(
          heading: column.heading, location: location(header, column.column),
          period: column.period, isProvisional: column.provisional,
          male: values.male, female: values.female, total: values.total))
    }
    var cumulative: CumulativeTotal?
    if let totalColumn, let values = figuresByColumn[totalColumn.column] {
      if allRead && headersRead {
        for (role, sum, value) in [
          (TableLabels.RowRole.male, sums.male, values.male), (.female, sums.female, values.female),
          (.total, sums.total, values.total),
        ] where sum != value {
          if let row = rowOfRole[role] {
            report(
              row, totalColumn.column,
              "the period columns add up to \(Figures.grouped(sum)), not \(Figures.grouped(value)) (\(role.displayName))"
            )
          }
        }
      }
      if let last = periodColumns.map(\.period.last).max() {
        cumulative = CumulativeTotal(
          heading: totalColumn.heading, through: last, male: values.male, female: values.female,
          total: values.total,
          isProvisional: totalColumn.provisional || periodColumns.contains(where: \.provisional))
      }
    }
    return MinistryTable(
      fileName: grid.fileName, headerLocation: location(header, labelColumn), columns: columns,
      cumulative: cumulative)
  }

  /// A hidden column or row of the table is read like the rest (the total counts it), but
  /// the analyst may not have seen it: named.
  func hiddenCells() -> [TableProblem] {
    var found: [TableProblem] = []
    let columns = periodColumns.map(\.column) + (totalColumn.map { [$0.column] } ?? [])
    for column in columns where grid.hiddenColumns.contains(column) {
      found.append(
        TableProblem(
          location: location(header, column),
          reason: "the column is hidden in the workbook; its figures are imported like the rest"))
    }
    if grid.hiddenRows.contains(header.number) {
      found.append(
        TableProblem(
          location: location(header, labelColumn),
          reason: "the header row is hidden in the workbook; its headings are read like the rest"))
    }
    for (role, row) in rowOfRole.sorted(by: { $0.value.number < $1.value.number })
    where grid.hiddenRows.contains(row.number) {
      found.append(
        TableProblem(
          location: location(row, labelColumn),
          reason:
            "the \(role.displayName) row is hidden in the workbook; its figures are imported like the rest"
        ))
    }
    return found
  }

  private mutating func figure(_ role: TableLabels.RowRole, _ column: Int) -> Int? {
    guard let row = rowOfRole[role] else { return nil }
    switch Figures.count(row.cells[column]) {
    case .success(let value): return value
    case .failure(let reason):
      report(row, column, reason)
      return nil
    }
  }
}
