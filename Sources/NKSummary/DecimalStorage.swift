import Foundation

/// Reads a `Decimal`'s mantissa from its storage, for exact work without Foundation's
/// general-purpose (allocating) arithmetic. On Linux, Foundation keeps `_mantissa`, `_length`
/// and `_exponent` internal; the layout (20 bytes, little-endian) is: byte 0 the exponent,
/// byte 1 the flags with `_length` in its top four bits, bytes 4..<20 eight 16-bit mantissa
/// words. `layoutIsKnown` checks this once against Foundation's own `description`; callers
/// fall back to Foundation when it is `false`.
package enum DecimalStorage {
  /// The mantissa as one integer (words past `_length` ignored, as Foundation does).
  @inline(__always)
  package static func significand(_ value: Decimal) -> UInt128 {
    var copy = value
    return withUnsafeBytes(of: &copy) { raw -> UInt128 in
      let length = Int(raw[1] >> 4)
      let low = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
      let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
      let all = UInt128(high) << 64 | UInt128(low)
      return length >= 8 ? all : all & ((1 << (16 * length)) - 1)
    }
  }

  /// Whether `significand` reads this Foundation's `Decimal` correctly: the digits of the
  /// significand of probes of every mantissa length and sign must be those `description`
  /// prints (all probes have exponent ≤ 0 and no leading zero).
  package static let layoutIsKnown: Bool = {
    guard MemoryLayout<Decimal>.size == 20 else { return false }
    let probes: [Decimal] = [
      "4179635.39", "-0.000000000005", "-4700000000.5", "340282366920938463463374607431768211455",
      "7", "-18446744073709551617.5", "281474976710656", "123456789012.3456789",
      "1234567890123456789012345.67",
    ].compactMap { Decimal(string: $0) }
    return probes.count == 9
      && probes.allSatisfy { probe in
        var digits = probe.description.filter { $0 != "-" && $0 != "." }
        while digits.count > 1 && digits.first == "0" { digits.removeFirst() }
        return probe.exponent <= 0 && String(significand(probe)) == digits
      }
  }()

  /// 10^0 … 10^38, the powers of ten a mantissa can hold.
  package static let powersOfTen: [UInt128] = {
    var powers: [UInt128] = [1]
    for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
    return powers
  }()

  /// `value * 1`, as Foundation computes it, without the multiplication when that is exact
  /// and changes nothing: a mantissa with no trailing zero digit (or zero) stays as it is.
  @inline(__always)
  package static func timesOne(_ value: Decimal) -> Decimal {
    guard layoutIsKnown, !value.isNaN else { return value * 1 }
    if value.isZero { return value }
    let mantissa = significand(value)
    return mantissa % 10 != 0 ? value : value * 1
  }
}
