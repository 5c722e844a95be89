import NKInputs
import NKPeriods

/// What a reconciliation check compares, as a value with its data: NKRender words it
/// (`CheckDetail.message`) for the Checks sheet and the warnings.
public enum CheckDetail: Hashable, Sendable {
  /// The resident count published for `date` (`published`, from `source`) against arrivals −
  /// departures.
  case residentsCheckpoint(date: Day, published: Int, source: String)
  /// The cumulative total of arrivals published for `date` against the arrivals rows.
  case cumulativeArrivalsCheckpoint(date: Day, published: Int, source: String)
  /// The resident count published for `date` against the cumulative total published for the
  /// same date, less the departures up to then.
  case residentsAgainstCumulativeArrivals(
    date: Day, residents: Int, residentsSource: String, cumulative: Int, cumulativeSource: String)
  /// The rows of `file`: read, accepted, rejected.
  case rowAccounting(file: String, read: Int, accepted: Int, rejected: Int)
  /// The annual table's totals against the arrivals rows covering `span`.
  case annualTotals(span: Period)
  /// Delivered aid by category against delivered aid by year, in won.
  case deliveredAidByCategoryAndYear
}
