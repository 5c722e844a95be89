import NKInputs
import NKPeriods

/// Something a reader of the report must know, as a value with its data: the renderers word it
/// (`NKRender`'s `ReportWarning.message`, one place for the digest, the workbook, run.json
/// and the log).
public enum ReportWarning: Hashable, Sendable {
  /// `rows` input rows were rejected (with `problems` problems) and left out of the report.
  case rejectedRows(rows: Int, problems: Int)
  /// The arrivals data ends at `dataThrough`, before the report `period`.
  case arrivalsEndBeforePeriod(dataThrough: YearMonth, period: YearMonth)
  /// The departures are complete only through `through` (`nil`: for no month), `gap` saying
  /// what is missing.
  case departuresIncomplete(through: YearMonth?, gap: UnavailableReason)
  /// A headline figure that cannot be computed, and why.
  case notComputable(HeadlineFigure, reason: UnavailableReason)
  /// `fx.csv` has no rate of `currency` for `months`: the rate of `rateMonth` (`rate` won a
  /// unit) stood in.
  case exchangeRateFallBack(
    currency: String, months: [YearMonth], rateMonth: YearMonth, rate: String)
  /// `fx.csv` has no rate of `currency` in or before `months`: values needing it are unknown.
  case exchangeRateMissing(currency: String, months: [YearMonth])
  /// A reconciliation check that failed.
  case checkFailed(Check)
  /// A warning of the inputs' own (a stale or partial file).
  case inputs(InputWarning)

  /// The headline figures a warning can name.
  public enum HeadlineFigure: Hashable, Sendable {
    case arrivals(Period)
    case residentsAtEndOf(YearMonth)
  }

  /// The warning's class, as `run.json` and the log tag it.
  public enum Kind: String, Hashable, Sendable {
    case rejectedRows = "rejected_rows"
    case exchangeRateFallBack = "fx_fallback"
    case notComputable = "not_computable"
    case staleData = "stale_data"
    case checkMismatch = "check_mismatch"
  }

  public var kind: Kind {
    switch self {
    case .rejectedRows: return .rejectedRows
    case .arrivalsEndBeforePeriod, .departuresIncomplete, .inputs: return .staleData
    case .notComputable, .exchangeRateMissing: return .notComputable
    case .exchangeRateFallBack: return .exchangeRateFallBack
    case .checkFailed: return .checkMismatch
    }
  }
}
