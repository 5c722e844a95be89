internal import CXlsxWriter

/// A calendar date with an optional time of day, written to Excel as a date serial number.
///
/// It has no time zone: it is exactly what the cell will show.
public struct CalendarDate: Hashable, Sendable, Comparable {
  public var year: Int
  public var month: Int
  public var day: Int
  public var hour: Int
  public var minute: Int
  public var second: Double

  /// Creates a date (and optionally a time). Excel accepts years 1900–9999.
  public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Double = 0) {
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// True when the time of day is not midnight.
  public var hasTime: Bool { hour != 0 || minute != 0 || second != 0 }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
      < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
  }

  /// True if this is a real date and time Excel can store.
  public var isValid: Bool {
    guard (1900...9999).contains(year), (1...12).contains(month) else { return false }
    guard (1...Self.daysIn(month: month, year: year)).contains(day) else { return false }
    return (0...23).contains(hour) && (0...59).contains(minute) && second >= 0 && second < 60
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  var lxw: lxw_datetime {
    lxw_datetime(
      year: Int32(year), month: Int32(month), day: Int32(day), hour: Int32(hour),
      min: Int32(minute), sec: second)
  }
}
