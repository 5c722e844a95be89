import NKInputs
import NKPeriods

/// Why a figure is not computable, as a value with its data (the file, its line, the months,
/// the currency): NKRender words it (`UnavailableReason.message`), the one wording for the
/// digest, the workbook, the CSV files and the log.
public indirect enum UnavailableReason: Hashable, Sendable {
  /// Row `line` of `file`, over `period`, runs across the edge of `window`.
  case rowCutsThrough(file: String, line: Int, period: Period, window: Period)
  /// No row of `file` covers `months`: unknown, not zero.
  case noRowCovers(file: String, months: Period)
  /// Row `line` of `file`, over `period`, gives a total and no split by sex.
  case noSplitBySex(file: String, line: Int, period: Period)
  /// The rows of `file` (departures) by reason that run from the open start end at different
  /// months, so no departure from the start is known; what each reason has from the start.
  case reasonsFromOpenStartEndApart(file: String, reasons: [ReasonFromOpenStart])
  /// No row of these reasons of `file` covers `month` (a one-month period), while other
  /// reasons' rows do.
  case reasonRowsMissing(file: String, month: Period, reasons: [MissingReasonRows])
  /// The rows of `file` do not tile `window` exactly from `from` (a one-month period) on.
  case rowsDoNotTile(file: String, window: Period, from: Period)
  /// `fx.csv` has no rate of `currency` in or before `month`.
  case noExchangeRate(currency: String, month: YearMonth)
  /// No aid ledger (`aid.csv`) was supplied.
  case noAidLedger
  /// A change against an earlier figure of 0.
  case earlierFigureIsZero
  /// A share of no arrivals.
  case noArrivals
  /// A line of the annual table over several years (`label`): no like-for-like comparison.
  case spansSeveralYears(label: String)
  /// Neither an open-start row of `arrivals.csv` nor a checkpoint of the kind `needed` on or
  /// before `month` (a one-month period) anchors a cumulative figure; `arrivalsStart` is the
  /// month the arrivals rows start at, when known.
  case noAnchor(needed: AnchorNeeded, month: Period, arrivalsStart: YearMonth?)
  /// Carried from the checkpoint of `date`, the figure is not computable for `reason`.
  case fromCheckpoint(date: Day, reason: UnavailableReason)
  /// A figure the summary left unset (a model made without `summarise`).
  case notSummarised

  /// What one departure reason has from the open start.
  public struct ReasonFromOpenStart: Hashable, Sendable {
    public enum Start: Hashable, Sendable {
      /// An open-start row, `period`, at `line`.
      case openStartRow(period: Period, line: Int)
      /// No open-start row: the rows start at `month`.
      case onlyFrom(YearMonth)
      /// No rows to say.
      case none
    }
    public var name: String
    public var start: Start

    public init(name: String, start: Start) {
      self.name = name
      self.start = start
    }
  }

  /// A departure reason with no row for a month, and where its rows end or start instead.
  public struct MissingReasonRows: Hashable, Sendable {
    public var name: String
    /// The rows of the reason end before the month, at this one.
    public var rowsEnd: YearMonth?
    /// The rows of the reason start after the month, at this one.
    public var rowsStart: YearMonth?

    public init(name: String, rowsEnd: YearMonth? = nil, rowsStart: YearMonth? = nil) {
      self.name = name
      self.rowsEnd = rowsEnd
      self.rowsStart = rowsStart
    }
  }

  /// What kind of checkpoint a cumulative figure needs as its anchor.
  public enum AnchorNeeded: Hashable, Sendable {
    /// A cumulative total of arrivals.
    case cumulativeTotal
    /// Any checkpoint (a resident count, or a cumulative total less the departures).
    case checkpoint
  }
}
