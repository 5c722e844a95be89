import NKPeriods

/// What a header cell of the Ministry's table says.
enum HeaderMeaning: Equatable {
  /// The label cell heading the row labels: 구분 / Category / 类别.
  case label
  /// 합계 / Total / 合计: cumulative through the end of the last period column.
  case total(provisional: Bool)
  case period(PeriodHeading, provisional: Bool)
}

/// A period heading before it is placed: `~'01` needs the column before it.
struct PeriodHeading: Equatable {
  enum Bound: Equatable {
    case year(Int)
    /// `'20.09`: January through that month.
    case month(YearMonth)
  }

  /// `~`: everything since the previous column (or up to the bound, for the first column).
  var sincePrevious: Bool
  var bound: Bound

  var lastMonth: YearMonth {
    switch bound {
    case .year(let year): return YearMonth.december(year)!
    case .month(let month): return month
    }
  }

  /// The period this heading covers, given the last month of the column before it.
  func period(after previous: YearMonth?) -> Checked<Period, String> {
    let last = lastMonth
    guard sincePrevious else {
      switch bound {
      case .year(let year): return .success(Self.span(.january(year)!, last))
      case .month(let month): return .success(Self.span(.january(month.year)!, month))
      }
    }
    guard let previous else {
      switch bound {
      case .year: return .success(Period(form: .yearsUpTo, first: nil, last: last))
      case .month: return .success(Period(form: .monthsUpTo, first: nil, last: last))
      }
    }
    guard let first = previous.next, first <= last else {
      return .failure(
        "covers the years since the column before it, which ends in \(previous), after this one ends (\(last))"
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

enum TableLabels {
  static let labelHeadings: Set<String> = ["구분", "category", "类别", "類別", "区分"]
  static let totalHeadings: Set<String> = ["합계", "계", "총계", "누계", "total", "合计", "合計", "总计"]
  static let provisionalMarks = ["잠정", "provisional", "暂定", "暫定"]

  /// The header cell's meaning, or why it has none.
  static func header(_ raw: String) -> Checked<HeaderMeaning, String> {
    var text = normalised(raw)
    var provisional = false
    for mark in provisionalMarks {
      for (open, close) in [("(", ")"), ("[", "]")] where text.hasSuffix(open + mark + close) {
        text = String(text.dropLast(mark.count + 2))
        provisional = true
      }
    }
    let key = text.lowercased()
    let labelParts = slashedParts(key)
    if !labelParts.isEmpty && labelParts.allSatisfy(labelHeadings.contains) {
      return .success(.label)
    }
    let totalParts = slashedParts(key).map(stripUnits)
    if !totalParts.isEmpty && totalParts.allSatisfy(totalHeadings.contains) {
      return .success(.total(provisional: provisional))
    }
    guard let heading = periodHeading(text) else {
      return .failure(
        "is not a period (~'98, '02, ’17, 2005, '20.09, '20.9월, 2020.09) or the total column (합계/Total/合计)"
      )
    }
    return .success(.period(heading, provisional: provisional))
  }

  /// `~'98`, `'02`, `2005`, `'20.09`, `'20.9월`, `2020.09`, with `년` or `월` allowed.
  static func periodHeading(_ text: String) -> PeriodHeading? {
    var rest = Substring(text)
    var sincePrevious = false
    if let first = rest.first, first == "~" || first == "～" || first == "〜" {
      sincePrevious = true
      rest = rest.dropFirst()
    }
    if rest.first == "'" { rest = rest.dropFirst() }
    for suffix in ["월말", "월", "月", "년", "年"] where rest.hasSuffix(suffix) {
      rest = rest.dropLast(suffix.count)
      break
    }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let year = year(parts[0]) else { return nil }
    if parts.count == 1 { return PeriodHeading(sincePrevious: sincePrevious, bound: .year(year)) }
    let monthText = parts[1]
    guard (1...2).contains(monthText.count), monthText.allSatisfy(\.isASCIIDigit),
      let month = YearMonth(year: year, month: Int(monthText)!)
    else { return nil }
    return PeriodHeading(sincePrevious: sincePrevious, bound: .month(month))
  }

  /// Two digits: 50–99 are 19xx, 00–49 are 20xx; four digits as they are.
  static func year(_ text: Substring) -> Int? {
    guard text.allSatisfy(\.isASCIIDigit), let value = Int(text) else { return nil }
    switch text.count {
    case 2: return value >= 50 ? 1900 + value : 2000 + value
    case 4: return YearMonth.yearRange.contains(value) ? value : nil
    default: return nil
    }
  }

  enum RowRole: String, CaseIterable {
    case male, female, total, femaleRatio

    var displayName: String {
      switch self {
      case .male: return "Male (남)"
      case .female: return "Female (여)"
      case .total: return "Total (합계)"
      case .femaleRatio: return "Female ratio (여성비율)"
      }
    }
  }

  static let rowLabels: [RowRole: Set<String>] = [
    .male: ["남", "남자", "남성", "male", "males", "men", "男", "男性"],
    .female: ["여", "여자", "여성", "female", "females", "women", "女", "女性"],
    .total: ["합계", "계", "총계", "total", "合计", "合計", "总计"],
    .femaleRatio: [
      "여성비율", "여성비중", "여성비율(%)", "femaleratio", "femaleshare", "shareofwomen", "ratiooffemales",
      "女性比例", "女性比率", "女性占比",
    ],
  ]

  /// The row a label cell names: `남(명)`, `Male`, `男`, `합계(명)`, `Female ratio`, `여성비율`,
  /// with or without a unit and with alternatives split by `/` (`남(명) / Male`).
  static func row(_ raw: String) -> RowRole? {
    let parts = slashedParts(normalised(raw).lowercased())
    var found: RowRole?
    for part in parts {
      let key = stripUnits(part).filter { $0 != " " }
      guard let role = rowLabels.first(where: { $0.value.contains(key) })?.key else { return nil }
      if let found, found != role { return nil }
      found = role
    }
    return found
  }

  /// Surrounding spaces trimmed, curly apostrophes and full-width brackets made ASCII, runs
  /// of inner spaces removed before brackets.
  static func normalised(_ raw: String) -> String {
    var text = ""
    for character in raw.trimmingSpaces {
      switch character {
      case "’", "‘", "`", "´", "＇", "′": text.append("'")
      case "（": text.append("(")
      case "）": text.append(")")
      case "\u{00A0}", "\u{3000}", "\n", "\r", "\t": text.append(" ")
      default: text.append(character)
      }
    }
    // "'20.09 (잠정)" and "'20.09(잠정)" read the same.
    while let range = text.range(of: " (") { text.replaceSubrange(range, with: "(") }
    while let range = text.range(of: "  ") { text.replaceSubrange(range, with: " ") }
    return text
  }

  /// A unit in brackets at the end (`(명)`, `(名)`, `(persons)`, `(%)`) removed.
  static func stripUnits(_ text: String) -> String {
    var result = text
    for unit in ["(명)", "(名)", "(人)", "(persons)", "(people)", "(%)", "(단위:명)"]
    where result.hasSuffix(unit) {
      result = String(result.dropLast(unit.count))
    }
    return result.trimmingSpaces
  }

  static func slashedParts(_ text: String) -> [String] {
    text.split(separator: "/").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
