import Foundation

/// Reading the table's figures: counts with or without thousands separators, as text or
/// numeric cells, and the rounded female ratio.
public enum Figures {
  static let maxCount = 1_000_000_000

  static func count(_ cell: SourceCell?) -> Checked<Int, String> {
    guard let cell else { return .failure("is blank: every figure of the table is needed") }
    if cell.isUncomputedFormula { return .failure(SourceCell.uncomputedFormula) }
    let text = cell.text.trimmingSpaces
    if text.isEmpty { return .failure("is blank: every figure of the table is needed") }
    if cell.isNumber {
      guard let value = Double(text), value.isFinite else {
        return .failure("is not a number (\(text.debugDescription))")
      }
      guard value >= 0, value == value.rounded(), value <= Double(maxCount) else {
        return .failure("must be a whole number of people (\(text))")
      }
      return .success(Int(value))
    }
    let groups = text.split(separator: ",", omittingEmptySubsequences: false)
    let wellGrouped =
      groups.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
      && (groups.count == 1
        || ((1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }))
    guard wellGrouped, let value = Int(groups.joined()), value <= maxCount else {
      return .failure("is not a count of people (\(text.debugDescription))")
    }
    return .success(value)
  }

  /// `1,142`: how the table prints figures, for messages.
  public static func grouped(_ value: Int) -> String {
    let digits = String(value)
    var result = ""
    for (offset, character) in digits.enumerated() {
      if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return result
  }

  /// Why the ratio cell disagrees with female ÷ total to its printed precision; `nil` when it
  /// agrees or is blank (`-`, as printed for an empty column).
  ///
  /// A text cell is a percentage (`12.2%` or `12.2`); a numeric cell is a fraction when at
  /// most 1 (a percent-formatted cell stores 0.122) and a percentage otherwise.
  static func ratioDisagreement(_ cell: SourceCell?, female: Int, total: Int) -> String? {
    guard let cell else { return nil }
    if cell.isUncomputedFormula { return SourceCell.uncomputedFormula }
    var text = cell.text.trimmingSpaces
    if text.isEmpty || text == "-" || text == "–" { return nil }
    // A numeric cell holds a binary double as its writer printed it (0.5529999999999999 for
    // 55.3%); ten decimals, trailing zeros dropped, give back the figure typed (0.553).
    if cell.isNumber, let value = Double(text), value.isFinite, value >= 0, value < 1e6 {
      text = String(format: "%.10f", value)
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    let hadPercent = text.hasSuffix("%")
    if hadPercent { text = String(text.dropLast()).trimmingSpaces }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
      !parts[0].isEmpty || parts.count == 2, let printed = Double(text)
    else { return "is not a percentage (\(cell.text.debugDescription))" }
    var decimals = parts.count == 2 ? parts[1].count : 0
    var percent = printed
    if cell.isNumber && !hadPercent && printed <= 1 {
      percent = printed * 100
      decimals = max(0, decimals - 2)
    }
    guard total > 0 else {
      return percent == 0 ? nil : "is \(cell.text) but the total is 0"
    }
    let exact = Double(female) * 100 / Double(total)
    // Within half a unit of the last printed digit (and a hair for binary fractions).
    let halfUnit = 0.5 * pow(10, -Double(min(decimals, 12)))
    if abs(exact - percent) <= halfUnit + 1e-9 { return nil }
    let places = min(max(decimals, 1), 6)
    let shown = String(format: "%.\(places)f%%", exact)
    let printedText =
      hadPercent || !cell.isNumber ? cell.text : String(format: "%.\(places)f%%", percent)
    return
      "the printed female ratio \(printedText) is not female ÷ total = \(grouped(female)) ÷ \(grouped(total)) = \(shown) (the counts are imported; the ratio is only presentation)"
  }
}
