import Foundation

/// What the office program shows for a numeric cell: its number format (from `styles.xml`)
/// applied to the stored value. A heading is read as a person sees it: `2025.1` formatted
/// `0.00` is `2025.10` (October), a date formatted `yyyy.mm` is `2025.10`.
struct CellDisplay {
  /// Format code of each cell style (`cellXfs` index → code; `General` when none).
  var codes: [String] = []
  /// Dates counted from 1904 (`workbookPr date1904`) instead of 1900.
  var date1904 = false

  /// Codes of the built-in formats a file may use without defining them.
  static let builtIn: [Int: String] = [
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm",
    17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "yyyy-mm-dd h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0",
    49: "@",
    // East Asian built-ins (their exact form follows the reader's locale; these are Korean).
    27: "yyyy\"년\" mm\"월\"", 28: "mm-dd", 29: "mm-dd", 30: "mm-dd-yy",
    31: "yyyy\"년\" mm\"월\" dd\"일\"",
    32: "h\"시\" mm\"분\"", 33: "h\"시\" mm\"분\" ss\"초\"", 34: "yyyy-mm-dd", 35: "yyyy-mm-dd",
    36: "yyyy\"년\" mm\"월\"", 50: "yyyy\"년\" mm\"월\"", 51: "mm-dd", 52: "yyyy-mm-dd",
    53: "yyyy-mm-dd", 54: "mm-dd", 55: "yyyy-mm-dd", 56: "yyyy-mm-dd", 57: "yyyy\"년\" mm\"월\"",
    58: "mm-dd",
  ]

  /// The shown text of `value` in style `style`, and why it cannot be read as typed, if so.
  func show(_ value: String, style: Int?) -> (text: String, ambiguity: String?) {
    guard let number = Double(value), number.isFinite else { return (value, nil) }
    let code = style.flatMap { codes.indices.contains($0) ? codes[$0] : nil } ?? "General"
    let section = Self.sections(code).first ?? "General"
    if section.lowercased() == "general" || section.isEmpty {
      let shown = Self.general(number)
      return (shown, Self.ambiguity(number, shown: shown, general: true))
    }
    if section == "@" { return (value, nil) }
    let tokens = Self.tokens(section)
    if tokens.contains(where: \.isDateToken) {
      return (dateText(number, tokens: tokens), nil)
    }
    let shown = Self.numberText(number, tokens: tokens)
    return (shown, Self.ambiguity(number, shown: shown, general: false))
  }

  /// A number shown as `2025.1` may have been typed `2025.10`, one shown rounded hides what
  /// was typed: either heading is refused (the month would be a guess).
  static func ambiguity(_ number: Double, shown: String, general: Bool) -> String? {
    let digits = shown.filter { $0.isASCIIDigit || $0 == "." }
    guard let shownValue = Double(digits) else { return nil }
    let exact = abs(shownValue - abs(number)) <= 1e-9 * max(1, abs(number))
    if !exact {
      return
        "is shown rounded: the cell holds the number \(String(number)), so what was typed cannot be told; type the heading as text"
    }
    let parts = digits.split(separator: ".")
    if parts.count == 2, parts[1] == "1", parts[0].count >= 2 {
      return
        "is the number \(Self.general(number)) shown as \(shown.debugDescription): typed 2025.10 or 2025.1, it reads the same; type the heading as text ('\(parts[0].suffix(2)).10 or '\(parts[0].suffix(2)).1) or give the cell the format 0.00"
    }
    return nil
  }

  /// Office's General: a whole number without decimals, otherwise up to 10 significant places.
  static func general(_ number: Double) -> String {
    if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
    var text = String(format: "%.10g", number)
    if text.contains("."), !text.contains("e") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }

  /// `positive;negative;zero;text`, split outside quotes.
  static func sections(_ code: String) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    var escaped = false
    for character in code {
      if escaped {
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
      } else if character == ";" && !quoted {
        result.append(current)
        current = ""
        continue
      }
      current.append(character)
    }
    result.append(current)
    return result
  }

  enum Token: Equatable {
    case literal(String)
    /// A run of one letter of a date or time code: `yyyy`, `mm`, `d`, `h`.
    case date(Character, Int)
    /// `0`, `#`, `?`, `.`, `,`, `%`, `E`.
    case number(Character)

    var isDateToken: Bool {
      if case .date(let letter, _) = self { return "ymd".contains(letter) }
      return false
    }
  }

  static func tokens(_ section: String) -> [Token] {
    var tokens: [Token] = []
    var characters = Array(section)[...]
    while let character = characters.popFirst() {
      switch character {
      case "\"":
        var literal = ""
        while let next = characters.popFirst(), next != "\"" { literal.append(next) }
        tokens.append(.literal(literal))
      case "\\":
        if let next = characters.popFirst() { tokens.append(.literal(String(next))) }
      case "[":
        while let next = characters.popFirst(), next != "]" {}  // colour, locale, condition
      case "_", "*":
        _ = characters.popFirst()  // padding to the width of the next character
      case "0", "#", "?", ".", ",", "%", "E", "e", "+":
        tokens.append(.number(character))
      default:
        let letter = Character(character.lowercased())
        if "ymdhs".contains(letter) {
          var count = 1
          while characters.first.map({ Character($0.lowercased()) }) == letter {
            characters.removeFirst()
            count += 1
          }
          tokens.append(.date(letter, count))
        } else {
          tokens.append(.literal(String(character)))
        }
      }
    }
    return tokens
  }

  /// Placeholders after the decimal point give the decimals; a comma among them groups
  /// thousands; `%` multiplies by 100; literals keep their places around the number.
  static func numberText(_ number: Double, tokens: [Token]) -> String {
    var decimals = 0
    var afterPoint = false
    var grouped = false
    var percent = false
    for case .number(let character) in tokens {
      switch character {
      case ".": afterPoint = true
      case "0", "#", "?": if afterPoint { decimals += 1 }
      case ",": if !afterPoint { grouped = true }
      case "%": percent = true
      default: break
      }
    }
    let value = abs(percent ? number * 100 : number)
    var digits = String(format: "%.\(decimals)f", value)
    if grouped {
      let integer = digits.prefix { $0 != "." }
      let rest = digits.dropFirst(integer.count)
      var withCommas = ""
      for (offset, character) in integer.enumerated() {
        if offset > 0 && (integer.count - offset) % 3 == 0 { withCommas.append(",") }
        withCommas.append(character)
      }
      digits = withCommas + rest
    }
    var text = number < 0 ? "-" : ""
    var placed = false
    for token in tokens {
      switch token {
      case .literal(let literal): text += literal
      case .number(let character):
        if !placed {
          text += digits
          placed = true
        }
        if character == "%" { text += "%" }
      case .date: break
      }
    }
    return placed ? text : digits
  }

  /// The date (and time) of serial `number` in the given tokens: `m` after `h` or before `s`
  /// is minutes.
  func dateText(_ number: Double, tokens: [Token]) -> String {
    let days = Int(number.rounded(.down))
    // Serial 60 is the 29 February 1900 that never was (kept for Lotus 1-2-3).
    let offset = date1904 ? days + 1462 : (days < 60 ? days + 1 : days)
    let civil = Self.civilDate(daysSince18991230: offset)
    let seconds = Int(((number - Double(days)) * 86_400).rounded())
    var text = ""
    for (index, token) in tokens.enumerated() {
      switch token {
      case .literal(let literal): text += literal
      case .number(let character): text.append(character)
      case .date(let letter, let count):
        let previous = tokens[..<index].last {
          if case .date = $0 { return true } else { return false }
        }
        let next = tokens[(index + 1)...].first {
          if case .date = $0 { return true } else { return false }
        }
        let isMinutes =
          letter == "m" && count <= 2
          && (previous.map { $0 == .date("h", 1) || $0 == .date("h", 2) } == true
            || next.map { if case .date("s", _) = $0 { return true } else { return false } } == true)
        switch (letter, count) {
        case ("y", ...2): text += String(format: "%02d", civil.year % 100)
        case ("y", _): text += String(civil.year)
        case ("m", _) where isMinutes: text += String(format: "%02d", seconds / 60 % 60)
        case ("m", 1): text += String(civil.month)
        case ("m", 2): text += String(format: "%02d", civil.month)
        case ("m", 3): text += String(PeriodHeading.englishMonths[civil.month - 1].prefix(3))
        case ("m", _): text += Self.monthNames[civil.month - 1]
        case ("d", 1): text += String(civil.day)
        case ("d", 2): text += String(format: "%02d", civil.day)
        case ("d", _): text += "ddd"
        case ("h", _): text += String(format: count == 1 ? "%d" : "%02d", seconds / 3600)
        case ("s", _): text += String(format: "%02d", seconds % 60)
        default: break
        }
      }
    }
    return text
  }

  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// The proleptic Gregorian date `days` after 1899-12-30 (Howard Hinnant's civil_from_days).
  static func civilDate(daysSince18991230 days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days - 25_569 + 719_468  // 1899-12-30 is 25,569 days before 1970-01-01
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shifted = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shifted + 2) / 5 + 1
    let month = shifted < 10 ? shifted + 3 : shifted - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
