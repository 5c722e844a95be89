import NKPeriods

/// Why no report can be made from the inputs (worded by NKRender: `SummaryError.message`).
public enum SummaryError: Error, Equatable, Sendable {
  case noArrivals
  /// The latest month of the arrivals data, the default period, is outside `ReportPlan.years`.
  case defaultPeriodOutOfRange(YearMonth)
  /// A requested period outside `ReportPlan.years`.
  case periodOutOfRange(YearMonth)
}
