import Foundation
import NKSummary

/// The exact text of a `Decimal` — the same bytes as `Decimal.description` (no exponent, no
/// grouping, `.` point, the mantissa's digits as stored) — written straight into a byte buffer
/// without Foundation's digit-by-digit division or any allocation.
enum DecimalText {
  /// 10^19, the largest power of ten in a `UInt64`.
  private static let chunk: UInt128 = 10_000_000_000_000_000_000

  /// Appends the text of `value`; returns `false` (appending nothing) for NaN.
  @discardableResult
  static func append(_ value: Decimal, to out: inout [UInt8]) -> Bool {
    if DecimalStorage.layoutIsKnown { return appendFromStorage(value, to: &out) }
    if value.isNaN { return false }
    out.append(contentsOf: value.description.utf8)
    return true
  }

  private static func appendFromStorage(_ value: Decimal, to out: inout [UInt8]) -> Bool {
    if value.isNaN { return false }
    if value.isZero {
      out.append(UInt8(ascii: "0"))
      return true
    }
    // Up to 39 digits, written right to left into a fixed buffer.
    var digits: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)
    return withUnsafeMutableBytes(of: &digits) { raw -> Bool in
      let buffer = raw.bindMemory(to: UInt8.self)
      var start = buffer.count
      var rest = DecimalStorage.significand(value)
      while rest >= chunk {
        let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: chunk)
        var part = UInt64(truncatingIfNeeded: remainder)
        for _ in 0..<19 {
          start -= 1
          buffer[start] = UInt8(truncatingIfNeeded: part % 10) &+ 0x30
          part /= 10
        }
        rest = quotient
      }
      var part = UInt64(truncatingIfNeeded: rest)
      repeat {
        start -= 1
        buffer[start] = UInt8(truncatingIfNeeded: part % 10) &+ 0x30
        part /= 10
      } while part != 0
      let digitCount = buffer.count - start
      let exponent = value.exponent
      if value.sign == .minus { out.append(UInt8(ascii: "-")) }
      if exponent >= 0 {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        for _ in 0..<exponent { out.append(UInt8(ascii: "0")) }
      } else if -exponent < digitCount {
        let point = buffer.count + exponent
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<point]))
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[point...]))
      } else {
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "."))
        for _ in 0..<(-exponent - digitCount) { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
      }
      return true
    }
  }

  /// The text of `value`; `nil` for NaN.
  static func string(_ value: Decimal) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(48)
    guard append(value, to: &bytes) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }
}
