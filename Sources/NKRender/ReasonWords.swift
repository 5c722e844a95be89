import NKPeriods
import NKSummary

/// Why a figure is not computable, what it runs from and what a check compares, in words: the
/// one place the summary's reasons are worded, for the digest, the workbook, the CSV files and
/// the log alike.
extension UnavailableReason: CustomStringConvertible {
  public var message: String {
    switch self {
    case .rowCutsThrough(let file, let line, let period, let window):
      return "\(file) line \(line) (\(period)) cuts through \(MonthWords.span(window))"
    case .noRowCovers(let file, let months):
      return "no row of \(file) covers \(MonthWords.span(months)) (unknown, not zero)"
    case .noSplitBySex(let file, let line, let period):
      return "\(file) line \(line) (\(period)) gives no split by sex"
    case .reasonsFromOpenStartEndApart(let file, let reasons):
      let parts = reasons.map { reason -> String in
        switch reason.start {
        case .openStartRow(let period, let line): return "\(reason.name) \(period) (line \(line))"
        case .onlyFrom(let first): return "\(reason.name) only from \(first)"
        case .none: return reason.name
        }
      }
      return "the rows of \(file) by reason from the open start do not end at a common month"
        + " (\(parts.joined(separator: ", "))): departures from the start are unknown"
    case .reasonRowsMissing(let file, let month, let reasons):
      return reasons.map { reason in
        var text = "no \(reason.name) row of \(file) covers \(MonthWords.span(month))"
        if let last = reason.rowsEnd {
          text += " (the \(reason.name) rows end at \(last))"
        } else if let first = reason.rowsStart {
          text += " (the \(reason.name) rows start at \(first))"
        }
        return text
      }.joined(separator: "; ")
    case .rowsDoNotTile(let file, let window, let from):
      return
        "the rows of \(file) do not cover \(MonthWords.span(window)) exactly from \(MonthWords.span(from)) on"
    case .noExchangeRate(let currency, let month):
      return "fx.csv has no \(currency) rate in or before \(month)"
    case .noAidLedger:
      return "no aid ledger (aid.csv) was supplied"
    case .earlierFigureIsZero:
      return "the earlier figure is 0"
    case .noArrivals:
      return "no arrivals"
    case .spansSeveralYears(let label):
      return "\(label) spans several years: no like-for-like comparison"
    case .noAnchor(let needed, let month, let arrivalsStart):
      let measure = needed == .cumulativeTotal ? "cumulative total" : "checkpoint"
      let start = arrivalsStart.map { " before \($0)" } ?? ""
      return
        "arrivals.csv has no open-start row (..B) and checkpoints.csv no \(measure) on or"
        + " before \(MonthWords.span(month)), so the arrivals\(start) are unknown"
    case .fromCheckpoint(let date, let reason):
      return "from the checkpoint of \(date): \(reason.message)"
    case .notSummarised:
      return "not summarised"
    }
  }

  public var description: String { message }
}

extension FigureAnchor: CustomStringConvertible {
  /// `the open-start row ..1998 (arrivals.csv line 2)`, `checkpoint 2017-12-31 (residents, MOU)`.
  public var message: String {
    switch self {
    case .openStartRow(let period, let line):
      return "the open-start row \(period) (arrivals.csv line \(line))"
    case .checkpoint(let date, let measure, let source):
      let what = measure == .residents ? "residents" : "cumulative arrivals"
      return "checkpoint \(date) (\(what), \(source))"
    }
  }

  public var description: String { message }
}

extension CheckDetail: CustomStringConvertible {
  public var message: String {
    switch self {
    case .residentsCheckpoint(let date, let published, let source):
      return
        "residents at \(date): published \(published) (\(source)) against arrivals − departures"
    case .cumulativeArrivalsCheckpoint(let date, let published, let source):
      return
        "cumulative arrivals at \(date): published \(published) (\(source)) against the arrivals rows"
    case .residentsAgainstCumulativeArrivals(
      let date, let residents, let residentsSource, let cumulative, let cumulativeSource):
      return
        "residents at \(date): published \(residents) (\(residentsSource)) against the cumulative"
        + " arrivals published for the same date, \(cumulative) (\(cumulativeSource)), less the"
        + " departures up to then"
    case .rowAccounting(let file, let read, let accepted, let rejected):
      return "\(file): \(read) rows read, \(accepted) accepted, \(rejected) rejected"
    case .annualTotals(let span):
      return "the annual table's totals add up to the arrivals rows covering \(span)"
    case .deliveredAidByCategoryAndYear:
      return "delivered aid by category adds up to delivered aid by year (KRW)"
    }
  }

  public var description: String { message }
}

extension Headline {
  /// What `residents` runs from, and what it assumes (no departures.csv); empty when not
  /// computable.
  var residentsBasis: String {
    var basis = residentsAnchor.map { "from \($0.message)" } ?? ""
    if residentsCountNoDepartures {
      basis += "; departures.csv is absent: no departures counted (residents = cumulative arrivals)"
    }
    return basis
  }

  /// What cumulative arrivals at the end of P run from; empty when not computable.
  var cumulativeArrivalsBasis: String {
    cumulativeArrivalsAnchor.map { "from \($0.message)" } ?? ""
  }
}
