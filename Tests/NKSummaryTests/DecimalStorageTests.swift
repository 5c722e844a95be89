import Foundation
import TestRandom
import Testing

@testable import NKSummary

private func bytes(_ value: Decimal) -> [UInt8] {
  var copy = value
  return withUnsafeBytes(of: &copy) { Array($0) }
}

@Suite("Decimal storage")
struct DecimalStorageTests {
  @Test func layoutIsUnderstood() {
    #expect(DecimalStorage.layoutIsKnown)
    #expect(DecimalStorage.significand(Decimal(string: "4179635.39")!) == 417_963_539)
    #expect(
      DecimalStorage.significand(Decimal(string: "340282366920938463463374607431768211455")!)
        == UInt128.max)
    #expect(DecimalStorage.significand(0) == 0)
  }

  /// Amounts as the ledger parser makes them (up to 18 digits, up to 18 decimals), and others:
  /// `timesOne` must give the very Decimal Foundation's `* 1` gives, field for field.
  @Test func timesOneIsFoundationsMultiplication() {
    var random = SplitMix64(seed: 42)
    func next() -> UInt64 { random.next() }
    var values: [Decimal] = [0, 1, 10, 100, Decimal(string: "0.50")!, Decimal(1) / Decimal(3)]
    for _ in 0..<100_000 {
      let mantissa = next() % 1_000_000_000_000_000_000
      let fraction = Int(next() % 19)
      let parsed = Decimal(sign: .plus, exponent: -fraction, significand: Decimal(mantissa))
      values.append(parsed)
      values.append(parsed / Decimal(string: "1125.35")!)
      values.append(
        Decimal(sign: .plus, exponent: Int(next() % 20), significand: Decimal(mantissa)))
    }
    for value in values {
      #expect(bytes(DecimalStorage.timesOne(value)) == bytes(value * 1), "\(value)")
    }
  }
}
