import NKInputs
import NKPeriods

/// What a cumulative figure runs from, as a value: NKRender words it (`FigureAnchor.message`).
public enum FigureAnchor: Hashable, Sendable {
  /// The open-start row `period` (`..1998`) of `arrivals.csv`, at `line`.
  case openStartRow(period: Period, line: Int)
  /// The published checkpoint of `date`: a resident count or a cumulative total, from `source`.
  case checkpoint(date: Day, measure: CheckpointMeasure, source: String)
}
