import NKPeriods
import NKSummary

/// The digest's "Arrivals by year" series, shared by `digest.html` (bars) and `digest.txt`
/// (a line per row): every row of the annual table, oldest first. A multi-year row is labelled
/// as the span it is, the report's own year as the months it covers, and a row whose total is
/// not computable carries its reason instead of a value (a gap, never a zero bar).
struct DigestChart {
  struct Row {
    /// `2009`, `1999-2001`, `to 1998`.
    var label: String
    /// What the label alone does not say: `3 years`, `Jan-Nov`, `Jan 2002-Jun 2003`.
    var note: String?
    /// The row covers less than its whole year(s): the report's partial year, or data that
    /// starts or stops inside the row.
    var isPartial: Bool
    /// The row sums several years: its bar is not comparable with a single year's.
    var isSpan: Bool
    var total: Int?
    /// Men and women where both are known (they then make up the total).
    var male: Int?
    var female: Int?
    /// Why the total is not computable.
    var reason: String?

    /// `1999-2001 (3 years)`, `2018 (Jan-Nov)`, `2009`.
    var fullLabel: String { note.map { "\(label) (\($0))" } ?? label }
  }

  var rows: [Row]
  /// The largest total shown: the length of a full bar.
  var largest: Int

  var hasPartialRow: Bool { rows.contains(where: \.isPartial) }
  var hasSpanRow: Bool { rows.contains(where: \.isSpan) }
  var hasGap: Bool { rows.contains { $0.total == nil } }

  init(_ annual: [AnnualArrivals]) {
    rows = annual.map(Self.row)
    largest = rows.compactMap(\.total).max() ?? 0
  }

  static func row(_ annual: AnnualArrivals) -> Row {
    let isSpan = annual.firstYear != annual.lastYear
    var label = String(annual.lastYear)
    var note: String?
    if let firstYear = annual.firstYear, isSpan {
      label = "\(firstYear)-\(annual.lastYear)"
      note = "\(annual.lastYear - firstYear + 1) years"
    } else if annual.firstYear == nil {
      label = "to \(annual.lastYear)"
    }
    // Complete means "whole years and a known total": a not computable row is not partial.
    let isPartial = !annual.isComplete && annual.total.isKnown
    if isPartial, let first = annual.span.first {
      let last = annual.span.last
      if first.year == last.year {
        note =
          first == last
          ? Words.shortMonthName(first)
          : "\(Words.shortMonthName(first))-\(Words.shortMonthName(last))"
      } else {
        note = Words.shortWindow(.months(first, last))
      }
    }
    var male: Int?
    var female: Int?
    if let men = annual.male.value, let women = annual.female.value {
      male = men
      female = women
    }
    return Row(
      label: label, note: note, isPartial: isPartial, isSpan: isSpan, total: annual.total.value,
      male: male, female: female,
      reason: annual.total.unavailableReason.map {
        Words.withoutControlCharacters(Words.clause($0.message))
      }
    )
  }

  // MARK: Plain text

  /// Width of the longest bar in `digest.txt`, in characters.
  static let textBarWidth = 30

  /// `Arrivals by year` and a line per row: label, total, a bar of `#` scaled to the largest
  /// total (`+` for a partial row, so it is not read as a whole year); a gap with the reason
  /// where the total is not computable. ASCII except for text from the inputs.
  var textLines: [String] {
    guard !rows.isEmpty else { return [] }
    let labels = rows.map(\.fullLabel)
    let values = rows.map { $0.total.map(NumberText.grouped) ?? "n/a" }
    let labelWidth = labels.map(\.count).max() ?? 0
    let valueWidth = values.map(\.count).max() ?? 0
    var lines = ["Arrivals by year", ""]
    for (index, row) in rows.enumerated() {
      var line =
        Words.padRight(labels[index], labelWidth) + "  " + Words.padLeft(values[index], valueWidth)
      if let total = row.total {
        let length =
          largest > 0
          ? Int((Double(total) * Double(Self.textBarWidth) / Double(largest)).rounded()) : 0
        let bar = String(
          repeating: row.isPartial ? "+" : "#", count: max(total > 0 ? 1 : 0, length))
        if !bar.isEmpty { line += "  " + bar }
        lines.append(line)
      } else {
        let indent = String(repeating: " ", count: labelWidth + valueWidth + 4)
        let note = "not computable: " + (row.reason ?? "no reason given")
        let wrapped = Words.wrap(
          note, width: max(20, DigestText.width - indent.count), indent: "")
        lines.append(line + "  " + (wrapped.first ?? ""))
        lines += wrapped.dropFirst().map { indent + $0 }
      }
    }
    var key: [String] = []
    if hasSpanRow { key.append("a span of years is one bar for all its years") }
    if hasPartialRow { key.append("+ marks a part of a year (the months named)") }
    if !key.isEmpty {
      lines.append("")
      lines += Words.wrap(key.joined(separator: "; ") + ".", width: DigestText.width)
    }
    return lines
  }
}
