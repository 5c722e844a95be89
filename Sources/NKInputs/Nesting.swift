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
/// - the same period twice: the row later in the file is rejected, naming the earlier line;
/// - a partial overlap: the row that starts later (of two starting together, the shorter
///   can't overlap partly) is rejected, naming the other line;
/// - a disagreement between a row and the maximal rows inside it: the enclosing row is
///   rejected, naming the rows inside; those rows then count as inside the next enclosing
///   row, which is checked against them.
///
/// O(n log n): one sort by (first month ascending, last month descending), then a stack.
func checkNesting(
  _ rows: [NestedRow], file: String, totalColumn: String, log: inout ProblemLog
) -> [Bool] {
  let count = rows.count
  var accepted = [Bool](repeating: true, count: count)
  let order = rows.indices.sorted { a, b in
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
  var children = [[Int]](repeating: [], count: count)
  var stack: [Int] = []
  for index in order {
    let row = rows[index]
    while let top = stack.last, rows[top].period.lastOrdinal < row.period.firstOrdinal {
      stack.removeLast()
    }
    guard let top = stack.last else {
      stack.append(index)
      continue
    }
    let outer = rows[top]
    if outer.period.firstOrdinal == row.period.firstOrdinal
      && outer.period.lastOrdinal == row.period.lastOrdinal
    {
      accepted[index] = false
      log.add(
        line: row.line, column: "period", value: row.period.description,
        reason: "repeats the period of line \(outer.line) (\(outer.period))")
    } else if row.period.lastOrdinal <= outer.period.lastOrdinal {
      children[top].append(index)
      stack.append(index)
    } else {
      accepted[index] = false
      log.add(
        line: row.line, column: "period", value: row.period.description,
        reason:
          "partly overlaps \(outer.period) on line \(outer.line): rows must nest or be disjoint")
    }
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
