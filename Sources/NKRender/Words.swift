import Foundation
import NKPeriods
import NKSummary

/// English words for periods, counts and lists, without Foundation's locale-dependent formatters.
enum Words {
  static func monthName(_ month: YearMonth) -> String { MonthWords.name(month) }
  static func shortMonthName(_ month: YearMonth) -> String { MonthWords.shortName(month) }

  /// `November 2018`.
  static func monthYear(_ month: YearMonth) -> String { "\(monthName(month)) \(month.year)" }
  /// `Nov 2018`.
  static func shortMonthYear(_ month: YearMonth) -> String {
    "\(shortMonthName(month)) \(month.year)"
  }

  static func isSingleMonth(_ period: Period) -> Bool {
    period.first == nil || period.first == period.last
  }

  /// `January–November 2018`, `January–December 2018`, `January 2018`, `November
  /// 2017–February 2018`.
  static func window(_ period: Period) -> String { MonthWords.monthSpan(period) }

  /// `Jan–Nov 2018`, `Nov 2018`.
  static func shortWindow(_ period: Period) -> String { MonthWords.shortSpan(period) }

  /// Opens a sentence: `Between January and November 2018`, `In January 2018`.
  static func windowOpening(_ period: Period) -> String {
    guard let first = period.first else { return "Up to the end of " + monthYear(period.last) }
    if first == period.last { return "In " + monthYear(first) }
    if first.year == period.last.year {
      return "Between \(monthName(first)) and \(monthYear(period.last))"
    }
    return "Between \(monthYear(first)) and \(monthYear(period.last))"
  }

  /// Inside a sentence: `between January and November 2018`, `in January 2018`.
  static func windowInline(_ period: Period) -> String {
    let opening = windowOpening(period)
    return opening.prefix(1).lowercased() + opening.dropFirst()
  }

  /// `1 shipment`, `14 shipments`, `1,042 North Koreans`.
  static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
    "\(NumberText.grouped(value)) \(value == 1 ? singular : plural)"
  }

  /// `civic groups`; with `withArticle`, a single one reads `a civic group`,
  /// `an international organisation`.
  static func providerType(_ type: String, plural: Bool, withArticle: Bool) -> String {
    let noun = providerType(type, plural: plural)
    guard withArticle, !plural else { return noun }
    return (noun.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + noun
  }

  static func providerType(_ type: String, plural: Bool) -> String {
    switch type {
    case "civic": return plural ? "civic groups" : "civic group"
    case "government": return plural ? "government agencies" : "government agency"
    case "international":
      return plural ? "international organisations" : "international organisation"
    default: return plural ? "providers" : "provider"
    }
  }

  /// `6 civic groups`, `1 international organisation`, `3 providers`.
  static func providers(_ count: Int, types: [String]) -> String {
    let noun =
      types.count == 1
      ? providerType(types[0], plural: count != 1) : (count == 1 ? "provider" : "providers")
    return "\(NumberText.grouped(count)) \(noun)"
  }

  /// `a`, `a and b`, `a, b and c`; beyond `limit` items, `a, b, c and 4 other categories`.
  static func list(_ items: [String], limit: Int, rest: String) -> String {
    var shown = items.filter { !$0.isEmpty }
    var tail: String?
    if shown.count > limit {
      tail = "\(NumberText.grouped(shown.count - limit + 1)) \(rest)"
      shown = Array(shown.prefix(limit - 1))
    }
    if let tail { shown.append(tail) }
    guard shown.count > 1 else { return shown.first ?? "" }
    return shown.dropLast().joined(separator: ", ") + " and " + shown[shown.count - 1]
  }

  /// `text` with every control character (C0, DEL, C1, and the Unicode line and paragraph
  /// separators) replaced by a space.
  static func withoutControlCharacters(_ text: String) -> String {
    func breaksASentence(_ scalar: Unicode.Scalar) -> Bool {
      scalar.properties.generalCategory == .control || scalar.value == 0x2028
        || scalar.value == 0x2029
    }
    guard text.unicodeScalars.contains(where: breaksASentence) else { return text }
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      scalars.append(breaksASentence(scalar) ? " " : scalar)
    }
    return String(scalars)
  }

  /// A reason from the model as a clause: trimmed, without a final full stop.
  static func clause(_ reason: String) -> String {
    var text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    while text.hasSuffix(".") { text.removeLast() }
    return text.isEmpty ? "no reason given" : text
  }

  static func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  static func padRight(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  /// Joins a number (or `US$`) to the word after it, so a line never ends in `2` or `US$`
  /// with its noun on the next line.
  static func keepingNumbersWithTheirWords(_ words: [Substring]) -> [String] {
    var result: [String] = []
    var carry: String?
    for word in words {
      let joined = carry.map { $0 + " " + word } ?? String(word)
      // A bare count or amount (`2`, `1,042`, `4.7`), not one that ends a clause (`(1,045).`).
      let isNumber =
        word.first?.isASCIIDigitCharacter == true && word.last?.isASCIIDigitCharacter == true
        && word.allSatisfy { $0.isASCIIDigitCharacter || $0 == "," || $0 == "." }
      if (isNumber || word == "US$") && joined.count < 24 {
        carry = joined
      } else {
        result.append(joined)
        carry = nil
      }
    }
    if let carry { result.append(carry) }
    return result
  }

  /// Word-wraps `text` at `width` columns (words longer than a line stay whole);
  /// continuation lines start with `indent`.
  static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
    var lines: [String] = []
    var line = ""
    for word in keepingNumbersWithTheirWords(text.split(separator: " ")) {
      if line.isEmpty {
        line = (lines.isEmpty ? "" : indent) + word
      } else if line.count + 1 + word.count <= width {
        line += " " + word
      } else {
        lines.append(line)
        line = indent + word
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }
}
