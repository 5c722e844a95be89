import NKPeriods

/// What a header cell of the Ministry's table says.
public enum HeaderMeaning: Hashable, Sendable {
  /// The label cell heading the row labels: 구분 / Category / 类别.
  case label
  /// 합계 / Total / 合计: cumulative through the end of the last period column.
  case total(provisional: Bool)
  case period(PeriodHeading, provisional: Bool)
}

/// A period heading before it is placed: `~'01` needs the column before it.
public struct PeriodHeading: Hashable, Sendable {
  public enum Bound: Hashable, Sendable {
    case year(Int)
    /// `'20.09`, `'24.9월말`, `2024年9月底`, `end of Sep. 2024`: January through that month.
    case throughMonth(YearMonth)
    /// `'26.4~6월`, `2026年4-6月`, `Apr.–Jun. 2026`: months of one year, not from January.
    case months(YearMonth, YearMonth)
  }

  /// `~`: everything since the previous column (or up to the bound, for the first column).
  public var sincePrevious: Bool
  public var bound: Bound

  public init(sincePrevious: Bool, bound: Bound) {
    self.sincePrevious = sincePrevious
    self.bound = bound
    // `'26.1~3월` and `'26.3월말` are the same months: one form, so equal headings compare equal.
    if case .months(let first, let last) = bound, first.month == 1 {
      self.bound = .throughMonth(last)
    }
  }

  public var lastMonth: YearMonth {
    switch bound {
    case .year(let year): return YearMonth.december(year)!
    case .throughMonth(let month): return month
    case .months(_, let last): return last
    }
  }

  /// The period this heading covers, given the last month of the column before it.
  public func period(after previous: YearMonth?) -> Checked<Period, String> {
    let last = lastMonth
    guard sincePrevious else {
      switch bound {
      case .year(let year): return .success(Self.span(.january(year)!, last))
      case .throughMonth(let month): return .success(Self.span(.january(month.year)!, month))
      case .months(let first, let last): return .success(Self.span(first, last))
      }
    }
    guard let previous else {
      switch bound {
      case .year: return .success(Period(form: .yearsUpTo, first: nil, last: last))
      case .throughMonth, .months:
        return .success(Period(form: .monthsUpTo, first: nil, last: last))
      }
    }
    guard let first = previous.next, first <= last else {
      return .failure(
        "covers the months since the column before it, which ends in \(previous), after this one ends (\(last))"
      )
    }
    return .success(Self.span(first, last))
  }

  /// Whole years as a year or a span of years, anything else as months.
  static func span(_ first: YearMonth, _ last: YearMonth) -> Period {
    if first.month == 1 && last.month == 12 {
      return first.year == last.year
        ? Period(form: .year, first: first, last: last)
        : Period(form: .yearSpan, first: first, last: last)
    }
    return .months(first, last)
  }
}

/// The languages of the Ministry's pages, for printing a heading as each writes it.
public enum HeadingLanguage: CaseIterable, Sendable {
  case korean, chinese, english
}

extension PeriodHeading {
  static let englishMonths = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.",
  ]

  /// The heading as the Ministry's page in `language` prints it (`style` picks among the
  /// forms each uses: 0 short, 1 long); what `HeadingGrammar` reads back to the same heading.
  public func printed(_ language: HeadingLanguage, provisional: Bool, style: Int = 0) -> String {
    let long = style % 2 == 1
    func shortYear(_ year: Int) -> String {
      (1950...2049).contains(year) ? "'" + String(String(year).suffix(2)) : String(year)
    }
    var text: String
    switch language {
    case .korean:
      switch bound {
      case .year(let year): text = long ? "\(year)년" : shortYear(year)
      case .throughMonth(let month):
        text =
          long
          ? "\(shortYear(month.year)).\(month.month)월말"
          : "\(shortYear(month.year)).\(month.month < 10 ? "0" : "")\(month.month)"
      case .months(let first, let last):
        text = "\(shortYear(first.year)).\(first.month)~\(last.month)월"
      }
      if sincePrevious { text = "~" + text }
      if provisional { text += long ? " (잠정)" : "(잠정)" }
    case .chinese:
      switch bound {
      case .year(let year): text = "\(year)年"
      case .throughMonth(let month): text = "\(month.year)年\(month.month)月" + (long ? "底" : "末")
      case .months(let first, let last): text = "\(first.year)年\(first.month)-\(last.month)月"
      }
      if sincePrevious { text = (long ? "截至" : "~") + text }
      if provisional { text += long ? "（临时）" : "(暂定)" }
    case .english:
      let name = { (month: YearMonth) in Self.englishMonths[month.month - 1] }
      switch bound {
      case .year(let year): text = String(year)
      case .throughMonth(let month): text = (long ? "end of " : "") + "\(name(month)) \(month.year)"
      case .months(let first, let last): text = "\(name(first))–\(name(last)) \(first.year)"
      }
      if sincePrevious { text = (long ? "up to " : "~") + text }
      if provisional { text += long ? " (prov.)" : " (provisional)" }
    }
    return text
  }
}
