import NKPeriods

/// Arrivals, departures and residents, as the contract defines them.
struct PeopleFigures: Sendable {
  let arrivals: CountSeries
  let departures: DepartureSeries

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
    arrivals.cumulative(through: month, beforeDataIsZero: false).combined(
      with: departures.cumulative(through: month, beforeDataIsZero: true)
    ) { $0 - $1 }
  }

  /// The annual table as at P: multi-year rows (`..1998`, `1999..2001`) as they are, then one
  /// row per calendar year through P's year, P's year cut at P.
  func annualTable(calendar: ReportCalendar) -> [AnnualArrivals] {
    let period = calendar.period
    guard let dataStart = arrivals.dataStart else { return [] }
    var units: [(span: Period, label: String, firstYear: Int?, lastYear: Int, isMultiYear: Bool)] =
      []

    // Rows over several whole years (`..1998`, `1999..2001`) stand as they are when they end
    // by P and their years cannot be told apart; when every year inside is known (year rows
    // inside the span), the years are listed instead. Anything else — a span across a year
    // boundary, or one running past P — is not a unit of its own: the calendar years it
    // touches are computed from exact covers (not computable where the span cuts them), so no
    // month is counted twice or after P.
    let multiYear = arrivals.topLevelRows.filter {
      let span = $0.period
      let startsOnAYear = span.first.map { $0.month == 1 } ?? true
      let crossesYears = span.first.map { $0.year != span.last.year } ?? true
      guard crossesYears && startsOnAYear && span.last.month == 12,
        span.lastOrdinal <= period.ordinal
      else { return false }
      guard let first = span.first else { return true }
      return !(first.year...span.last.year).allSatisfy { year in
        arrivals.total(year * 12, year * 12 + 11).isKnown
      }
    }
    for row in multiYear {
      units.append(
        (row.period, row.period.description, row.period.first?.year, row.period.last.year, true))
    }
    // Calendar years from the first one the data gives, or — when the data runs from the open
    // start — from the year after that open row (its own year when it ends mid-year or after P).
    let firstYear: Int
    if let start = YearMonth(ordinal: dataStart) {
      firstYear = start.year
    } else if let open = arrivals.topLevelRows.first(where: { $0.period.first == nil }) {
      let standsAlone = multiYear.contains { $0.period == open.period }
      firstYear = min(standsAlone ? open.period.last.year + 1 : open.period.last.year, period.year)
    } else {
      firstYear = period.year
    }
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
        cumulativeArrivals: arrivals.cumulative(through: high, beforeDataIsZero: false),
        departures: departures.totalFromDataStart(low, high),
        residents: residents(atOrdinal: high),
        isComplete: coversWholeYears && total.isKnown
      )
    }
  }

  /// The finest arrival rows from January of the previous year through P (those ending in
  /// that range).
  func detailRows(calendar: ReportCalendar, notes: [Int: String]) -> [ArrivalsDetailRow] {
    let low = calendar.previousWindow.firstOrdinal
    let high = calendar.period.ordinal
    return arrivals.finestRows.compactMap { row in
      // Rows ending in the range are listed even when they start earlier (2016-01..2017-06
      // for a 2018 report): leaving them out would hide which row covers those months.
      guard let first = row.period.first, row.period.lastOrdinal >= low,
        row.period.lastOrdinal <= high
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

/// Departures, one count series per reason (rows of different reasons for the same period
/// add up); no rows at all means none recorded.
struct DepartureSeries: Sendable {
  let parts: [CountSeries]

  /// The earliest month any reason's data ends: after it some departures are unknown.
  var dataEnd: Int? { parts.compactMap(\.dataEnd).min() }

  func cumulative(through month: Int, beforeDataIsZero: Bool) -> Figure<Int> {
    Figure.sum(parts.map { $0.cumulative(through: month, beforeDataIsZero: beforeDataIsZero) })
  }

  func totalFromDataStart(_ low: Int, _ high: Int) -> Figure<Int> {
    Figure.sum(parts.map { $0.totalFromDataStart(low, high) })
  }
}
