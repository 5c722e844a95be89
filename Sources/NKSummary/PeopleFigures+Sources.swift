import NKInputs
import NKPeriods

/// The input rows behind the people figures, for revisions and lineage: the rows a window's
/// total is computed from are its maximal rows (those tiling it); a cumulative figure adds its
/// anchor (the open-start row or the checkpoint) and the rows after it.
extension PeopleFigures {
  /// The series of `dataset`, as `summarise` and the lineage read them. Two of male, female and
  /// total determine the third.
  init(dataset: Dataset) {
    let arrivals = CountSeries(
      fileName: "arrivals.csv",
      rows: dataset.arrivals.map { row in
        .init(
          period: row.period, total: row.total,
          male: row.male ?? row.female.map { row.total - $0 },
          female: row.female ?? row.male.map { row.total - $0 }, line: row.line)
      })
    let byReason = Dictionary(grouping: dataset.departures) { $0.reason?.rawValue ?? "" }
      .mapValues { rows in
        CountSeries(
          fileName: "departures.csv",
          rows: rows.map {
            .init(period: $0.period, total: $0.count, male: nil, female: nil, line: $0.line)
          })
      }
    self.init(
      arrivals: arrivals,
      departures: DepartureSeries(
        totals: byReason[""] ?? CountSeries(fileName: "departures.csv", rows: []),
        reasons: byReason.filter { !$0.key.isEmpty }.map { .init(name: $0.key, series: $0.value) }
      ),
      checkpoints: dataset.checkpoints)
  }

  /// The arrival rows tiling `low...high`; empty when none tile it.
  func arrivalSources(_ low: Int, _ high: Int) -> [InputRowReference] {
    Self.sources(arrivals, low, high)
  }

  /// The departure rows inside `low...high` that no other row inside it holds, of the totals
  /// and of every reason (the rows a departures figure over the window can use).
  func departureSources(_ low: Int, _ high: Int) -> [InputRowReference] {
    let series = [departures.totals] + departures.reasons.map(\.series)
    return series.flatMap { series in
      series.maximalRows(low, high).map { Self.reference(series, series.rows[$0]) }
    }.sorted()
  }

  /// The rows a cumulative figure at `month` runs from: the anchor (a checkpoint or the rows
  /// from the open start), the arrivals after it and, for residents, the departures.
  func cumulativeSources(_ anchored: Anchored, through month: Int, residents: Bool)
    -> [InputRowReference]
  {
    guard anchored.figure.isKnown else { return [] }
    if let checkpoint = anchored.checkpoint {
      let after = checkpoint.date.yearMonth.ordinal + 1
      var rows = [
        InputRowReference(
          file: "checkpoints.csv", line: checkpoint.line, period: checkpoint.date.description)
      ]
      if after <= month { rows += arrivalSources(after, month) }
      if residents {
        let from = checkpoint.measure == .residents ? after : Int.min
        if from <= month { rows += departureSources(from, month) }
      }
      return rows
    }
    var rows = arrivalSources(Int.min, month)
    if residents { rows += departureSources(Int.min, month) }
    return rows
  }

  static func sources(_ series: CountSeries, _ low: Int, _ high: Int) -> [InputRowReference] {
    let indices = series.maximalRows(low, high)
    guard series.tilingGap(indices, low, high) == nil else { return [] }
    return indices.map { reference(series, series.rows[$0]) }
  }

  static func reference(_ series: CountSeries, _ row: CountSeries.Row) -> InputRowReference {
    InputRowReference(file: series.fileName, line: row.line, period: row.period.description)
  }
}
