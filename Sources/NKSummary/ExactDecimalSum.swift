import Foundation

/// An exact running sum of decimals without Foundation's (allocating) `Decimal` addition per
/// term: a count of 10^`exponent` in 128 bits while it fits; terms that do not fit (or a
/// `Decimal` layout `DecimalStorage` does not know) are summed by Foundation apart.
struct ExactDecimalSum: Sendable {
  private var units: Int128 = 0
  private var exponent = 0
  private var rest: Decimal = 0
  private var hasRest = false

  /// 10^0 … 10^38 (10^38 < Int128.max).
  private static let powersOfTen: [Int128] = {
    var powers: [Int128] = [1]
    for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
    return powers
  }()

  init() {}

  @inline(__always)
  mutating func add(_ value: Decimal) {
    guard DecimalStorage.layoutIsKnown, !value.isNaN else { return addRest(value) }
    if value.isZero { return }
    let magnitude = DecimalStorage.significand(value)
    guard magnitude <= UInt128(Int128.max) else { return addRest(value) }
    let term = value.sign == .minus ? -Int128(magnitude) : Int128(magnitude)
    if !add(term, exponent: value.exponent) { addRest(value) }
  }

  mutating func add(_ other: ExactDecimalSum) {
    if other.hasRest { addRest(other.rest) }
    if other.units != 0, !add(other.units, exponent: other.exponent) {
      addRest(Self.decimal(other.units, exponent: other.exponent))
    }
  }

  /// The sum (Foundation's `Decimal` arithmetic may round only terms that did not fit).
  var value: Decimal {
    let exact = Self.decimal(units, exponent: exponent)
    return hasRest ? exact + rest : exact
  }

  private mutating func addRest(_ value: Decimal) {
    rest += value
    hasRest = true
  }

  /// Adds `term` × 10^`termExponent` when the sum stays exact in 128 bits; `false` (the sum
  /// unchanged in value) otherwise.
  @inline(__always)
  private mutating func add(_ term: Int128, exponent termExponent: Int) -> Bool {
    var scaled = term
    if termExponent > exponent {
      guard termExponent - exponent <= 38 else { return false }
      let (product, overflow) = term.multipliedReportingOverflow(
        by: Self.powersOfTen[termExponent - exponent])
      guard !overflow else { return false }
      scaled = product
    } else if termExponent < exponent {
      guard exponent - termExponent <= 38 else { return false }
      let (product, overflow) = units.multipliedReportingOverflow(
        by: Self.powersOfTen[exponent - termExponent])
      guard !overflow else { return false }
      units = product
      exponent = termExponent
    }
    let (sum, overflow) = units.addingReportingOverflow(scaled)
    guard !overflow else { return false }
    units = sum
    return true
  }

  /// `units` × 10^`exponent` as a `Decimal`, exactly (a 128-bit count fits its mantissa).
  static func decimal(_ units: Int128, exponent: Int) -> Decimal {
    if units == 0 { return 0 }
    let magnitude = units.magnitude
    let high = UInt64(truncatingIfNeeded: magnitude >> 64)
    let low = UInt64(truncatingIfNeeded: magnitude)
    var significand = Decimal(low)
    if high != 0 { significand += Decimal(high) * twoToThe64 }
    return Decimal(
      sign: units < 0 ? .minus : .plus, exponent: exponent, significand: significand)
  }

  private static let twoToThe64 = Decimal(UInt64.max) + 1
}
