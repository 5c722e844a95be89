import Foundation
import NKPeriods

// Cell parsers: each returns the value or the reason the cell is wrong, phrased to follow
// "file:line: column: " in a problem message. Cells arrive trimmed of spaces and tabs.

enum Cell {
  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// `1,042` or `1,042,000`: digits grouped by three with commas.
  static func looksLikeThousands(_ bytes: [UInt8]) -> Bool {
    let groups = bytes.split(separator: 0x2C, omittingEmptySubsequences: false)
    guard groups.count >= 2, let head = groups.first, (1...3).contains(head.count) else {
      return false
    }
    return groups.allSatisfy { $0.allSatisfy(isDigit) }
      && groups.dropFirst().allSatisfy { $0.count == 3 }
  }

  /// A plain non-negative whole number (a count of people) no larger than `max`.
  static func count(_ text: String, max: Int) -> Result<Int, CellError> {
    let bytes = Array(text.utf8)
    if bytes.isEmpty { return .failure(.init("is blank")) }
    if bytes.allSatisfy(isDigit) {
      let significant = bytes.drop { $0 == 0x30 }
      if significant.count > 18 { return .failure(.init("is too large (at most \(max))")) }
      var value = 0
      for byte in significant { value = value * 10 + Int(byte - 0x30) }
      if value > max { return .failure(.init("is too large (at most \(max))")) }
      return .success(value)
    }
    if looksLikeThousands(bytes) {
      let plain = String(decoding: bytes.filter { $0 != 0x2C }, as: UTF8.self)
      return .failure(.init("thousands separators are not allowed: write \(plain)"))
    }
    if bytes.first == 0x2D, bytes.count > 1 {
      return .failure(.init("must not be negative"))
    }
    if let point = bytes.firstIndex(of: 0x2E), point > 0, point < bytes.count - 1,
      bytes[..<point].allSatisfy(isDigit), bytes[(point + 1)...].allSatisfy(isDigit)
    {
      return .failure(.init("must be a whole number"))
    }
    return .failure(.init("must be a whole number written with digits only"))
  }

  /// A decimal with `.` point and at most 18 digits, no sign, separators or exponent; exact.
  static func decimal(_ text: String) -> Result<Decimal, CellError> {
    let bytes = Array(text.utf8)
    if bytes.isEmpty { return .failure(.init("is blank")) }
    var mantissa: UInt64 = 0
    var digits = 0
    var fractionDigits = 0
    var seenPoint = false
    var wellFormed = true
    for (offset, byte) in bytes.enumerated() {
      if isDigit(byte) {
        if mantissa != 0 || byte != 0x30 { digits += 1 }
        if digits > 18 { return .failure(.init("has too many digits (at most 18)")) }
        mantissa = mantissa * 10 + UInt64(byte - 0x30)
        if seenPoint { fractionDigits += 1 }
      } else if byte == 0x2E, !seenPoint, offset > 0, offset < bytes.count - 1 {
        seenPoint = true
      } else {
        wellFormed = false
        break
      }
    }
    if wellFormed {
      if fractionDigits > 18 { return .failure(.init("has too many digits (at most 18)")) }
      return .success(
        Decimal(sign: .plus, exponent: -fractionDigits, significand: Decimal(mantissa)))
    }
    // Explain the most likely mistake.
    let integerPart = bytes.split(separator: 0x2E, maxSplits: 1, omittingEmptySubsequences: false)
    if let head = integerPart.first, looksLikeThousands(Array(head)),
      integerPart.count == 1 || integerPart[1].allSatisfy(isDigit)
    {
      let plain = String(decoding: bytes.filter { $0 != 0x2C }, as: UTF8.self)
      return .failure(.init("thousands separators are not allowed: write \(plain)"))
    }
    if bytes.first == 0x2D { return .failure(.init("must not be negative")) }
    if bytes.contains(where: { $0 == 0x65 || $0 == 0x45 }),
      bytes.allSatisfy({
        isDigit($0) || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || $0 == 0x2B || $0 == 0x2D
      })
    {
      return .failure(.init("must be written without an exponent"))
    }
    if bytes.contains(0x2C) {
      return .failure(.init("must use a . decimal point and no thousands separators"))
    }
    return .failure(.init("must be a decimal number such as 1900000000 or 4500000.50"))
  }

  static func period(_ text: String) -> Result<Period, CellError> {
    if text.isEmpty { return .failure(.init("is blank")) }
    switch Period.parse(text) {
    case .success(let period): return .success(period)
    case .failure(let error):
      switch error {
      case .empty: return .failure(.init("is blank"))
      case .malformed: return .failure(.init("must be YYYY-MM, YYYY, A..B or ..B"))
      case .impossibleMonth: return .failure(.init("no such month"))
      case .mixedSpan: return .failure(.init("a span must join two months or two years"))
      case .reversedSpan: return .failure(.init("the span ends before it starts"))
      }
    }
  }

  static func day(_ text: String) -> Result<Day, CellError> {
    if text.isEmpty { return .failure(.init("is blank")) }
    if let day = Day.parse(text) { return .success(day) }
    let bytes = Array(text.utf8)
    let shaped =
      bytes.count == 10 && bytes[4] == 0x2D && bytes[7] == 0x2D
      && bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || isDigit($0.element) }
    return .failure(.init(shaped ? "no such date" : "must be a date YYYY-MM-DD"))
  }

  static func month(_ text: String) -> Result<YearMonth, CellError> {
    if text.isEmpty { return .failure(.init("is blank")) }
    if let month = YearMonth.parse(text) { return .success(month) }
    let bytes = Array(text.utf8)
    let shaped =
      bytes.count == 7 && bytes[4] == 0x2D
      && bytes.enumerated().allSatisfy { $0.offset == 4 || isDigit($0.element) }
    return .failure(.init(shaped ? "no such month" : "must be a month YYYY-MM"))
  }

  /// An ISO 4217 code: three upper-case ASCII letters.
  static func currency(_ text: String) -> Result<String, CellError> {
    if text.isEmpty { return .failure(.init("is blank")) }
    let bytes = Array(text.utf8)
    if bytes.count == 3, bytes.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) { return .success(text) }
    if bytes.count == 3,
      bytes.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) })
    {
      return .failure(.init("ISO 4217 codes are upper case: write \(text.uppercased())"))
    }
    return .failure(.init("must be a three-letter ISO 4217 code such as KRW or USD"))
  }

  /// One of an enumeration's raw values, exactly.
  static func choice<Value: RawRepresentable & CaseIterable>(_ text: String, _: Value.Type)
    -> Result<Value, CellError> where Value.RawValue == String
  {
    if let value = Value(rawValue: text) { return .success(value) }
    let names = Value.allCases.map(\.rawValue)
    let list = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    if text.isEmpty { return .failure(.init("is blank (must be \(list))")) }
    if let value = Value(rawValue: text.lowercased()) {
      return .failure(.init("must be lower case: write \(value.rawValue)"))
    }
    return .failure(.init("must be \(list)"))
  }
}

struct CellError: Error, Equatable {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}

/// Edit distance for "did you mean" hints on column names (short strings only).
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.utf8)
  let b = Array(b.utf8)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
