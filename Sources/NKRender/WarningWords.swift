import NKPeriods
import NKSummary

/// The report's warnings in words: the one place they are worded, for the digest, the
/// workbook, `run.json` and the log alike.
extension ReportWarning: CustomStringConvertible {
  public var message: String {
    switch self {
    case .rejectedRows(let rows, let problems):
      return
        "\(rows) input row\(rows == 1 ? " was" : "s were") rejected and left out of this report (\(problems) problem\(problems == 1 ? "" : "s"); see rejects.csv)."
    case .arrivalsEndBeforePeriod(let dataThrough, let period):
      return
        "The arrivals data ends at \(dataThrough), before the report period \(period): later months are unknown."
    case .departuresIncomplete(let through, let gap):
      let through = through.map { "through \($0)" } ?? "for no month"
      return "The departures data is complete only \(through): \(gap.message)."
    case .notComputable(let figure, let reason):
      return "\(Self.name(figure)) are not computable: \(reason.message)."
    case .exchangeRateFallBack(let currency, let months, let rateMonth, let rate):
      return
        "fx.csv has no \(currency) rate for \(Self.monthRanges(months)): used \(rateMonth)'s rate (\(rate) KRW)."
    case .exchangeRateMissing(let currency, let months):
      return
        "fx.csv has no \(currency) rate in or before \(Self.monthRanges(months)): values that need it are not computable."
    case .checkFailed(let check):
      return "Check failed: \(check.detail.message)\(Self.outcome(of: check))."
    case .inputs(let warning):
      return warning.message
    }
  }

  public var description: String { message }

  private static func name(_ figure: HeadlineFigure) -> String {
    switch figure {
    case .arrivals(let window): return "Arrivals for \(MonthWords.span(window))"
    case .residentsAtEndOf(let month):
      return "Residents at the end of \(MonthWords.name(month)) \(month.year)"
    }
  }

  /// `2019-06, 2022-01..2022-12`: months, consecutive ones joined into spans.
  static func monthRanges(_ months: [YearMonth]) -> String {
    var spans: [(YearMonth, YearMonth)] = []
    for month in Set(months).sorted() {
      if let last = spans.last, last.1.next == month {
        spans[spans.count - 1].1 = month
      } else {
        spans.append((month, month))
      }
    }
    return spans.map { $0.0 == $0.1 ? $0.0.description : "\($0.0)..\($0.1)" }
      .joined(separator: ", ")
  }

  /// What a failed check found: the computed figure, what it runs from, and how far it is
  /// from the expected one (", which give 33721 from the open-start row ..1998 (arrivals.csv
  /// line 2): a difference of +3").
  private static func outcome(of check: Check) -> String {
    guard let computed = check.computed.value, let difference = check.difference.value else {
      return ""
    }
    let from = check.anchor.map { " from \($0.message)" } ?? ""
    let sign = difference > 0 ? "+" : ""
    return ", which give \(computed)\(from): a difference of \(sign)\(difference)"
  }
}

/// Why no report can be made, in words (the command prints and logs it).
extension SummaryError {
  public var message: String {
    let years = "\(ReportPlan.years.lowerBound)–\(ReportPlan.years.upperBound)"
    switch self {
    case .noArrivals: return "arrivals.csv has no accepted rows: there is nothing to report"
    case .defaultPeriodOutOfRange(let latest):
      return
        "the arrivals data ends at \(latest); a report period must fall in \(years): give --period"
    case .periodOutOfRange(let period):
      return "the report period must fall in \(years) (got \(period))"
    }
  }
}
