import Foundation
import NKSummary

/// Money as CSV and run.json write it: at its currency's minor unit, rounded once, half-even,
/// from the exact value (totals are rounded from exact sums, never summed from rounded values).
enum MinorUnit {
  /// ISO 4217 exponents that are not 2. Written out by hand: no listed package carries the
  /// ISO table, and ICU/CLDR's "digits" differ from ISO for several codes (IQD, LAK, MGA …).
  /// Codes without a minor unit (metals, SDR, test codes; "N.A." in ISO 4217) are written at 0.
  private static let exponents: [String: Int] = [
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
    "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "CLF": 4, "UYW": 4,
    "XAG": 0, "XAU": 0, "XBA": 0, "XBB": 0, "XBC": 0, "XBD": 0, "XDR": 0, "XPD": 0, "XPT": 0,
    "XSU": 0, "XTS": 0, "XUA": 0, "XXX": 0,
  ]

  /// Decimal places of `currency`'s minor unit: KRW 0, USD 2, EUR 2, JPY 0, KWD 3.
  static func exponent(_ currency: String) -> Int { exponents[currency] ?? 2 }

  static let krw = 0
  static let usd = 2

  /// `value` rounded half-even to `places` decimals.
  static func rounded(_ value: Decimal, places: Int) -> Decimal {
    var input = value
    var result = Decimal()
    NSDecimalRound(&result, &input, places, .bankers)
    return result
  }

  /// Appends `value` rounded half-even to exactly `places` decimals (`4182377.66`, `8000000.00`,
  /// `4700000000`); appends nothing for NaN.
  static func append(_ value: Decimal, places: Int, to out: inout [UInt8]) {
    if appendRoundedFromStorage(value, places: places, to: &out) { return }
    let start = out.count
    guard DecimalText.append(rounded(value, places: places), to: &out) else { return }
    guard places > 0 else { return }
    let decimals = out[start...].lastIndex(of: UInt8(ascii: ".")).map { out.count - $0 - 1 }
    if decimals == nil { out.append(UInt8(ascii: ".")) }
    for _ in 0..<max(0, places - (decimals ?? 0)) { out.append(UInt8(ascii: "0")) }
  }

  /// `append(_:places:to:)` from the mantissa itself: half-even rounding of a 128-bit integer
  /// instead of Foundation's `NSDecimalRound`, which allocates and divides digit by digit (it
  /// was a fifth of a large report's time). False (nothing appended) when the value is outside
  /// what this handles; `MinorUnitTests` checks it against `NSDecimalRound` on random values.
  private static func appendRoundedFromStorage(
    _ value: Decimal, places: Int, to out: inout [UInt8]
  ) -> Bool {
    guard DecimalStorage.layoutIsKnown, !value.isNaN, (0...18).contains(places) else {
      return false
    }
    let powersOfTen = DecimalStorage.powersOfTen
    let exponent = value.exponent
    var units = DecimalStorage.significand(value)
    // Scale to exactly `places` decimals: `units` × 10^-places.
    if exponent >= -places {
      let shift = exponent + places
      guard shift <= 38, units <= UInt128.max / powersOfTen[shift] else { return false }
      units *= powersOfTen[shift]
    } else {
      let drop = -exponent - places
      guard drop <= 38 else { return false }
      let (quotient, remainder) = units.quotientAndRemainder(dividingBy: powersOfTen[drop])
      let twice = remainder << 1
      units = quotient
      if twice > powersOfTen[drop] || (twice == powersOfTen[drop] && quotient & 1 == 1) {
        units += 1
      }
    }
    if value.sign == .minus && units != 0 { out.append(UInt8(ascii: "-")) }
    let (whole, fraction) = units.quotientAndRemainder(dividingBy: powersOfTen[places])
    appendDigits(whole, minimumCount: 1, to: &out)
    if places > 0 {
      out.append(UInt8(ascii: "."))
      appendDigits(fraction, minimumCount: places, to: &out)
    }
    return true
  }

  /// The decimal digits of `value`, at least `minimumCount` of them (zeros in front), written
  /// in place at the end of `out`.
  private static func appendDigits(_ value: UInt128, minimumCount: Int, to out: inout [UInt8]) {
    var count = 1
    while count < 39 && value >= DecimalStorage.powersOfTen[count] { count += 1 }
    count = max(count, minimumCount)
    let start = out.count
    out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
    var rest = value
    var index = start + count - 1
    while rest != 0 {
      let (quotient, digit) = rest.quotientAndRemainder(dividingBy: 10)
      out[index] = UInt8(truncatingIfNeeded: digit) &+ 0x30
      rest = quotient
      index -= 1
    }
  }

  /// An amount from the ledger: exactly as written (an input figure is never rounded), padded
  /// with zeros to its currency's minor unit (`4500000` USD is `4500000.00`).
  static func appendAmount(_ amount: Decimal, currency: String, to out: inout [UInt8]) {
    let start = out.count
    guard DecimalText.append(amount, to: &out) else { return }
    let places = exponent(currency)
    guard places > 0 else { return }
    let decimals = out[start...].lastIndex(of: UInt8(ascii: ".")).map { out.count - $0 - 1 }
    if decimals == nil { out.append(UInt8(ascii: ".")) }
    for _ in 0..<max(0, places - (decimals ?? 0)) { out.append(UInt8(ascii: "0")) }
  }

  static func string(_ value: Decimal, places: Int) -> String {
    var bytes: [UInt8] = []
    append(value, places: places, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}
