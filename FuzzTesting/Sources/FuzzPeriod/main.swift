import FuzzSupport
import NKPeriods

// The period grammar: whatever parses prints back to text that parses to the same value,
// spans run forwards, and months and days keep to the calendar.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPeriod(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: bytes(data, size), as: UTF8.self)
  if case .success(let period) = Period.parse(text) {
    check(Period.parse(period.description) == .success(period), "round trip \(period)")
    check(period.firstOrdinal <= period.lastOrdinal, "reversed \(period)")
    check(period.contains(period) && period.contains(period.last), "contains \(period)")
    if let first = period.first {
      check(period.contains(first) && period.overlaps(.month(first)), "first \(period)")
    }
  }
  if let month = YearMonth.parse(text) {
    check(YearMonth.parse(month.description) == month, "round trip \(month)")
    check((1...12).contains(month.month), "month \(month)")
    check(YearMonth(ordinal: month.ordinal) == month, "ordinal \(month)")
  }
  if let day = Day.parse(text) {
    check(Day.parse(day.description) == day, "round trip \(day)")
    check((1...day.yearMonth.dayCount).contains(day.day), "day \(day)")
  }
  return 0
}
