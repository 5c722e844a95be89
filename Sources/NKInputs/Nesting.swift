import NKPeriods

/// The figures of one row that the nesting rule compares.
struct NestedRow {
  var line: Int
  var period: Period
  var total: Int
  var male: Int? = nil
  var female: Int? = nil
}

/// Checks that `rows` form a laminar family and that nested rows agree with the row around
/// them (the contract's nesting rule). Returns which rows stay accepted, in `rows` order.
///
/// Rejection policy (so that the rows left are consistent among themselves):
/// - the same period twice, or a partial overlap: the row later in the file is rejected,
///   naming the earlier line it conflicts with (as for duplicate aid ids). Rows are taken in
///   file order and each one is checked against the rows accepted before it, so which row
///   goes never depends on how the periods happen to be ordered;
/// - a disagreement between a row and the maximal rows inside it: the enclosing row is
///   rejected, naming the rows inside; those rows then count as inside the next enclosing
///   row, which is checked against them.
///
/// O(n log n): the conflicts are found with two segment trees over the months where rows
/// start and end; the nesting is then one sort by (first month ascending, last month
/// descending) and a stack.
func checkNesting(
  _ rows: [NestedRow], file: String, totalColumn: String, log: inout ProblemLog
) -> [Bool] {
  let count = rows.count
  var accepted = rejectConflicts(rows, log: &log)
  let order = rows.indices.filter { accepted[$0] }.sorted { a, b in
    let x = rows[a]
    let y = rows[b]
    if x.period.firstOrdinal != y.period.firstOrdinal {
      return x.period.firstOrdinal < y.period.firstOrdinal
    }
    if x.period.lastOrdinal != y.period.lastOrdinal {
      return x.period.lastOrdinal > y.period.lastOrdinal
    }
    return x.line < y.line
  }
  // The rows left are laminar: each one nests in the nearest open row on the stack.
  var children = [[Int]](repeating: [], count: count)
  var stack: [Int] = []
  for index in order {
    let row = rows[index]
    while let top = stack.last, rows[top].period.lastOrdinal < row.period.firstOrdinal {
      stack.removeLast()
    }
    if let top = stack.last { children[top].append(index) }
    stack.append(index)
  }

  // Bottom-up (children come after their parent in `order`): compare each row with the
  // maximal accepted rows inside it.
  // A row without a split by sex takes the split of the rows that tile it, when they all
  // have one (given or so derived): every choice of rows covering a parent must agree, not
  // only the rows directly inside it.
  var effective = rows
  var insideRejected = [[Int]](repeating: [], count: count)
  for index in order.reversed() where accepted[index] {
    var inside: [Int] = []
    for child in children[index] {
      if accepted[child] {
        inside.append(child)
      } else {
        inside.append(contentsOf: insideRejected[child])
      }
    }
    if inside.isEmpty { continue }
    let insideRows = inside.map { effective[$0] }
    let problems = disagreements(
      parent: rows[index], inside: insideRows, totalColumn: totalColumn)
    if !problems.isEmpty {
      accepted[index] = false
      insideRejected[index] = inside
      for (column, value, reason) in problems {
        log.add(line: rows[index].line, column: column, value: value, reason: reason)
      }
    } else if tilesExactly(rows[index].period, insideRows) {
      if rows[index].male == nil { effective[index].male = sumIfAllKnown(insideRows.map(\.male)) }
      if rows[index].female == nil {
        effective[index].female = sumIfAllKnown(insideRows.map(\.female))
      }
    }
  }
  return accepted
}

/// Takes `rows` in file order and rejects each row that repeats or partly overlaps a row
/// accepted before it, naming that row. Row [a, b] partly overlaps an accepted [c, d] when
/// c < a ≤ d < b (found as: among the rows ending in [a, b − 1], one starts before a) or
/// a < c ≤ b < d (among the rows starting in [a + 1, b], one ends after b).
private func rejectConflicts(_ rows: [NestedRow], log: inout ProblemLog) -> [Bool] {
  var accepted = [Bool](repeating: true, count: rows.count)
  let starts = Array(Set(rows.map(\.period.firstOrdinal))).sorted()
  let ends = Array(Set(rows.map(\.period.lastOrdinal))).sorted()
  // By end month: the earliest start of an accepted row ending there (and its row).
  var earliestStartByEnd = ExtremeTree(size: ends.count, keepsLarger: false)
  // By start month: the latest end of an accepted row starting there (and its row).
  var latestEndByStart = ExtremeTree(size: starts.count, keepsLarger: true)
  // By months covered (`2018` and `2018-01..2018-12` are the same period).
  var firstOfMonths: [ClosedRange<Int>: Int] = [:]

  for index in rows.indices.sorted(by: { rows[$0].line < rows[$1].line }) {
    let row = rows[index]
    let a = row.period.firstOrdinal
    let b = row.period.lastOrdinal
    var conflict: (index: Int, repeats: Bool)?
    if let earlier = firstOfMonths[a...b] {
      conflict = (earlier, true)
    } else if b > a {
      // Ends in [a, b − 1] and starts before a.
      let endsFrom = lowerBound(ends, a)
      let endsTo = lowerBound(ends, b)  // exclusive: ends < b
      if let (start, other) = earliestStartByEnd.extreme(in: endsFrom..<endsTo), start < a {
        conflict = (other, false)
      } else {
        // Starts in [a + 1, b] and ends after b.
        let startsFrom = upperBound(starts, a)
        let startsTo = upperBound(starts, b)
        if let (end, other) = latestEndByStart.extreme(in: startsFrom..<startsTo), end > b {
          conflict = (other, false)
        }
      }
    }
    if let (other, repeats) = conflict {
      accepted[index] = false
      let earlier = rows[other]
      log.add(
        line: row.line, column: "period", value: row.period.description,
        reason: repeats
          ? "repeats the period of line \(earlier.line) (\(earlier.period))"
          : "partly overlaps \(earlier.period) on line \(earlier.line): rows must nest or be disjoint"
      )
      continue
    }
    firstOfMonths[a...b] = index
    earliestStartByEnd.offer(a, row: index, at: lowerBound(ends, b))
    latestEndByStart.offer(b, row: index, at: lowerBound(starts, a))
  }
  return accepted
}

/// First position in the sorted `values` whose value is not below `value`.
private func lowerBound(_ values: [Int], _ value: Int) -> Int {
  partitionPoint(values) { $0 < value }
}

/// First position in the sorted `values` whose value is above `value`.
private func upperBound(_ values: [Int], _ value: Int) -> Int {
  partitionPoint(values) { $0 <= value }
}

/// First position of `values` where `isBefore` turns false (it holds for a prefix only).
private func partitionPoint(_ values: [Int], _ isBefore: (Int) -> Bool) -> Int {
  var low = 0
  var high = values.count
  while low < high {
    let mid = (low + high) / 2
    if isBefore(values[mid]) { low = mid + 1 } else { high = mid }
  }
  return low
}

/// A segment tree over positions keeping, per range, the smallest (or largest) value offered
/// and the row that offered it first.
private struct ExtremeTree {
  private var leaves = 1
  private var nodes: [(value: Int, row: Int)?]
  private let keepsLarger: Bool

  init(size: Int, keepsLarger: Bool) {
    while leaves < size { leaves *= 2 }
    nodes = Array(repeating: nil, count: 2 * leaves)
    self.keepsLarger = keepsLarger
  }

  private func better(_ x: (value: Int, row: Int)?, _ y: (value: Int, row: Int)?) -> (
    value: Int, row: Int
  )? {
    guard let x else { return y }
    guard let y else { return x }
    if x.value == y.value { return x.row <= y.row ? x : y }
    return (x.value > y.value) == keepsLarger ? x : y
  }

  mutating func offer(_ value: Int, row: Int, at position: Int) {
    var node = position + leaves
    nodes[node] = better(nodes[node], (value, row))
    while node > 1 {
      node /= 2
      nodes[node] = better(nodes[2 * node], nodes[2 * node + 1])
    }
  }

  func extreme(in range: Range<Int>) -> (value: Int, row: Int)? {
    var result: (value: Int, row: Int)?
    var low = range.lowerBound + leaves
    var high = range.upperBound + leaves
    while low < high {
      if low & 1 == 1 {
        result = better(result, nodes[low])
        low += 1
      }
      if high & 1 == 1 {
        high -= 1
        result = better(result, nodes[high])
      }
      low /= 2
      high /= 2
    }
    return result
  }
}

private func sumIfAllKnown(_ values: [Int?]) -> Int? {
  var sum = 0
  for value in values {
    guard let value else { return nil }
    sum += value
  }
  return sum
}

/// True when the disjoint rows `inside` (sorted by first month) cover `period` exactly.
private func tilesExactly(_ period: Period, _ inside: [NestedRow]) -> Bool {
  guard inside.first?.period.firstOrdinal == period.firstOrdinal,
    inside.last?.period.lastOrdinal == period.lastOrdinal
  else { return false }
  for (a, b) in zip(inside, inside.dropFirst())
  where b.period.firstOrdinal != a.period.lastOrdinal + 1 {
    return false
  }
  return true
}

/// Why `parent` disagrees with the disjoint rows `inside` it (sorted by first month).
private func disagreements(parent: NestedRow, inside: [NestedRow], totalColumn: String)
  -> [(column: String, value: String, reason: String)]
{
  let exact = tilesExactly(parent.period, inside)
  let lines = lineList(inside.map(\.line))
  var problems: [(String, String, String)] = []

  func compare(_ column: String, _ parentValue: Int?, _ values: [Int?]) {
    guard let parentValue else { return }
    let known = values.compactMap { $0 }
    let sum = known.reduce(0, +)
    if exact && known.count == values.count {
      if sum != parentValue {
        problems.append(
          (
            column, String(parentValue),
            "the rows that cover \(parent.period) exactly (\(lines)) add up to \(sum), not \(parentValue)"
          ))
      }
    } else if sum > parentValue {
      let what = exact ? "the \(column) figures given in the rows" : "the rows"
      problems.append(
        (
          column, String(parentValue),
          "\(what) inside \(parent.period) (\(lines)) add up to \(sum), more than \(parentValue)"
        ))
    }
  }
  compare(totalColumn, parent.total, inside.map(\.total))
  compare("male", parent.male, inside.map(\.male))
  compare("female", parent.female, inside.map(\.female))
  return problems
}

/// "line 4", "lines 4 and 7", "lines 4, 7 and 9", capped at 8 lines.
func lineList(_ lines: [Int]) -> String {
  if lines.count == 1 { return "line \(lines[0])" }
  let cap = 8
  if lines.count > cap {
    return "lines " + lines.prefix(cap).map(String.init).joined(separator: ", ")
      + " and \(lines.count - cap) more"
  }
  return "lines " + lines.dropLast().map(String.init).joined(separator: ", ") + " and "
    + String(lines[lines.count - 1])
}
