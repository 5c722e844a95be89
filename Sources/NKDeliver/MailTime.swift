import Foundation

/// RFC 3339 UTC time with seconds, without Foundation's locale-dependent formatters.
func utcTimestamp(_ date: Date) -> String {
  let (year, month, day, hour, minute, second, _) = civilTime(date)
  func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
  return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z"
}

/// RFC 5322 `Date:` value in UTC: `Tue, 01 Dec 2026 19:30:00 +0000`.
func mailDate(_ date: Date) -> String {
  let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
  let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
  let (year, month, day, hour, minute, second, weekday) = civilTime(date)
  func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
  return
    "\(weekdays[weekday]), \(two(day)) \(months[month - 1]) \(year) \(two(hour)):\(two(minute)):\(two(second)) +0000"
}

/// Year, month, day, hour, minute, second and weekday (0 = Sunday) of `date` in UTC
/// (days-from-civil inverse, H. Hinnant).
private func civilTime(_ date: Date) -> (Int, Int, Int, Int, Int, Int, Int) {
  let seconds = Int(date.timeIntervalSince1970.rounded(.down))
  let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
  let secondOfDay = seconds - days * 86_400
  let shifted = days + 719_468
  let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
  let dayOfEra = shifted - era * 146_097
  let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
  let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
  let monthIndex = (5 * dayOfYear + 2) / 153
  let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
  let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
  let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  let weekday = ((days % 7) + 7 + 4) % 7  // 1970-01-01 was a Thursday
  return (
    year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60, weekday
  )
}
