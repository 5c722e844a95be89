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
}

/// Finds the table in a grid and checks it; every problem found is returned at once.
struct TableReader {
  let grid: SourceGrid

  /// `nil` when the grid holds no header row (another sheet may).
  func headerRowIndex() -> (row: Int, column: Int)? {
    for (index, row) in grid.rows.enumerated() {
      for column in row.cells.keys.sorted() {
        if case .success(.label) = TableLabels.header(row.text(column)) { return (index, column) }
      }
    }
    return nil
  }

  func read() -> Checked<MinistryTable, [TableProblem]> {
    guard let (headerIndex, labelColumn) = headerRowIndex() else {
      return .failure([
        TableProblem(
          location: grid.wholeLocation,
          reason: "no table found: no cell reads 구분, Category or 类别 (the header's label cell)")
      ])
    }
    let header = grid.rows[headerIndex]
    var problems: [TableProblem] = []
    func location(_ row: SourceRow, _ column: Int) -> String {
      grid.location(row: row.number, column: column, headerText: header.text(column))
    }

    // The rows under the header, by label, until the next table's header.
    var rowOfRole: [TableLabels.RowRole: SourceRow] = [:]
    for row in grid.rows[(headerIndex + 1)...] {
      let label = row.text(labelColumn)
      if case .success(.label) = TableLabels.header(label) { break }
      guard let role = TableLabels.row(label) else { continue }
      if let earlier = rowOfRole[role] {
        problems.append(
          TableProblem(
            location: location(row, labelColumn),
            reason:
              "a second \(role.displayName) row (the first is at \(location(earlier, labelColumn)))"
          ))
        continue
      }
      rowOfRole[role] = row
    }
    for role in [TableLabels.RowRole.male, .female, .total] where rowOfRole[role] == nil {
      problems.append(
        TableProblem(
          location: location(header, labelColumn),
          reason: "the table has no \(role.displayName) row under its header"))
    }
    let figureRows = rowOfRole.values

    // Header cells: periods in column order, then the total.
    let lastColumn =
      ([header] + Array(figureRows)).flatMap { $0.cells.keys }.max() ?? labelColumn
    var periodColumns: [(column: Int, heading: String, period: Period, provisional: Bool)] = []
    var totalColumn: (column: Int, heading: String, provisional: Bool)?
    var previousEnd: YearMonth?
    let problemsBeforeHeader = problems.count
    if lastColumn > labelColumn {
      for column in (labelColumn + 1)...lastColumn {
        let heading = header.text(column)
        if heading.trimmingSpaces.isEmpty {
          if figureRows.contains(where: { !$0.text(column).trimmingSpaces.isEmpty }) {
            problems.append(
              TableProblem(
                location: location(header, column),
                reason: "the column has figures but its header cell is blank"))
          }
          continue
        }
        switch TableLabels.header(heading) {
        case .failure(let reason):
          problems.append(
            TableProblem(
              location: location(header, column), reason: "\"\(heading)\" \(reason)"))
        case .success(.label):
          problems.append(
            TableProblem(location: location(header, column), reason: "a second label column"))
        case .success(.total(let provisional)):
          if let earlier = totalColumn {
            problems.append(
              TableProblem(
                location: location(header, column),
                reason: "a second total column (the first is \(location(header, earlier.column)))"))
          } else {
            totalColumn = (column, heading, provisional)
          }
        case .success(.period(let periodHeading, let provisional)):
          if let totalColumn {
            problems.append(
              TableProblem(
                location: location(header, column),
                reason:
                  "a period column after the total column \(location(header, totalColumn.column)): the total is cumulative through the last period column"
              ))
          }
          switch periodHeading.period(after: previousEnd) {
          case .failure(let reason):
            problems.append(
              TableProblem(location: location(header, column), reason: "\(heading) \(reason)"))
          case .success(let period):
            periodColumns.append((column, heading, period, provisional))
          }
          previousEnd = periodHeading.lastMonth
        }
      }
    }
    if periodColumns.isEmpty {
      problems.append(
        TableProblem(
          location: location(header, labelColumn), reason: "the table has no period columns"))
    }

    // Sums over the columns mean something only when every header was read.
    let headersRead = problems.count == problemsBeforeHeader

    // Periods must not repeat or overlap.
    for (index, column) in periodColumns.enumerated() {
      for earlier in periodColumns[..<index] where earlier.period.overlaps(column.period) {
        let same =
          earlier.period.firstOrdinal == column.period.firstOrdinal
          && earlier.period.lastOrdinal == column.period.lastOrdinal
        problems.append(
          TableProblem(
            location: location(header, column.column),
            reason: same
              ? "\(column.heading) repeats the period \(column.period) of \(location(header, earlier.column))"
              : "\(column.heading) (\(column.period)) overlaps \(earlier.heading) (\(earlier.period)) at \(location(header, earlier.column))"
          ))
      }
    }
    // The total column is a cumulative count only when the periods run without a gap from
    // an open start.
    if totalColumn != nil, headersRead, let first = periodColumns.first {
      let ordered = periodColumns.sorted { $0.period.firstOrdinal < $1.period.firstOrdinal }
      if !ordered[0].period.isOpenStart {
        problems.append(
          TableProblem(
            location: location(header, first.column),
            reason:
              "the first period column (\(first.heading)) does not start with ~ (everything up to it), so the total column is not a count from the start"
          ))
      }
      for (a, b) in zip(ordered, ordered.dropFirst())
      where b.period.firstOrdinal > a.period.lastOrdinal + 1 {
        let gap = Period.months(
          YearMonth(ordinal: a.period.lastOrdinal + 1)!,
          YearMonth(ordinal: b.period.firstOrdinal - 1)!)
        problems.append(
          TableProblem(
            location: location(header, b.column),
            reason:
              "no column covers \(PeriodHeading.span(gap.first!, gap.last)) before \(b.heading): the total column cannot be cumulative"
          ))
      }
    }

    // Figures.
    func figure(_ role: TableLabels.RowRole, _ column: Int) -> Int? {
      guard let row = rowOfRole[role] else { return nil }
      switch Figures.count(row.cells[column]) {
      case .success(let value): return value
      case .failure(let reason):
        problems.append(TableProblem(location: location(row, column), reason: reason))
        return nil
      }
    }
    var columns: [TableColumn] = []
    var sums = (male: 0, female: 0, total: 0)
    var sumsKnown = true
    let allColumns =
      periodColumns.map { ($0.column, $0.heading) }
      + (totalColumn.map { [($0.column, $0.heading)] } ?? [])
    var figuresByColumn: [Int: (male: Int, female: Int, total: Int)] = [:]
    for (column, _) in allColumns {
      let male = figure(.male, column)
      let female = figure(.female, column)
      let total = figure(.total, column)
      guard let male, let female, let total else {
        sumsKnown = false
        continue
      }
      figuresByColumn[column] = (male, female, total)
      if male + female != total, let row = rowOfRole[.total] {
        problems.append(
          TableProblem(
            location: location(row, column),
            reason:
              "male + female = \(Figures.grouped(male)) + \(Figures.grouped(female)) = \(Figures.grouped(male + female)), not \(Figures.grouped(total))"
          ))
      }
      if let ratioRow = rowOfRole[.femaleRatio] {
        if let reason = Figures.ratioDisagreement(
          ratioRow.cells[column], female: female, total: total)
        {
          problems.append(TableProblem(location: location(ratioRow, column), reason: reason))
        }
      }
    }
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
      if sumsKnown && headersRead {
        for (role, sum, value) in [
          (TableLabels.RowRole.male, sums.male, values.male), (.female, sums.female, values.female),
          (.total, sums.total, values.total),
        ] where sum != value {
          if let row = rowOfRole[role] {
            problems.append(
              TableProblem(
                location: location(row, totalColumn.column),
                reason:
                  "the period columns add up to \(Figures.grouped(sum)), not \(Figures.grouped(value)) (\(role.displayName))"
              ))
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
    guard problems.isEmpty else { return .failure(problems) }
    return .success(
      MinistryTable(
        fileName: grid.fileName, headerLocation: location(header, labelColumn), columns: columns,
        cumulative: cumulative))
  }
}
