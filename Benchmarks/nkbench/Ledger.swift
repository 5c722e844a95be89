/// The synthetic aid ledger: row `r` is a pure function of `(seed, r)`, so aid.csv, the Swift
/// baseline and the C baseline (`Benchmarks/baseline.c`, which mirrors this file; keep the two
/// in step) all describe the same rows, and every run of the benchmark sees the same data.
enum Ledger {
  static let firstYear = 2015
  /// 2015-01 … 2024-12.
  static let months = 120
  static let providerCount = 300

  static let categories = [
    "tuberculosis drugs", "milk powder", "flour", "fertiliser", "medical",
    "nutrition", "vaccines", "seeds", "water and sanitation", "winter clothing",
  ]

  /// Short descriptions; some hold commas or quotes (quoted in the CSV), one is empty.
  static let descriptions = [
    "Tuberculosis drugs",
    "Milk powder, flour and soy milk",
    "Shipment via Nampo port",
    "Medical kits, winter batch",
    "",
    "Seeds and fertiliser for spring planting",
    "Vaccines (cold chain), UNICEF-led",
    "Flour sacks marked \"gift\"",
  ]

  static let providerTypes = ["civic", "government", "international"]
  static let providerPrefixes = ["Civic group", "Government programme", "International agency"]
  static let statuses = ["delivered", "authorised", "on_hold", "cancelled"]

  /// "Civic group 000" … "International agency 299".
  static let providers: [String] = (0..<providerCount).map { p in
    "\(providerPrefixes[providerType(p)]) \(zeroPadded(p, width: 3))"
  }

  static func providerType(_ provider: Int) -> Int {
    let k = provider % 10
    return k < 6 ? 0 : (k < 8 ? 1 : 2)
  }

  /// KRW per USD for month index 0 (2015-01) … 119 (2024-12).
  static func usdRate(monthIndex: Int) -> Double {
    1050.0 + Double((monthIndex * 7919) % 400) * 0.5
  }

  static func zeroPadded(_ value: Int, width: Int) -> String {
    let digits = String(value)
    return digits.count >= width
      ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}

/// One aid row. Mirrors `make_row` in baseline.c.
struct LedgerRow {
  var index: Int
  var year: Int
  var month: Int
  var day: Int
  var provider: Int
  var category: Int
  var description: Int
  var isUSD: Bool
  /// The amount in hundredths of the currency unit.
  var cents: UInt64
  /// 0 delivered, 1 authorised, 2 on_hold, 3 cancelled.
  var status: Int
  /// Delivery date (status delivered only).
  var delivered: (year: Int, month: Int, day: Int)?
  var amount: Double
  var valueKRW: Double
  var valueUSD: Double

  init(index r: Int, seed: UInt64) {
    var state = seed ^ (UInt64(r) &* 0xD1B5_4A32_D192_ED03)
    let u1 = splitMix64(&state)
    let u2 = splitMix64(&state)
    let u3 = splitMix64(&state)
    let u4 = splitMix64(&state)
    index = r
    year = Ledger.firstYear + Int(u1 % 10)
    month = 1 + Int((u1 / 10) % 12)
    day = 1 + Int((u1 / 120) % 28)
    let providers = UInt64(Ledger.providerCount)
    provider = Int(u2 % providers)
    category = Int((u2 / providers) % 10)
    description = Int((u2 / (providers * 10)) % 8)
    isUSD = u3 % 10 < 3
    cents = isUSD ? 100_000 + (u3 / 10) % 500_000_000 : 100_000_000 + (u3 / 10) % 500_000_000_000
    amount = Double(cents) / 100.0
    let s = Int(u4 % 10)
    status = s < 6 ? 0 : (s < 8 ? 1 : (s == 8 ? 2 : 3))
    let authorisedMonth = (year - Ledger.firstYear) * 12 + month - 1
    var rateMonth = authorisedMonth
    delivered = nil
    if status == 0 {
      let lag = Int((u4 / 10) % 7)
      let dm = min(authorisedMonth + lag, Ledger.months - 1)
      let deliveredDay =
        dm == authorisedMonth ? day + Int((u4 / 70) % UInt64(29 - day)) : 1 + Int((u4 / 70) % 28)
      delivered = (Ledger.firstYear + dm / 12, 1 + dm % 12, deliveredDay)
      rateMonth = dm
    }
    let rate = Ledger.usdRate(monthIndex: rateMonth)
    valueKRW = isUSD ? amount * rate : amount
    valueUSD = valueKRW / rate
  }

  /// "AID-0000001" for index 0.
  var id: String { "AID-" + Ledger.zeroPadded(index + 1, width: 7) }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same in C and Swift.
@inline(__always)
func splitMix64(_ state: inout UInt64) -> UInt64 {
  state &+= 0x9E37_79B9_7F4A_7C15
  var z = state
  z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
  z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
  return z ^ (z >> 31)
}
