import NKPeriods

/// Arrivals, departures and residents, as the contract defines them.
struct PeopleFigures: Sendable {
  let arrivals: CountSeries
  let departures: CountSeries

  struct Comparison {
    var total: Figure<Int>
    var previous: Figure<Int>
    var change: Figure<Int>
    var changeFraction: Figure<Double>
  }

  /// Arrivals over `window` against the same months one year earlier.
  func windowComparison(_ window: Period) -> Comparison {
    let total = arrivals.total(window.firstOrdinal, window.lastOrdinal)
    let previous = arrivals.total(window.firstOrdinal - 12, window.lastOrdinal - 12)
    let change = total.combined(with: previous) { $0 - $1 }
    let fraction = change.flatCombined(with: previous) { change, previous -> Figure<Double> in
      previous == 0
        ? .unavailable(reason: "the earlier figure is 0")
        : .known(Double(change) / Double(previous))
    }
    return Comparison(total: total, previous: previous, change: change, changeFraction: fraction)
  }

  /// All arrivals minus all departures up to the end of `month`.
  func residents(at month: YearMonth) -> Figure<Int> {
    residents(atOrdinal: month.ordinal)
  }

  func residents(atOrdinal month: Int) -> Figure<Int> {
    arrivals.cumulative(through: month).combined(with: departures.cumulative(through: month)) {
      $0 - $1
    }
  }

  /// The annual table as at P: multi-year rows (`..1998`, `1999..2001`) as they are, then one
  /// row per calendar year through P's year, P's year cut at P.
  func annualTable(calendar: ReportCalendar) -> [AnnualArrivals] {
    let period = calendar.period
    guard let dataStart = arrivals.dataStart else { return [] }
    var units: [(span: Period, label: String, firstYear: Int?, lastYear: Int, isMultiYear: Bool)] =
      []

    let multiYear = arrivals.topLevelRows.filter {
      ($0.period.first == nil || $0.period.first!.year != $0.period.last.year)
        && $0.period.firstOrdinal <= period.ordinal
    }
    for row in multiYear {
      units.append(
        (row.period, row.period.description, row.period.first?.year, row.period.last.year, true))
    }
    let firstYear =
      dataStart == Int.min
      ? (multiYear.first.map { $0.period.last.year } ?? period.year)
      : (YearMonth(ordinal: dataStart)?.year ?? period.year)
    if firstYear <= period.year {
      for year in firstYear...period.year {
        guard let january = YearMonth(year: year, month: 1),
          let december = YearMonth(year: year, month: 12)
        else { continue }
        let wholeYear = Period.months(january, december)
        if multiYear.contains(where: { $0.period.contains(wholeYear) }) { continue }
        let span = Period(form: .monthSpan, first: january, last: min(december, period))
        units.append((span, String(year), year, year, false))
      }
    }
    units.sort { $0.span.firstOrdinal < $1.span.firstOrdinal }

    return units.map { unit in
      let low = unit.span.firstOrdinal
      let high = unit.span.lastOrdinal
      let total = arrivals.total(low, high)
      let male = arrivals.split(low, high, \.male)
      let female = arrivals.split(low, high, \.female)
      let share = male.flatCombined(with: female) { male, female -> Figure<Double> in
        male + female == 0
          ? .unavailable(reason: "no arrivals") : .known(Double(female) / Double(male + female))
      }
      let comparison: Comparison
      if unit.isMultiYear {
        let reason = "\(unit.label) spans several years: no like-for-like comparison"
        comparison = Comparison(
          total: total, previous: .unavailable(reason: reason),
          change: .unavailable(reason: reason),
          changeFraction: .unavailable(reason: reason))
      } else {
        comparison = windowComparison(unit.span)
      }
      let coversWholeYears = unit.span.last.month == 12
      return AnnualArrivals(
        label: unit.label,
        firstYear: unit.firstYear,
        lastYear: unit.lastYear,
        span: unit.span,
        male: male,
        female: female,
        total: total,
        femaleShare: share,
        change: comparison.change,
        changeFraction: comparison.changeFraction,
        cumulativeArrivals: arrivals.cumulative(through: high),
        departures: departures.totalFromDataStart(low, high),
        residents: residents(atOrdinal: high),
        isComplete: coversWholeYears && total.isKnown
      )
    }
  }

  /// The finest arrival rows from January of the previous year through P.
  func detailRows(calendar: ReportCalendar, notes: [Int: String]) -> [ArrivalsDetailRow] {
    let low = calendar.previousWindow.firstOrdinal
    let high = calendar.period.ordinal
    return arrivals.finestRows.compactMap { row in
      guard let first = row.period.first, first.ordinal >= low, row.period.lastOrdinal <= high
      else { return nil }
      let last = row.period.last
      let january = YearMonth(year: last.year, month: 1) ?? last
      return ArrivalsDetailRow(
        period: row.period,
        firstMonth: first,
        lastMonth: last,
        male: row.male,
        female: row.female,
        total: row.total,
        note: notes[row.line] ?? "",
        ytdTotal: arrivals.total(january.ordinal, last.ordinal),
        residents: residents(at: last)
      )
    }
  }
}
