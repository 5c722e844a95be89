import Foundation

/// The exact text of a `Decimal` — the same bytes as `Decimal.description` (no exponent, no
/// grouping, `.` point, the mantissa's digits as stored) — written straight into a byte buffer
/// without Foundation's digit-by-digit division or any allocation.
enum DecimalText {
  /// 10^19, the largest power of ten in a `UInt64`.
  private static let chunk: UInt128 = 10_000_000_000_000_000_000

  /// The mantissa as one integer, read from the value's storage: on Linux, Foundation keeps
  /// `_mantissa` internal. Layout (20 bytes, little-endian): byte 0 the exponent, byte 1 the
  /// flags with `_length` in its top four bits, bytes 4..<20 eight 16-bit mantissa words
  /// (words past `_length` ignored, as Foundation does). `layoutIsKnown` checks this once.
  @inline(__always)
  static func significand(_ value: Decimal) -> UInt128 {
    var copy = value
    return withUnsafeBytes(of: &copy) { raw -> UInt128 in
      let length = Int(raw[1] >> 4)
      let low = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
      let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
      let all = UInt128(high) << 64 | UInt128(low)
      return length >= 8 ? all : all & ((1 << (16 * length)) - 1)
    }
  }

  /// Whether `significand` reads this Foundation's `Decimal` correctly: checked once against
  /// `description` on values of every mantissa length, sign and exponent kind.
  static let layoutIsKnown: Bool = {
    guard MemoryLayout<Decimal>.size == 20 else { return false }
    let probes: [Decimal] = [
      Decimal(string: "4179635.39"), Decimal(string: "-0.000000000005"),
      Decimal(string: "1").map { $0 / 1125.35 }, Decimal(string: "-4700000000"),
      Decimal(string: "340282366920938463463374607431768211455"), Decimal(string: "7"),
      Decimal(string: "-18446744073709551617.5"), Decimal(string: "281474976710656"),
    ].compactMap { $0 }
    return probes.count == 8
      && probes.allSatisfy { probe in
        var bytes: [UInt8] = []
        return appendFromStorage(probe, to: &bytes)
          && String(decoding: bytes, as: UTF8.self) == probe.description
      }
  }()

  /// Appends the text of `value`; returns `false` (appending nothing) for NaN.
  @discardableResult
  static func append(_ value: Decimal, to out: inout [UInt8]) -> Bool {
    if layoutIsKnown { return appendFromStorage(value, to: &out) }
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
      var rest = significand(value)
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
