import NKInputs
import NKPeriods

/// A cumulative figure with the anchor it runs from (the open-start row ..1998 of arrivals.csv,
/// the checkpoint of 2017-12-31); no anchor when it is not computable.
struct Anchored {
  var figure: Figure<Int>
  var anchor: FigureAnchor?
  /// The checkpoint it runs from, when not the open start.
  var checkpoint: Checkpoint? = nil

  static func unavailable(_ reason: UnavailableReason) -> Anchored {
    Anchored(figure: .unavailable(reason: reason), anchor: nil)
  }
}

/// Arrivals, departures and residents, as the contract defines them: every figure for a
/// window comes from rows that cover it exactly; every cumulative figure runs from an anchor.
struct PeopleFigures: Sendable {
  let arrivals: CountSeries
  let departures: DepartureSeries
  /// Sorted by date.
  let checkpoints: [Checkpoint]

  init(arrivals: CountSeries, departures: DepartureSeries, checkpoints: [Checkpoint]) {
    self.arrivals = arrivals
    self.departures = departures
    self.checkpoints = checkpoints.sorted { ($0.date, $0.line) < ($1.date, $1.line) }
  }

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
        ? .unavailable(reason: .earlierFigureIsZero)
        : .known(Double(change) / Double(previous))
    }
    return Comparison(total: total, previous: previous, change: change, changeFraction: fraction)
  }

  /// Female share of `total`, where the female count and the total are known.
  static func femaleShare(female: Figure<Int>, total: Figure<Int>) -> Figure<Double> {
    female.flatCombined(with: total) { female, total -> Figure<Double> in
      total == 0 ? .unavailable(reason: .noArrivals) : .known(Double(female) / Double(total))
    }
  }

  // MARK: Anchors

  private var openStartAnchor: FigureAnchor? {
    arrivals.firstOpenStartRow.map { .openStartRow(period: $0.period, line: $0.line) }
  }

  private static func checkpointAnchor(_ checkpoint: Checkpoint) -> FigureAnchor {
    .checkpoint(date: checkpoint.date, measure: checkpoint.measure, source: checkpoint.source)
  }

  /// Checkpoints that may anchor a figure at `month`: on or before it, and before `before`
  /// when given (a checkpoint is reconciled against the anchors before it), latest first.
  /// At one date a resident count comes before a cumulative total: it is the figure itself,
  /// where the total needs every departure since the start (which one anchors residents must
  /// not depend on the order of the file's lines).
  private func anchors(upTo month: Int, before: Day?) -> [Checkpoint] {
    checkpoints.filter { checkpoint in
      checkpoint.date.yearMonth.ordinal <= month && before.map { checkpoint.date < $0 } ?? true
    }.sorted { a, b in
      if a.date != b.date { return a.date > b.date }
      if a.measure != b.measure { return a.measure == .residents }
      return a.line > b.line
    }
  }

  /// Arrivals after `checkpoint` through `month`.
  private func arrivalsSince(_ checkpoint: Checkpoint, through month: Int) -> Figure<Int> {
    let start = checkpoint.date.yearMonth.ordinal + 1
    return start > month ? .known(0) : arrivals.total(start, month)
  }

  private func departuresSince(_ checkpoint: Checkpoint, through month: Int) -> Figure<Int> {
    let start = checkpoint.date.yearMonth.ordinal + 1
    return start > month ? .known(0) : departures.totalFromDataStart(start, month)
  }

  /// Why nothing anchors a cumulative figure at `month`.
  private func noAnchorReason(_ month: Int, needed: UnavailableReason.AnchorNeeded)
    -> UnavailableReason
  {
    .noAnchor(
      needed: needed, month: CountSeries.period(month, month),
      arrivalsStart: arrivals.dataStart.flatMap { YearMonth(ordinal: $0) })
  }

  /// All arrivals up to the end of `month`: from the open-start row when rows cover
  /// everything up to it exactly, else from the latest cumulative-arrivals checkpoint that
  /// the rows after it carry forward.
  func cumulativeArrivals(atOrdinal month: Int, before: Day? = nil) -> Anchored {
    let fromStart = arrivals.total(Int.min, month)
    if let value = fromStart.value {
      return Anchored(figure: .known(value), anchor: openStartAnchor)
    }
    var firstReason: UnavailableReason? =
      openStartAnchor == nil ? nil : fromStart.unavailableReason
    for checkpoint in anchors(upTo: month, before: before)
    where checkpoint.measure == .cumulativeArrivals {
      let since = arrivalsSince(checkpoint, through: month)
      if let value = since.value {
        return Anchored(
          figure: .known(checkpoint.residents + value), anchor: Self.checkpointAnchor(checkpoint),
          checkpoint: checkpoint)
      }
      firstReason =
        firstReason
        ?? since.unavailableReason.map { .fromCheckpoint(date: checkpoint.date, reason: $0) }
    }
    return .unavailable(firstReason ?? noAnchorReason(month, needed: .cumulativeTotal))
  }

  /// All arrivals minus all departures up to the end of `month`, from the open start, or from
  /// the latest checkpoint the rows after it carry forward (a resident count directly, a
  /// cumulative total less the departures up to then).
  func residents(atOrdinal month: Int, before: Day? = nil) -> Anchored {
    let departed = departures.cumulative(through: month)
    let fromStart = arrivals.total(Int.min, month).combined(with: departed) { $0 - $1 }
    if let value = fromStart.value {
      return Anchored(figure: .known(value), anchor: openStartAnchor)
    }
    var firstReason: UnavailableReason? =
      openStartAnchor == nil ? nil : fromStart.unavailableReason
    for checkpoint in anchors(upTo: month, before: before) {
      let figure: Figure<Int>
      switch checkpoint.measure {
      case .residents:
        figure = arrivalsSince(checkpoint, through: month).combined(
          with: departuresSince(checkpoint, through: month)
        ) { checkpoint.residents + $0 - $1 }
      case .cumulativeArrivals:
        figure = arrivalsSince(checkpoint, through: month).combined(with: departed) {
          checkpoint.residents + $0 - $1
        }
      }
      if let value = figure.value {
        return Anchored(
          figure: .known(value), anchor: Self.checkpointAnchor(checkpoint), checkpoint: checkpoint)
      }
      firstReason =
        firstReason
        ?? figure.unavailableReason.map { .fromCheckpoint(date: checkpoint.date, reason: $0) }
    }
    return .unavailable(firstReason ?? noAnchorReason(month, needed: .checkpoint))
  }

  func residents(at month: YearMonth) -> Anchored { residents(atOrdinal: month.ordinal) }

  // MARK: Tables

  /// One line of the annual table before its figures are computed.
  private struct Line {
    var label: String
    var firstYear: Int?
    var lastYear: Int
    var span: Period
    var isMultiYear: Bool
  }

  /// The annual table as at P: each year up to P (P's year cut at P) from the finest rows
  /// that cover it exactly. A year no rows cover exactly belongs to the smallest row over
  /// whole years that holds it (`..1998`, `1999..2001`); that row stands as one line when
  /// every year inside it is such a year, else each of those years is listed, not
  /// computable. Rows around others (`..2024`, `1999..2018`) thus never replace finer rows.
  func annualTable(calendar: ReportCalendar) -> [AnnualArrivals] {
    lines(calendar: calendar).map { line in
      let low = line.span.firstOrdinal
      let high = line.span.lastOrdinal
      let total = arrivals.total(low, high)
      let male = arrivals.split(low, high, \.male)
      let female = arrivals.split(low, high, \.female)
      let comparison: Comparison
      if line.isMultiYear {
        let reason = UnavailableReason.spansSeveralYears(label: line.label)
        comparison = Comparison(
          total: total, previous: .unavailable(reason: reason),
          change: .unavailable(reason: reason), changeFraction: .unavailable(reason: reason))
      } else {
        comparison = windowComparison(line.span)
      }
      return AnnualArrivals(
        label: line.label,
        firstYear: line.firstYear,
        lastYear: line.lastYear,
        span: line.span,
        male: male,
        female: female,
        total: total,
        femaleShare: Self.femaleShare(female: female, total: total),
        change: comparison.change,
        changeFraction: comparison.changeFraction,
        cumulativeArrivals: cumulativeArrivals(atOrdinal: high).figure,
        departures: departures.totalFromDataStart(low, high),
        residents: residents(atOrdinal: high).figure,
        isComplete: line.span.last.month == 12 && total.isKnown
      )
    }
  }

  private func lines(calendar: ReportCalendar) -> [Line] {
    let period = calendar.period
    let rows = arrivals.rows
    guard !rows.isEmpty else { return [] }
    // Years from the first one a row starts in; a row from the open start adds the region
    // before them (everything up to the year before), which no row can cover exactly alone.
    let firstYear = rows.map { $0.period.first?.year ?? $0.period.last.year }.min() ?? period.year
    guard firstYear <= period.year else { return [] }
    var slots: [Line] = []
    if rows.contains(where: \.period.isOpenStart),
      let december = YearMonth(year: firstYear - 1, month: 12)
    {
      slots.append(
        Line(
          label: "..\(firstYear - 1)", firstYear: nil, lastYear: firstYear - 1,
          span: Period(form: .yearsUpTo, first: nil, last: december), isMultiYear: true))
    }
    for year in firstYear...period.year {
      guard let january = YearMonth(year: year, month: 1),
        let december = YearMonth(year: year, month: 12)
      else { continue }
      let last = min(december, period)
      slots.append(
        Line(
          label: String(year), firstYear: year, lastYear: year,
          span: last == december
            ? Period(form: .year, first: january, last: december)
            : .months(january, last),
          isMultiYear: false))
    }

    // The smallest row over whole years, ending by P, that holds each slot no rows cover.
    let wholeYearRows = rows.filter { row in
      let span = row.period
      let startsAYear = span.first.map { $0.month == 1 } ?? true
      let severalYears = span.first.map { $0.year != span.last.year } ?? true
      return startsAYear && severalYears && span.last.month == 12
        && span.lastOrdinal <= period.ordinal
    }
    let holder: [Period?] = slots.map { slot in
      if !slot.span.isOpenStart
        && arrivals.total(slot.span.firstOrdinal, slot.span.lastOrdinal).isKnown
      {
        return nil
      }
      return wholeYearRows.filter { $0.period.contains(slot.span) }
        .min {
          ($0.period.spanLength, $0.period.lastOrdinal) < (
            $1.period.spanLength, $1.period.lastOrdinal
          )
        }?
        .period
    }
    var result: [Line] = []
    var standing: Set<Period> = []
    for (index, slot) in slots.enumerated() {
      guard let row = holder[index] else {
        result.append(slot)
        continue
      }
      let inside = slots.indices.filter { row.contains(slots[$0].span) }
      guard inside.allSatisfy({ holder[$0] == row }) else {
        result.append(slot)
        continue
      }
      if standing.insert(row).inserted {
        result.append(
          Line(
            label: row.description, firstYear: row.first?.year, lastYear: row.last.year,
            span: row, isMultiYear: true))
      }
    }
    return result
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
        residents: residents(at: last).figure
      )
    }
  }
}
