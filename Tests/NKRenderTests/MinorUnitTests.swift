import Foundation
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
}
