import NKPeriods

/// Counts over periods that may nest (arrivals or departures), answering "how many in these
/// months?" the contract's way: from rows that cover the months exactly, never prorated.
///
/// The rows form a laminar family (the loader rejects partial overlaps and duplicates), so the
/// rows inside a window that are not inside another such row — its *maximal* rows — are
/// disjoint, and they tile the window exactly or nothing does.
struct CountSeries: Sendable {
  struct Row: Sendable {
    var period: Period
    var total: Int
    var male: Int?
    var female: Int?
    var line: Int
  }

  /// What the counts are of, for reasons ("arrivals.csv line 30").
  let fileName: String
  /// Sorted by first month, then longest first, so a parent precedes its children.
  let rows: [Row]

  /// Indices of the rows starting at each first month (`Int.min` for open starts).
  private let rowsByStart: [Int: [Int]]

  init(fileName: String, rows: [Row]) {
    self.fileName = fileName
    let sorted = rows.sorted {
      ($0.period.firstOrdinal, -$0.period.lastOrdinal) < (
        $1.period.firstOrdinal, -$1.period.lastOrdinal
      )
    }
    self.rows = sorted
    rowsByStart = Dictionary(grouping: sorted.indices) { sorted[$0].period.firstOrdinal }
  }

  /// Every month `end + 1` such that rows tile `start...end` exactly, for `end <= high`, with
  /// the total over `start...end` (the same for every tiling, by the nesting rule).
  func reach(from start: Int, upTo high: Int) -> [Int: Int] {
    var reached: [Int: Int] = [:]
    var frontier = [(start, 0)]
    while let (point, sum) = frontier.popLast() {
      for index in rowsByStart[point] ?? [] where rows[index].period.lastOrdinal <= high {
        let next = rows[index].period.lastOrdinal + 1
        guard reached[next] == nil else { continue }
        reached[next] = sum + rows[index].total
        frontier.append((next, sum + rows[index].total))
      }
    }
    return reached
  }

  /// Rows holding `month`.
  func rows(holding month: Int) -> [Row] {
    rows.filter { $0.period.firstOrdinal <= month && month <= $0.period.lastOrdinal }
  }

  /// The row running from the open start (`..B`) that ends first, if any.
  var firstOpenStartRow: Row? {
    rows.filter(\.period.isOpenStart).min { $0.period.lastOrdinal < $1.period.lastOrdinal }
  }

  var isEmpty: Bool { rows.isEmpty }
  /// First month of the data; `Int.min` when a row runs from the open start (`..B`).
  var dataStart: Int? { rows.first?.period.firstOrdinal }
  var dataEnd: Int? { rows.map(\.period.lastOrdinal).max() }

  /// Indices of the rows inside `low...high` that are not inside another such row, in order.
  func maximalRows(_ low: Int, _ high: Int, excluding excluded: Int? = nil) -> [Int] {
    var chosen: [Int] = []
    var chosenEnd = Int.min
    for (index, row) in rows.enumerated() where index != excluded {
      let first = row.period.firstOrdinal
      let last = row.period.lastOrdinal
      if first > high { break }
      guard first >= low, last <= high else { continue }
      if !chosen.isEmpty && first <= chosenEnd { continue }  // inside the previous maximal row
      chosen.append(index)
      chosenEnd = last
    }
    return chosen
  }

  /// `nil` when `indices` tile `low...high` exactly, else why not.
  func tilingGap(_ indices: [Int], _ low: Int, _ high: Int) -> UnavailableReason? {
    var expected = low
    for index in indices {
      let period = rows[index].period
      if period.firstOrdinal != expected {
        return gapReason(from: expected, upTo: period.firstOrdinal - 1, window: (low, high))
      }
      if period.lastOrdinal == Int.max { return nil }
      expected = period.lastOrdinal + 1
    }
    return expected > high ? nil : gapReason(from: expected, upTo: high, window: (low, high))
  }

  /// Explains a hole in a window: a row that cuts through its edge, or months with no row.
  private func gapReason(from start: Int, upTo end: Int, window: (Int, Int)) -> UnavailableReason {
    // Name the narrowest row that crosses the window's edge: the one an analyst would split.
    let cutting = rows.filter {
      $0.period.firstOrdinal <= end && start <= $0.period.lastOrdinal
        && ($0.period.firstOrdinal < window.0 || $0.period.lastOrdinal > window.1)
    }.min { $0.period.spanLength < $1.period.spanLength }
    if let row = cutting {
      return .rowCutsThrough(
        file: fileName, line: row.line, period: row.period,
        window: Self.period(window.0, window.1))
    }
    return .noRowCovers(file: fileName, months: Self.period(start, end))
  }

  /// Total over `low...high`, from rows that cover it exactly.
  func total(_ low: Int, _ high: Int) -> Figure<Int> {
    let indices = maximalRows(low, high)
    if let reason = tilingGap(indices, low, high) { return .unavailable(reason: reason) }
    return .known(indices.reduce(0) { $0 + rows[$1].total })
  }

  /// Male (or female) over `low...high`, choosing rows where the split is known: a row
  /// without it is replaced by the rows that tile it, recursively.
  func split(_ low: Int, _ high: Int, _ part: KeyPath<Row, Int?>) -> Figure<Int> {
    let indices = maximalRows(low, high)
    if let reason = tilingGap(indices, low, high) { return .unavailable(reason: reason) }
    var sum = 0
    for index in indices {
      guard let value = splitValue(of: index, part) else {
        return .unavailable(
          reason: .noSplitBySex(file: fileName, line: rows[index].line, period: rows[index].period))
      }
      sum += value
    }
    return .known(sum)
  }

  private func splitValue(of index: Int, _ part: KeyPath<Row, Int?>) -> Int? {
    let row = rows[index]
    if let value = row[keyPath: part] { return value }
    let children = maximalRows(row.period.firstOrdinal, row.period.lastOrdinal, excluding: index)
    guard !children.isEmpty,
      tilingGap(children, row.period.firstOrdinal, row.period.lastOrdinal) == nil
    else { return nil }
    var sum = 0
    for child in children {
      guard let value = splitValue(of: child, part) else { return nil }
      sum += value
    }
    return sum
  }

  /// Rows with no other row inside them. In sorted order a row's children come right after
  /// it, so a row is finest exactly when the next row starts after it ends.
  var finestRows: [Row] {
    rows.indices.filter { index in
      index + 1 == rows.count
        || rows[index + 1].period.firstOrdinal > rows[index].period.lastOrdinal
    }.map { rows[$0] }
  }

  /// Rows inside no other row.
  var topLevelRows: [Row] { maximalRows(Int.min, Int.max).map { rows[$0] } }

  static func period(_ low: Int, _ high: Int) -> Period {
    let last = YearMonth(ordinal: high) ?? YearMonth(year: 9999, month: 12)!
    guard low != Int.min, let first = YearMonth(ordinal: low) else {
      return Period(form: .monthsUpTo, first: nil, last: last)
    }
    return .months(first, last)
  }

}

extension Period {
  /// Months covered; open-start periods count as longest.
  var spanLength: Int { first == nil ? Int.max : lastOrdinal - firstOrdinal + 1 }
}
