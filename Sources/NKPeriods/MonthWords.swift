/// Month names and spans of months in words, the one source for every stage that words them
/// (NKSummary's reasons, the workbook, the digest, the warnings), with one dash style: an en
/// dash between the ends of a span ("January–November 2018").
public enum MonthWords {
  public static let names = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  /// `November`.
  public static func name(_ month: YearMonth) -> String { names[month.month - 1] }
  /// `Nov`.
  public static func shortName(_ month: YearMonth) -> String { String(name(month).prefix(3)) }

  /// `January–November 2018`, `November 2018`, `2018` (a whole year), `November 2017–February
  /// 2018`, `everything up to November 2018` (an open start).
  public static func span(_ period: Period) -> String {
    if let first = period.first, first.year == period.last.year, first.month == 1,
      period.last.month == 12
    {
      return String(period.last.year)
    }
    return monthSpan(period)
  }

  /// `span`, but a whole year is named by its months too: `January–December 2025` (a title
  /// that names the months the report covers).
  public static func monthSpan(_ period: Period) -> String {
    let last = period.last
    guard let first = period.first else { return "everything up to \(name(last)) \(last.year)" }
    if first == last { return "\(name(last)) \(last.year)" }
    if first.year == last.year { return "\(name(first))–\(name(last)) \(last.year)" }
    return "\(name(first)) \(first.year)–\(name(last)) \(last.year)"
  }

  /// `Jan–Nov 2018`, `Nov 2018`, `Nov 2017–Feb 2018`, `to Nov 2018` (an open start): for
  /// table headings.
  public static func shortSpan(_ period: Period) -> String {
    let last = period.last
    guard let first = period.first else { return "to \(shortName(last)) \(last.year)" }
    if first == last { return "\(shortName(last)) \(last.year)" }
    if first.year == last.year { return "\(shortName(first))–\(shortName(last)) \(last.year)" }
    return "\(shortName(first)) \(first.year)–\(shortName(last)) \(last.year)"
  }
}
