import Foundation
import NKPeriods

/// The digest's wording of figures and periods, for pages built outside this module (the
/// reports folder's `index.html`), so that a figure reads the same everywhere.
public enum ReportWording {
  /// `1,042`, `-3`.
  public static func count(_ value: Int) -> String { NumberText.grouped(value) }
  /// `+12`, `-3`, `0`.
  public static func signedCount(_ value: Int) -> String { NumberText.signedGrouped(value) }
  /// `-0.3%`, `+12.5%`; `nil` for NaN or infinity.
  public static func signedPercent(_ fraction: Double) -> String? {
    NumberText.percent(fraction, signed: true)
  }
  /// `4.7 billion won`.
  public static func won(_ value: Decimal) -> String? { NumberText.won(value) }
  /// `US$ 4.2 million`.
  public static func dollars(_ value: Decimal) -> String? { NumberText.dollars(value) }
  /// `November 2018`.
  public static func monthYear(_ month: YearMonth) -> String { Words.monthYear(month) }
  /// `January-November 2018`.
  public static func window(_ period: Period) -> String { Words.window(period) }
  /// `text` with control characters replaced by spaces.
  public static func withoutControlCharacters(_ text: String) -> String {
    Words.withoutControlCharacters(text)
  }
  /// Escapes text for HTML element content and attribute values.
  public static func htmlEscaped(_ text: String) -> String { DigestHTML.escape(text) }
}
