import Foundation
import TestRandom
import Testing

@testable import NKRender

@Suite("Money at its minor unit")
struct MinorUnitTests {
  static func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

  @Test func exponentsFollowISO4217() {
    #expect(MinorUnit.exponent("KRW") == 0)
    #expect(MinorUnit.exponent("JPY") == 0)
    #expect(MinorUnit.exponent("USD") == 2)
    #expect(MinorUnit.exponent("EUR") == 2)
    #expect(MinorUnit.exponent("KWD") == 3)
    #expect(MinorUnit.exponent("CLF") == 4)
  }

  @Test func tiesRoundToEvenOnceAtTheMinorUnit() {
    let cases: [(String, Int, String)] = [
      ("2519000.125", 2, "2519000.12"), ("2519000.135", 2, "2519000.14"),
      ("2850000000.5", 0, "2850000000"), ("3.5", 0, "4"), ("-2.5", 0, "-2"),
      ("4182377.65973739333300744263760215946", 2, "4182377.66"), ("8000000", 2, "8000000.00"),
      ("0.5", 2, "0.50"), ("1.2345", 3, "1.234"), ("0", 2, "0.00"),
    ]
    for (value, places, expected) in cases {
      #expect(MinorUnit.string(Self.decimal(value), places: places) == expected, "\(value)")
    }
  }

  @Test func aLedgerAmountIsPaddedNeverRounded() {
    var bytes: [UInt8] = []
    MinorUnit.appendAmount(Self.decimal("4500000"), currency: "USD", to: &bytes)
    bytes.append(UInt8(ascii: " "))
    MinorUnit.appendAmount(Self.decimal("0.125"), currency: "USD", to: &bytes)
    bytes.append(UInt8(ascii: " "))
    MinorUnit.appendAmount(Self.decimal("1900000000"), currency: "KRW", to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == "4500000.00 0.125 1900000000")
  }

  /// The fast rounding against Foundation's: `NSDecimalRound` half-even, then the text padded
  /// to `places`, on random values of every size (ties made on purpose one case in four).
  @Test func roundingMatchesFoundationOnRandomValues() {
    var random = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
    func next() -> UInt64 { random.next() }
    for index in 0..<5_000 {
      let places = Int(next() % 5)
      var digits = String(next() % 1_000_000_000_000)
      if next() % 2 == 0 { digits += String(next()) }
      if index % 4 == 0 { digits += "5" + String(repeating: "0", count: Int(next() % 3)) }
      let scale = Int(next() % 24)
      var text = digits
      if scale > 0 && scale < text.count {
        text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
      }
      if next() % 3 == 0 { text = "-" + text }
      guard let value = Decimal(string: text) else { continue }
      var input = value
      var rounded = Decimal()
      NSDecimalRound(&rounded, &input, places, .bankers)
      var expected = rounded.description
      if places > 0 {
        if !expected.contains(".") { expected += "." }
        let decimals =
          expected.count - 1
          - expected.distance(
            from: expected.startIndex, to: expected.firstIndex(of: ".")!)
        expected += String(repeating: "0", count: max(0, places - decimals))
      }
      #expect(MinorUnit.string(value, places: places) == expected, "\(text) at \(places)")
    }
  }
}
