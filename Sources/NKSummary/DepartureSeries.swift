import NKPeriods

/// Departures: rows with a blank reason are totals of every reason; rows with a reason are
/// that reason's count. The two combine wherever they cover months exactly — totals up to
/// 2017, then one row per reason from 2018, is a complete record — and a stretch covered by
/// reasons needs every reason the file uses (one that stops early leaves the rest unknown).
///
/// Months before the departures data starts count no departures (the contract's reading of
/// a record kept from some month on); no rows at all means none recorded.
struct DepartureSeries: Sendable {
  struct Reason: Sendable {
    var name: String
    var series: CountSeries
  }

  /// Rows with a blank reason.
  let totals: CountSeries
  /// One series per reason the file uses, in name order.
  let reasons: [Reason]

  init(totals: CountSeries, reasons: [Reason]) {
    self.totals = totals
    self.reasons = reasons.sorted { $0.name < $1.name }
  }

  private var allSeries: [CountSeries] { [totals] + reasons.map(\.series) }

  var isEmpty: Bool { allSeries.allSatisfy(\.isEmpty) }

  /// First month of the data; `Int.min` when a row runs from the open start.
  var dataStart: Int? { allSeries.compactMap(\.dataStart).min() }
  var dataEnd: Int? { allSeries.compactMap(\.dataEnd).max() }

  /// Departures over `low...high`, from rows that cover it exactly: a chain of stretches,
  /// each tiled by total rows or by the rows of every reason.
  func total(_ low: Int, _ high: Int) -> Figure<Int> {
    let (reached, furthest) = chain(low, high)
    if let value = reached[high + 1] { return .known(value) }
    return .unavailable(reason: gapReason(at: furthest, low, high))
  }

  /// Departures over `low...high` where months before the data starts count none.
  func totalFromDataStart(_ low: Int, _ high: Int) -> Figure<Int> {
    guard let start = dataStart, high >= start else { return .known(0) }
    return total(max(low, start), high)
  }

  /// Every departure up to the end of `month`.
  func cumulative(through month: Int) -> Figure<Int> { totalFromDataStart(Int.min, month) }

  /// How far the departures are known without a gap from the start of their data: the last
  /// month, and why the next one is not (nil when the data is complete to its end). The month
  /// is `Int.min` when the data runs from the open start and no month of it is known (reasons
  /// whose open-start rows end at different months): there is no month before the open start.
  var knownThrough: (month: Int, gap: UnavailableReason?)? {
    guard let start = dataStart, let end = dataEnd else { return nil }
    let (reached, furthest) = chain(start, end)
    if reached[end + 1] != nil { return (end, nil) }
    let month = furthest == Int.min ? Int.min : furthest - 1
    return (month, gapReason(at: furthest, start, end))
  }

  /// The months reachable from `low` by whole stretches inside `low...high` (month after the
  /// stretch → departures from `low`), and the furthest one reached.
  private func chain(_ low: Int, _ high: Int) -> (reached: [Int: Int], furthest: Int) {
    var reached: [Int: Int] = [low: 0]
    var order = [low]
    var next = 0
    while next < order.count {
      let cut = order[next]
      next += 1
      guard cut <= high, let base = reached[cut] else { continue }
      var steps = totals.reach(from: cut, upTo: high)
      if !reasons.isEmpty {
        // A stretch tiled by every reason: its end must be reached by each of them.
        var common: [Int: Int]?
        for reason in reasons {
          let reach = reason.series.reach(from: cut, upTo: high)
          guard let sums = common else {
            common = reach
            continue
          }
          var both: [Int: Int] = [:]
          for (point, sum) in sums { if let more = reach[point] { both[point] = sum + more } }
          common = both
        }
        steps.merge(common ?? [:], uniquingKeysWith: { first, _ in first })
      }
      for (point, amount) in steps.sorted(by: { $0.key < $1.key }) where reached[point] == nil {
        reached[point] = base + amount
        let position = order[next...].firstIndex { $0 > point } ?? order.count
        order.insert(point, at: position)
      }
    }
    return (reached, order.max() ?? low)
  }

  /// Why no stretch from the open start is covered: every reason must reach one month after
  /// it, and the rows of each reason that run from the open start end elsewhere.
  private func openStartGapReason(_ file: String) -> UnavailableReason {
    let parts = reasons.map { reason -> UnavailableReason.ReasonFromOpenStart in
      if let row = reason.series.firstOpenStartRow {
        return .init(name: reason.name, start: .openStartRow(period: row.period, line: row.line))
      }
      if let start = reason.series.dataStart, let first = YearMonth(ordinal: start) {
        return .init(name: reason.name, start: .onlyFrom(first))
      }
      return .init(name: reason.name, start: .none)
    }
    return .reasonsFromOpenStartEndApart(file: file, reasons: parts)
  }

  /// Why departures are not known from month `month` on, inside the window `low...high`.
  private func gapReason(at month: Int, _ low: Int, _ high: Int) -> UnavailableReason {
    let file = "departures.csv"
    // Nothing is known from the open start: the reasons' rows from it end at different months.
    if month == Int.min { return openStartGapReason(file) }
    let window = CountSeries.period(low, high)
    let monthPeriod = CountSeries.period(month, month)
    let holding = allSeries.flatMap { $0.rows(holding: month) }
    if let cutting =
      holding.filter({ $0.period.firstOrdinal < low || $0.period.lastOrdinal > high })
      .min(by: { $0.period.spanLength < $1.period.spanLength })
    {
      return .rowCutsThrough(file: file, line: cutting.line, period: cutting.period, window: window)
    }
    let reasonsHolding = reasons.filter { !$0.series.rows(holding: month).isEmpty }
    if !reasonsHolding.isEmpty && reasonsHolding.count < reasons.count {
      let missing = reasons.filter { !reasonsHolding.map(\.name).contains($0.name) }
      let rows = missing.map { reason in
        var rows = UnavailableReason.MissingReasonRows(name: reason.name)
        if let end = reason.series.dataEnd, end < month, let last = YearMonth(ordinal: end) {
          rows.rowsEnd = last
        } else if let start = reason.series.dataStart, start > month,
          let first = YearMonth(ordinal: start)
        {
          rows.rowsStart = first
        }
        return rows
      }
      return .reasonRowsMissing(file: file, month: monthPeriod, reasons: rows)
    }
    // Every reason runs on from here, but one stops before the others: name it.
    if !reasons.isEmpty && reasonsHolding.count == reasons.count {
      let furthest = reasons.map { reason in
        (reason, reason.series.reach(from: month, upTo: high).keys.max() ?? month)
      }
      if let stop = furthest.map(\.1).min(), stop <= high,
        furthest.contains(where: { $0.1 > stop })
      {
        let rows = furthest.filter { $0.1 == stop }.map { reason, _ in
          var rows = UnavailableReason.MissingReasonRows(name: reason.name)
          if let end = reason.series.dataEnd, end < stop, let last = YearMonth(ordinal: end) {
            rows.rowsEnd = last
          }
          return rows
        }
        return .reasonRowsMissing(
          file: file, month: CountSeries.period(stop, stop), reasons: rows)
      }
    }
    if holding.isEmpty {
      let nextStart = allSeries.flatMap(\.rows).map(\.period.firstOrdinal).filter { $0 > month }
        .min()
      let gapEnd = min(high, (nextStart ?? high + 1) - 1)
      return .noRowCovers(file: file, months: CountSeries.period(month, gapEnd))
    }
    return .rowsDoNotTile(file: file, window: window, from: monthPeriod)
  }
}
