import Foundation
import NKInputs
import NKPeriods

/// A test-only reference for the people figures, decided month by month from first principles:
/// which months each row covers, and whether a window's months are covered exactly by rows
/// inside it. Slow and plain on purpose; it shares no code with `NKSummary`'s series.
///
/// Months are ordinals (`YearMonth.ordinal`); a row from the open start (`..B`) covers every
/// month from `openStart` (earlier than any other row) through B.
struct BruteForceReference {
  struct Row {
    var first: Int
    var last: Int
    var total: Int
    var male: Int?
    var female: Int?
    var isOpenStart: Bool
    var period: Period
  }

  let openStart: Int
  let period: Int
  let arrivals: [Row]
  let departureTotals: [Row]
  let departureReasons: [[Row]]
  let checkpoints: [Checkpoint]

  init(_ dataset: Dataset, period: YearMonth, openStart: Int) {
    self.openStart = openStart
    self.period = period.ordinal
    func row(_ period: Period, total: Int, male: Int?, female: Int?) -> Row {
      Row(
        first: period.first?.ordinal ?? openStart, last: period.last.ordinal, total: total,
        male: male ?? female.map { total - $0 }, female: female ?? male.map { total - $0 },
        isOpenStart: period.first == nil, period: period)
    }
    arrivals = dataset.arrivals.map {
      row($0.period, total: $0.total, male: $0.male, female: $0.female)
    }
    departureTotals = dataset.departures.filter { $0.reason == nil }.map {
      row($0.period, total: $0.count, male: nil, female: nil)
    }
    departureReasons = DepartureReason.allCases.map { reason in
      dataset.departures.filter { $0.reason == reason }.map {
        row($0.period, total: $0.count, male: nil, female: nil)
      }
    }.filter { !$0.isEmpty }
    // Latest last; at one date the resident count last, so it is tried first.
    checkpoints = dataset.checkpoints.sorted {
      ($0.date, $0.measure == .residents ? 1 : 0, $0.line) < (
        $1.date, $1.measure == .residents ? 1 : 0, $1.line
      )
    }
  }

  // MARK: Covers

  /// The total over `low...high` when every month of it lies in a row inside it; the rows
  /// counted are those inside it that no other such row contains.
  static func cover(_ rows: [Row], _ low: Int, _ high: Int) -> Int? {
    if low > high { return 0 }
    // The largest row inside the window starting at each month.
    var largest: [Int: Row] = [:]
    for row in rows where row.first >= low && row.last <= high {
      if largest[row.first].map({ $0.last < row.last }) ?? true { largest[row.first] = row }
    }
    var month = low
    var sum = 0
    while month <= high {
      guard let row = largest[month] else { return nil }
      sum += row.total
      month = row.last + 1
    }
    return sum
  }

  /// Male (or female) over `low...high`: some set of disjoint rows inside it, each giving
  /// the figure, that covers it exactly (searched, longest first).
  static func split(_ rows: [Row], _ low: Int, _ high: Int, _ part: KeyPath<Row, Int?>) -> Int? {
    guard cover(rows, low, high) != nil else { return nil }
    var memo: [Int: Int?] = [:]
    func search(_ start: Int) -> Int? {
      if start > high { return 0 }
      if let known = memo[start] { return known }
      var found: Int?
      for row in rows.filter({ $0.first == start && $0.last <= high }).sorted(by: {
        $0.last > $1.last
      }) {
        guard let value = row[keyPath: part], let rest = search(row.last + 1) else { continue }
        found = value + rest
        break
      }
      memo[start] = found
      return found
    }
    return search(low)
  }

  func arrivalsTotal(_ low: Int, _ high: Int) -> Int? { Self.cover(arrivals, low, high) }

  /// Departures over `low...high`: a chain of stretches each covered exactly by the total rows
  /// or by the rows of every reason.
  func departuresTotal(_ low: Int, _ high: Int) -> Int? {
    if low > high { return 0 }
    return departuresReached(low, high)[high + 1]
  }

  /// Every month `m + 1` such that the departures over `low...m` are known (`m <= high`), with
  /// that total; `low` itself with 0.
  func departuresReached(_ low: Int, _ high: Int) -> [Int: Int] {
    var reached: [Int: Int] = [low: 0]
    let ends = Set((departureTotals + departureReasons.flatMap { $0 }).map(\.last))
    for start in low...high {
      guard let base = reached[start] else { continue }
      for end in ends.sorted() where end >= start && end <= high {
        var value = Self.cover(departureTotals, start, end)
        if value == nil, !departureReasons.isEmpty {
          let parts = departureReasons.map { Self.cover($0, start, end) }
          if parts.allSatisfy({ $0 != nil }) { value = parts.reduce(0) { $0 + $1! } }
        }
        if let value, reached[end + 1] == nil { reached[end + 1] = base + value }
      }
    }
    return reached
  }

  /// The last month through which the departures are known without a gap from the start of
  /// their data (the month before it when none is), and whether that is the end of the data.
  var departuresKnownThrough: (month: Int, isComplete: Bool)? {
    let rows = departureTotals + departureReasons.flatMap { $0 }
    guard let start = departuresStart, let end = rows.map(\.last).max() else { return nil }
    let furthest = departuresReached(start, end).keys.max() ?? start
    return (furthest - 1, furthest == end + 1)
  }

  var departuresStart: Int? {
    (departureTotals + departureReasons.flatMap { $0 }).map(\.first).min()
  }

  /// Departures in `low...high`, none before the departures data starts.
  func departuresFromStart(_ low: Int, _ high: Int) -> Int? {
    guard let start = departuresStart, high >= start else { return 0 }
    return departuresTotal(max(low, start), high)
  }

  // MARK: Anchored figures

  func cumulativeArrivals(at month: Int, before: Day? = nil) -> Int? {
    if arrivals.contains(where: \.isOpenStart), let value = arrivalsTotal(openStart, month) {
      return value
    }
    for checkpoint in checkpoints.reversed()
    where checkpoint.measure == .cumulativeArrivals && checkpoint.date.yearMonth.ordinal <= month
      && (before.map { checkpoint.date < $0 } ?? true)
    {
      if let since = arrivalsTotal(checkpoint.date.yearMonth.ordinal + 1, month) {
        return checkpoint.residents + since
      }
    }
    return nil
  }

  func residents(at month: Int, before: Day? = nil) -> Int? {
    if arrivals.contains(where: \.isOpenStart), let all = arrivalsTotal(openStart, month),
      let departed = departuresFromStart(openStart, month)
    {
      return all - departed
    }
    for checkpoint in checkpoints.reversed()
    where checkpoint.date.yearMonth.ordinal <= month
      && (before.map { checkpoint.date < $0 } ?? true)
    {
      let after = checkpoint.date.yearMonth.ordinal + 1
      guard let arrived = arrivalsTotal(after, month) else { continue }
      switch checkpoint.measure {
      case .residents:
        if let departed = departuresFromStart(after, month) {
          return checkpoint.residents + arrived - departed
        }
      case .cumulativeArrivals:
        if let departed = departuresFromStart(openStart, month) {
          return checkpoint.residents + arrived - departed
        }
      }
    }
    return nil
  }

  // MARK: The annual table

  struct Line: Equatable {
    var label: String
    var low: Int
    var high: Int
    var isMultiYear: Bool
  }

  /// Year slots up to P (and the region before them when a row runs from the open start);
  /// a slot no rows cover exactly joins the smallest multi-year whole-year row ending by P that
  /// holds it, which stands as a line only when every slot it holds joins it.
  var lines: [Line] {
    guard !arrivals.isEmpty else { return [] }
    let periodYear = period.floorDivided(by: 12)
    let firstYear = arrivals.map { $0.isOpenStart ? $0.last / 12 : $0.first / 12 }.min()!
    guard firstYear <= periodYear else { return [] }
    var slots: [Line] = []
    if arrivals.contains(where: \.isOpenStart) {
      slots.append(
        Line(
          label: "..\(firstYear - 1)", low: openStart, high: firstYear * 12 - 1, isMultiYear: true))
    }
    for year in firstYear...periodYear {
      slots.append(
        Line(
          label: String(year), low: year * 12, high: min(year * 12 + 11, period), isMultiYear: false
        ))
    }
    let wholeYears = arrivals.filter { row in
      (row.isOpenStart || row.first % 12 == 0) && row.last % 12 == 11 && row.last <= period
        && (row.isOpenStart || row.first / 12 != row.last / 12)
    }
    let holders: [Row?] = slots.map { slot in
      if slot.low != openStart, arrivalsTotal(slot.low, slot.high) != nil { return nil }
      return wholeYears.filter { $0.first <= slot.low && $0.last >= slot.high }
        .min { ($0.last - $0.first, $0.last) < ($1.last - $1.first, $1.last) }
    }
    var result: [Line] = []
    for (index, slot) in slots.enumerated() {
      guard let holder = holders[index] else {
        result.append(slot)
        continue
      }
      let held = slots.indices.filter {
        slots[$0].low >= holder.first && slots[$0].high <= holder.last
      }
      let stands = held.allSatisfy {
        holders[$0].map { ($0.first, $0.last) == (holder.first, holder.last) } ?? false
      }
      if !stands {
        result.append(slot)
      } else if held.first == index {
        result.append(
          Line(
            label: holder.period.description, low: holder.first, high: holder.last,
            isMultiYear: true))
      }
    }
    return result
  }
}

extension Int {
  fileprivate func floorDivided(by divisor: Int) -> Int {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}
