import Foundation

/// Locale-independent number text for the CSV files and the digest. Nothing here reads the
/// process locale: digits are ASCII, the decimal point is `.`, and grouping is explicit.
enum NumberText {
  // MARK: Machine-readable (CSV)

  /// The exact value of `value`, without exponent or grouping: `4700000000`, `4179635.39`.
  /// `nil` for NaN, which the CSV shows as a blank cell.
  static func plain(_ value: Decimal) -> String? {
    DecimalText.string(value)
  }

  /// A fraction rounded half away from zero to `places` decimals, trailing zeros dropped:
  /// `-0.0029`, `0.5`, `0`. `nil` for NaN or infinity.
  static func fraction(_ value: Double, places: Int = 4) -> String? {
    guard value.isFinite else { return nil }
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
    guard abs(scaled) < 9e15 else { return nil }
    return fixedPoint(Int(scaled), places: places, trimZeros: true)
  }

  /// `units / 10^places` as text, e.g. `fixedPoint(-29, places: 4)` is `-0.0029`.
  static func fixedPoint(_ units: Int, places: Int, trimZeros: Bool) -> String {
    let magnitude = units.magnitude
    var divisor: UInt = 1
    for _ in 0..<places { divisor *= 10 }
    let integerPart = magnitude / divisor
    var fractionDigits = String(magnitude % divisor)
    fractionDigits =
      String(repeating: "0", count: max(0, places - fractionDigits.count)) + fractionDigits
    if trimZeros {
      while fractionDigits.last == "0" { fractionDigits.removeLast() }
    }
    let body = fractionDigits.isEmpty ? String(integerPart) : "\(integerPart).\(fractionDigits)"
    return units < 0 ? "-" + body : body
  }

  // MARK: Human-readable (digest)

  /// `1,042`, `-3`, `32,381`.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    return (value < 0 ? "-" : "") + groupDigits(digits)
  }

  /// Inserts `,` every three digits from the right of an all-digit string.
  static func groupDigits(_ digits: String) -> String {
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return result
  }

  /// A signed count for the change column: `+12`, `-3`, `0`.
  static func signedGrouped(_ value: Int) -> String {
    value > 0 ? "+" + grouped(value) : grouped(value)
  }

  /// A fraction as a percentage with one decimal: `-0.3%`, `+12.5%`, `0.0%`.
  static func percent(_ fraction: Double, signed: Bool) -> String? {
    guard fraction.isFinite else { return nil }
    let tenths = (fraction * 1000).rounded(.toNearestOrAwayFromZero)
    guard abs(tenths) < 9e15 else { return nil }
    let units = Int(tenths)
    let text = fixedPoint(units, places: 1, trimZeros: false)
    return (signed && units > 0 ? "+" : "") + text + "%"
  }

  /// `value` rounded half away from zero to `scale` decimals.
  static func rounded(_ value: Decimal, scale: Int) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, scale, .plain)
    return result
  }

  /// A money amount rounded to whole units with grouping: `4,700,000,000`.
  static func groupedWhole(_ value: Decimal) -> String? {
    guard let text = plain(rounded(value, scale: 0)) else { return nil }
    return text.hasPrefix("-") ? "-" + groupDigits(String(text.dropFirst())) : groupDigits(text)
  }

  /// `4.7 billion won`, `520 million won`, `2.4 million won`, `850,000 won`,
  /// `1.2 trillion won`. Millions keep one decimal below 100 million, where a whole number
  /// would hide a tenth or more of the amount.
  static func won(_ value: Decimal) -> String? {
    let magnitude = value < 0 ? -value : value
    let millionPlaces = magnitude < power10(8) ? 1 : 0
    guard
      let amount = scaledAmount(
        value, units: [(12, "trillion", 1), (9, "billion", 1), (6, "million", millionPlaces)])
    else { return nil }
    return amount + " won"
  }

  /// `US$ 4.2 million`, `US$ 8.0 million`, `US$ 1.3 billion`, `US$ 45,300`.
  static func dollars(_ value: Decimal) -> String? {
    guard let amount = scaledAmount(value, units: [(9, "billion", 1), (6, "million", 1)]) else {
      return nil
    }
    return "US$ " + amount
  }

  /// Picks the largest unit the rounded value reaches (a million rounding up to 1,000 million
  /// becomes 1.0 billion), else whole units with grouping.
  private static func scaledAmount(
    _ value: Decimal, units: [(power: Int, name: String, places: Int)]
  )
    -> String?
  {
    if value.isNaN { return nil }
    let magnitude = value < 0 ? -value : value
    let sign = value < 0 ? "-" : ""
    for (index, unit) in units.enumerated() where magnitude >= power10(unit.power) {
      let scaled = rounded(magnitude / power10(unit.power), scale: unit.places)
      // A larger unit was skipped because the value was below it; rounding may reach it.
      if index > 0, scaled >= 1000 {
        let larger = units[index - 1]
        let promoted = rounded(magnitude / power10(larger.power), scale: larger.places)
        return sign + decimalText(promoted, places: larger.places) + " " + larger.name
      }
      return sign + decimalText(scaled, places: unit.places) + " " + unit.name
    }
    guard let whole = groupedWhole(magnitude) else { return nil }
    return sign + whole
  }

  private static func power10(_ power: Int) -> Decimal {
    Decimal(sign: .plus, exponent: power, significand: 1)
  }

  /// A rounded Decimal with exactly `places` decimals and grouped integer digits.
  private static func decimalText(_ value: Decimal, places: Int) -> String {
    let text = plain(value) ?? "0"
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let integer = groupDigits(String(parts[0]))
    guard places > 0 else { return integer }
    var fraction = parts.count > 1 ? String(parts[1]) : ""
    fraction += String(repeating: "0", count: max(0, places - fraction.count))
    return integer + "." + fraction
  }
}

extension Character {
  var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
