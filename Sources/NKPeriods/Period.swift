/// A `period` cell of the contract: `YYYY-MM`, `YYYY`, `A..B` (both months or both years,
/// inclusive) or `..B` (everything up to and including B).
public struct Period: Hashable, Sendable, CustomStringConvertible {
  public enum Form: Hashable, Sendable {
    case month, year, monthSpan, yearSpan, monthsUpTo, yearsUpTo
  }

  public let form: Form
  /// First month covered; `nil` for `..B`, which covers everything before B as well.
  public let first: YearMonth?
  /// Last month covered.
  public let last: YearMonth

  public init(form: Form, first: YearMonth?, last: YearMonth) {
    self.form = form
    self.first = first
    self.last = last
  }

  public static func month(_ month: YearMonth) -> Period {
    Period(form: .month, first: month, last: month)
  }

  /// Months `first...last` as a span (a single month when they are equal).
  public static func months(_ first: YearMonth, _ last: YearMonth) -> Period {
    Period(form: first == last ? .month : .monthSpan, first: first, last: last)
  }

  /// Ordinal of the first month; `Int.min` stands for the open start of `..B`.
  public var firstOrdinal: Int { first?.ordinal ?? Int.min }
  public var lastOrdinal: Int { last.ordinal }

  public var isOpenStart: Bool { first == nil }

  /// True when every month of `other` is inside this period.
  public func contains(_ other: Period) -> Bool {
    firstOrdinal <= other.firstOrdinal && other.lastOrdinal <= lastOrdinal
  }

  public func contains(_ month: YearMonth) -> Bool {
    firstOrdinal <= month.ordinal && month.ordinal <= lastOrdinal
  }

  public func overlaps(_ other: Period) -> Bool {
    firstOrdinal <= other.lastOrdinal && other.firstOrdinal <= lastOrdinal
  }

  /// Canonical text, as it would be written in an input file.
  public var description: String {
    switch form {
    case .month: return last.description
    case .year: return String(last.year)
    case .monthSpan: return "\(first!)..\(last)"
    case .yearSpan: return "\(first!.year)..\(last.year)"
    case .monthsUpTo: return "..\(last)"
    case .yearsUpTo: return "..\(last.year)"
    }
  }

  /// Why a `period` cell could not be read.
  public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case malformed
    case impossibleMonth
    case mixedSpan
    case reversedSpan

    public var description: String {
      switch self {
      case .empty: return "period is empty"
      case .malformed: return "period must be YYYY-MM, YYYY, A..B or ..B"
      case .impossibleMonth: return "no such month"
      case .mixedSpan: return "span must join two months or two years"
      case .reversedSpan: return "span ends before it starts"
      }
    }
  }

  public static func parse(_ text: Substring) -> Result<Period, ParseError> {
    if text.isEmpty { return .failure(.empty) }
    if let range = text.firstRange(of: "..") {
      let start = text[text.startIndex..<range.lowerBound]
      let end = text[range.upperBound...]
      let endBound: Bound
      switch Bound.parse(end) {
      case .success(let bound): endBound = bound
      case .failure(let error): return .failure(error)
      }
      if start.isEmpty {
        switch endBound {
        case .month(let month): return .success(Period(form: .monthsUpTo, first: nil, last: month))
        case .year(let year):
          return .success(Period(form: .yearsUpTo, first: nil, last: .december(year)!))
        }
      }
      switch (Bound.parse(start), endBound) {
      case (.failure(let error), _): return .failure(error)
      case (.success(.month(let a)), .month(let b)):
        return a <= b
          ? .success(Period(form: .monthSpan, first: a, last: b)) : .failure(.reversedSpan)
      case (.success(.year(let a)), .year(let b)):
        return a <= b
          ? .success(Period(form: .yearSpan, first: .january(a)!, last: .december(b)!))
          : .failure(.reversedSpan)
      default: return .failure(.mixedSpan)
      }
    }
    switch Bound.parse(text) {
    case .success(.month(let month)): return .success(.month(month))
    case .success(.year(let year)):
      return .success(Period(form: .year, first: .january(year)!, last: .december(year)!))
    case .failure(let error): return .failure(error)
    }
  }

  public static func parse(_ text: String) -> Result<Period, ParseError> { parse(Substring(text)) }

  private enum Bound {
    case month(YearMonth)
    case year(Int)

    static func parse(_ text: Substring) -> Result<Bound, ParseError> {
      let bytes = Array(text.utf8)
      if bytes.count == 4, let year = Int(digits: bytes[...]) {
        return YearMonth.yearRange.contains(year) ? .success(.year(year)) : .failure(.malformed)
      }
      if bytes.count == 7, bytes[4] == UInt8(ascii: "-"), let year = Int(digits: bytes[0..<4]),
        let month = Int(digits: bytes[5..<7])
      {
        guard let value = YearMonth(year: year, month: month) else {
          return .failure(.impossibleMonth)
        }
        return .success(.month(value))
      }
      return .failure(.malformed)
    }
  }
}
