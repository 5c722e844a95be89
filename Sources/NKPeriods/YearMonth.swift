/// A calendar month, the unit every figure in the contract is counted in.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  public let month: Int

  public static let yearRange = 1000...9999

  /// Creates a month; `nil` when `month` is not 1…12 or `year` has not four digits.
  public init?(year: Int, month: Int) {
    guard Self.yearRange.contains(year), (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  /// Months since year 0, so spans can be compared and counted with integer arithmetic.
  public var ordinal: Int { year * 12 + (month - 1) }

  public init?(ordinal: Int) {
    // Checked first: far-off ordinals (such as the open start, Int.min) would overflow below.
    guard (Self.yearRange.lowerBound * 12...Self.yearRange.upperBound * 12 + 11).contains(ordinal)
    else { return nil }
    self.init(year: ordinal.floorDiv(12), month: ordinal.floorMod(12) + 1)
  }

  public static func january(_ year: Int) -> YearMonth? { YearMonth(year: year, month: 1) }
  public static func december(_ year: Int) -> YearMonth? { YearMonth(year: year, month: 12) }

  /// The month `count` months later (earlier when negative); `nil` outside the year range.
  public func adding(months count: Int) -> YearMonth? { YearMonth(ordinal: ordinal + count) }

  public var previous: YearMonth? { adding(months: -1) }
  public var next: YearMonth? { adding(months: 1) }

  public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }

  /// `YYYY-MM`.
  public var description: String { "\(year)-\(month.zeroPadded(2))" }

  /// Number of days in this month (Gregorian).
  public var dayCount: Int {
    switch month {
    case 2: return Self.isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  /// Parses exactly `YYYY-MM`.
  public static func parse(_ text: Substring) -> YearMonth? {
    let bytes = Array(text.utf8)
    guard bytes.count == 7, bytes[4] == UInt8(ascii: "-"),
      let year = Int(digits: bytes[0..<4]), let month = Int(digits: bytes[5..<7])
    else { return nil }
    return YearMonth(year: year, month: month)
  }

  public static func parse(_ text: String) -> YearMonth? { parse(Substring(text)) }
}

/// A calendar day (ISO `YYYY-MM-DD`), with no time zone: the contract's dates are civil dates.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let yearMonth: YearMonth
  public let day: Int

  public init?(year: Int, month: Int, day: Int) {
    guard let yearMonth = YearMonth(year: year, month: month),
      (1...yearMonth.dayCount).contains(day)
    else { return nil }
    self.yearMonth = yearMonth
    self.day = day
  }

  public var year: Int { yearMonth.year }
  public var month: Int { yearMonth.month }

  public var isMonthEnd: Bool { day == yearMonth.dayCount }

  /// The last day of `month`.
  public static func end(of month: YearMonth) -> Day {
    // The month is valid, so its last day always is.
    Day(uncheckedMonth: month, day: month.dayCount)
  }

  private init(uncheckedMonth: YearMonth, day: Int) {
    self.yearMonth = uncheckedMonth
    self.day = day
  }

  public static func < (lhs: Day, rhs: Day) -> Bool {
    (lhs.yearMonth, lhs.day) < (rhs.yearMonth, rhs.day)
  }

  /// `YYYY-MM-DD`.
  public var description: String { "\(yearMonth)-\(day.zeroPadded(2))" }

  /// Days since 1970-01-01 (proleptic Gregorian), for spreadsheet dates and fixed timestamps.
  public var daysSinceUnixEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = y.floorDiv(400)
    let yearOfEra = y - era * 400
    let shiftedMonth = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// Parses exactly `YYYY-MM-DD`; `nil` for malformed text or an impossible date.
  public static func parse(_ text: Substring) -> Day? {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let year = Int(digits: bytes[0..<4]), let month = Int(digits: bytes[5..<7]),
      let day = Int(digits: bytes[8..<10])
    else { return nil }
    return Day(year: year, month: month, day: day)
  }

  public static func parse(_ text: String) -> Day? { parse(Substring(text)) }
}

extension Int {
  /// Parses ASCII digits only (no sign, no spaces); `nil` otherwise.
  init?(digits: ArraySlice<UInt8>) {
    guard !digits.isEmpty, digits.count <= 18 else { return nil }
    var value = 0
    for byte in digits {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    self = value
  }

  func floorDiv(_ divisor: Int) -> Int {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }

  func floorMod(_ divisor: Int) -> Int { self - floorDiv(divisor) * divisor }

  func zeroPadded(_ width: Int) -> String {
    let text = String(self)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }
}
