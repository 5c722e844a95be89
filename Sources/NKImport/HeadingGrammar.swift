import Foundation
import NKPeriods

/// Reads a period heading as the Ministry's pages print it, in Korean, Chinese or English:
///
/// - a year: `'02`, `2002`, `2002년`, `2002年`;
/// - January through a month-end: `'20.09`, `'20.9월`, `'24.9월말`, `2024.09`, `2024年9月末`,
///   `2024年9月底`, `Sep. 2024`, `end of September 2024`, `as of end of Sep 2024`;
/// - months within a year: `'26.1~3월`, `'25.1~6월`, `2026年1-3月`, `Jan.–Mar. 2026`,
///   `January to March 2026`;
/// - everything since the column before (or from the start): a leading `~`, `up to`,
///   `until`, `through`, `截至`, or a trailing `까지`;
/// - provisional: `잠정`, `잠정치`, `暂定`, `暫定`, `临时`, `臨時`, `provisional`, `prov.`,
///   `preliminary`, `p`, in brackets or as a word at either end.
///
/// Anything else is refused, never guessed: a date with a day, a month 13, a span running
/// backwards or across years.
public enum HeadingGrammar {
  static let provisionalMarks = [
    "잠정치", "잠정", "暂定", "暫定", "临时", "臨時", "provisional", "preliminary", "prov.", "prov",
  ]

  /// The period heading and whether it is marked provisional, or why the text is not one.
  public static func parse(_ raw: String) -> Checked<(PeriodHeading, provisional: Bool), String> {
    var text = compact(raw)
    if text.hasSuffix("기준") { text.removeLast(2) }
    var provisional: Bool
    (text, provisional) = stripProvisional(text)
    var sincePrevious = false
    for prefix in ["~", "upto", "until", "through", "thru", "截至", "截止"] where text.hasPrefix(prefix)
    {
      text.removeFirst(prefix.count)
      sincePrevious = true
      break
    }
    for suffix in ["까지", "为止"] where text.hasSuffix(suffix) {
      text.removeLast(suffix.count)
      sincePrevious = true
      break
    }
    for prefix in ["asof", "asat"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
    for suffix in ["기준", "现在"] where text.hasSuffix(suffix) { text.removeLast(suffix.count) }
    var cursor = Cursor(text)
    let bound = cursor.english() ?? cursor.numeric()
    if case .failure(let reason) = bound { return .failure(reason) }
    guard let bound, cursor.atEnd else {
      return .failure(
        "is not a period heading (a year '02 / 2002년 / 2002年, a month-end '24.9월말 / 2024年9月末 / Sep. 2024, months of a year '26.1~3월 / 2026年1-3月 / Jan.–Mar. 2026, ~ for everything since the column before, (잠정) / (暂定) / (provisional)) or the total column (합계/Total/合计)"
      )
    }
    switch bound {
    case .failure(let reason): return .failure(reason)
    case .success(let bound):
      if sincePrevious, case .months(let first, _) = bound, first.month != 1 {
        return .failure("starts with ~ (since the column before) but also names its first month")
      }
      return .success((PeriodHeading(sincePrevious: sincePrevious, bound: bound), provisional))
    }
  }

  /// Lower case, no spaces, ASCII apostrophes, tildes, dashes and brackets.
  static func compact(_ raw: String) -> String {
    var text = ""
    for character in raw.precomposedStringWithCompatibilityMapping.lowercased() {
      switch character {
      case "’", "‘", "`", "´", "′": text.append("'")
      case "〜", "∼", "～": text.append("~")
      case "–", "—", "‐", "‑", "−": text.append("-")
      case "【", "〔": text.append("[")
      case "】", "〕": text.append("]")
      case _ where character.isWhitespace: continue
      default: text.append(character)
      }
    }
    return text
  }

  /// The text without its provisional marks: `(잠정)`, `[暂定]`, `provisional`, `(p)` at the end
  /// or the start.
  static func stripProvisional(_ compacted: String) -> (String, Bool) {
    var text = compacted
    var provisional = false
    var changed = true
    while changed {
      changed = false
      for mark in provisionalMarks + ["p"] {
        let bracketed = ["(\(mark))", "[\(mark)]"]
        let forms = mark == "p" ? ["(p)", "[p]"] : bracketed + [mark]
        for form in forms {
          if text.hasSuffix(form) && text.count > form.count {
            text.removeLast(form.count)
            provisional = true
            changed = true
          } else if text.hasPrefix(form) && text.count > form.count {
            text.removeFirst(form.count)
            provisional = true
            changed = true
          }
        }
      }
    }
    return (text, provisional)
  }

  /// Two digits: 50–99 are 19xx, 00–49 are 20xx; four digits as they are.
  static func year(_ digits: String) -> Int? {
    guard let value = Int(digits) else { return nil }
    switch digits.count {
    case 2: return value >= 50 ? 1900 + value : 2000 + value
    case 4: return YearMonth.yearRange.contains(value) ? value : nil
    default: return nil
    }
  }

  static let monthNames: [(name: String, month: Int)] = {
    let full = [
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december",
    ]
    var names: [(String, Int)] = full.enumerated().map { ($1, $0 + 1) }
    names += full.enumerated().map { (String($1.prefix(3)), $0 + 1) }
    names.append(("sept", 9))
    return names.sorted { $0.0.count > $1.0.count }
  }()

  /// A left-to-right reader over the compacted heading.
  struct Cursor {
    var characters: [Character]
    var index = 0

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool { index == characters.count }

    mutating func take(_ word: String) -> Bool {
      let word = Array(word)
      guard characters.count - index >= word.count,
        Array(characters[index..<index + word.count]) == word
      else { return false }
      index += word.count
      return true
    }

    mutating func takeAny(_ words: [String]) -> Bool { words.contains { take($0) } }

    mutating func digits(max: Int) -> String? {
      var found = ""
      while index < characters.count, characters[index].isASCIIDigit {
        found.append(characters[index])
        index += 1
      }
      return found.isEmpty || found.count > max ? nil : found
    }

    /// `'25`, `2025`, with `년` or `年` after it when `unit`.
    mutating func year() -> Int? {
      _ = take("'")
      guard let digits = digits(max: 4) else { return nil }
      return HeadingGrammar.year(digits)
    }

    mutating func monthName() -> Int? {
      for (name, month) in HeadingGrammar.monthNames where take(name) {
        _ = take(".")
        return month
      }
      return nil
    }

    /// `[end of] Mon[.] [~|-|to Mon[.]] [,] YEAR`; `nil` (and the cursor back) when the text
    /// starts with no month name.
    mutating func english() -> Checked<PeriodHeading.Bound, String>? {
      let start = index
      let endOf = takeAny(["endof", "end-", "end"])
      guard let first = monthName() else {
        index = start
        return nil
      }
      var last = first
      var isSpan = false
      if takeAny(["~", "-", "to", "through"]) {
        guard !endOf, let second = monthName() else { return .failure(Self.notAPeriod) }
        last = second
        isSpan = true
      }
      _ = take(",")
      guard let year = year() else { return .failure(Self.notAPeriod) }
      return Self.bound(year: year, first: isSpan ? first : nil, last: last)
    }

    /// `YEAR[년|年][.|-|/][M[~M]][월|月][말|末|底]`.
    mutating func numeric() -> Checked<PeriodHeading.Bound, String>? {
      guard let year = year() else { return nil }
      let hasUnit = takeAny(["년", "年"])
      if atEnd { return .success(.year(year)) }
      let separator = [".", "-", "/"].first { take($0) }
      guard hasUnit || separator != nil, let firstText = digits(max: 2) else { return nil }
      var lastText = firstText
      var isSpan = false
      if let separator, separator != ".", take(separator) {
        return .failure(
          "reads as a date (year, month, day), not a period: a column covers whole months")
      }
      if takeAny(["~", "-"]) {
        guard let second = digits(max: 2) else { return nil }
        lastText = second
        isSpan = true
      }
      let monthUnit = takeAny(["월", "月"])
      if takeAny(["말일", "말", "末", "底"]) {
        guard !isSpan else { return .failure("ends a span of months with a month-end mark") }
      }
      if !monthUnit && (hasUnit || isSpan) && !atEnd { return nil }
      if !atEnd, characters[index].isASCIIDigit || characters[index] == "." {
        return .failure("names a day, not a month: a column covers whole months")
      }
      return Self.bound(year: year, first: isSpan ? Int(firstText) : nil, last: Int(lastText)!)
    }

    static let notAPeriod = "is not a period heading"

    static func bound(year: Int, first: Int?, last: Int) -> Checked<PeriodHeading.Bound, String> {
      guard let lastMonth = YearMonth(year: year, month: last) else {
        return .failure("names month \(last), which does not exist")
      }
      guard let first else { return .success(.throughMonth(lastMonth)) }
      guard let firstMonth = YearMonth(year: year, month: first) else {
        return .failure("names month \(first), which does not exist")
      }
      guard firstMonth <= lastMonth else {
        return .failure("runs backwards, from month \(first) to month \(last)")
      }
      return .success(.months(firstMonth, lastMonth))
    }
  }
}
