import Foundation
import NKPeriods
import NKSummary
import TestRandom
import Testing

@testable import NKRender

/// The money text as the renderer printed it before `DecimalText`: Foundation's description.
private func referenceText(_ value: Decimal) -> String? {
  if value.isNaN { return nil }
  let text = value.description
  guard text.contains(where: { $0 == "e" || $0 == "E" }) else { return text }
  return expandExponent(text)
}

private func randomDecimal(_ random: inout SplitMix64) -> Decimal {
  let digitCount = Int.random(in: 1...38, using: &random)
  var digits = String(Int.random(in: 1...9, using: &random))
  for _ in 1..<digitCount { digits.append(String(Int.random(in: 0...9, using: &random))) }
  if Bool.random(using: &random) {
    // Amounts as the ledger writes them: up to 18 digits, some with cents.
    digits = String(digits.prefix(Int.random(in: 1...18, using: &random)))
  }
  let significand = Decimal(string: digits) ?? 1
  let exponent = Int.random(in: -45...40, using: &random)
  let sign: FloatingPointSign = Bool.random(using: &random) ? .minus : .plus
  return Decimal(sign: sign, exponent: exponent, significand: significand)
}

@Suite("Decimal text")
struct DecimalTextTests {
  @Test func storageLayoutIsUnderstood() {
    #expect(DecimalStorage.layoutIsKnown)
  }

  @Test func edgeCases() {
    let cases: [Decimal] = [
      0, -0, 1, -1, 10, 100, Decimal(string: "0.000")!, Decimal(string: "0.5")!,
      Decimal(string: "-0.05")!, Decimal(string: "12345678901234567890.123456789")!,
      Decimal(string: "340282366920938463463374607431768211455")!,
      Decimal(string: "-340282366920938463463374607431768211455")!,
      Decimal(string: "10000000000000000000")!, Decimal(string: "9999999999999999999")!,
      Decimal(sign: .plus, exponent: 127, significand: 1),
      Decimal(sign: .minus, exponent: -128, significand: 7), .greatestFiniteMagnitude,
      .leastNonzeroMagnitude, .leastFiniteMagnitude, Decimal(1) / Decimal(3),
      Decimal(2) / Decimal(3), Decimal(-4_700_000_000) / Decimal(string: "1125.35")!,
    ]
    for value in cases {
      #expect(DecimalText.string(value) == referenceText(value), "\(value)")
      #expect(NumberText.plain(value) == referenceText(value), "\(value)")
    }
    #expect(DecimalText.string(.nan) == nil)
    var bytes: [UInt8] = []
    #expect(!DecimalText.append(.nan, to: &bytes) && bytes.isEmpty)
  }

  @Test func matchesFoundationOnRandomValues() {
    var random = SplitMix64(seed: 20_241_231)
    let rates = ["1125.35", "1050.0", "1209.5", "0.0123", "3", "7.77", "1"].compactMap {
      Decimal(string: $0)
    }
    var checked = 0
    for _ in 0..<40_000 {
      let a = randomDecimal(&random)
      let b = randomDecimal(&random)
      let rate = rates[Int.random(in: 0..<rates.count, using: &random)]
      for value in [a, b, a / rate, a * rate, a + b, a - b, a / b, a * b, -(a / rate)] {
        let text = DecimalText.string(value)
        #expect(text == referenceText(value), "mantissa/exponent \(value.exponent)")
        if text != referenceText(value) { return }
        checked += 1
      }
    }
    #expect(checked == 360_000)
  }
}

@Suite("CSV fields")
struct CSVFieldTests {
  private static let alphabet: [String] = [
    "a", "Z", "0", "9", " ", ",", "\"", "\n", "\r", "\t", "=", "+", "-", "@", "'", ".", "é", "한",
    "\u{301}", "👍🏽", "\r\n",
  ]

  @Test func appendFieldMatchesQuotedNeutralised() {
    var random = SplitMix64(seed: 7)
    for _ in 0..<50_000 {
      var text = ""
      for _ in 0..<Int.random(in: 0...8, using: &random) {
        text += Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
      }
      for neutralising in [true, false] {
        var bytes: [UInt8] = []
        CSV.appendField(text, neutralising: neutralising, to: &bytes)
        let expected = CSV.quoted(neutralising ? CSV.neutralised(text) : text)
        #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(text.debugDescription)")
        #expect(bytes == Array(expected.utf8))
      }
    }
  }

  @Test func integersAndDaysMatchTheirDescriptions() {
    var random = SplitMix64(seed: 11)
    var values = [0, 1, -1, 9, 10, -10, 99, Int.max, Int.min, 1_000_000]
    for _ in 0..<10_000 {
      values.append(Int(truncatingIfNeeded: random.next()) >> (random.next() % 64))
    }
    for value in values {
      var bytes: [UInt8] = []
      CSV.appendInt(value, to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == String(value))
    }
    for (year, month, day) in [(1000, 1, 1), (2018, 11, 30), (9999, 12, 31), (2024, 2, 29)] {
      guard let date = Day(year: year, month: month, day: day) else {
        Issue.record("no day \(year)-\(month)-\(day)")
        continue
      }
      var bytes: [UInt8] = []
      CSV.appendDay(date, to: &bytes)
      #expect(String(decoding: bytes, as: UTF8.self) == date.description)
    }
  }

  @Test func recordRowMatchesCellRow() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fast = try CSVWriter(directory.appendingPathComponent("fast.csv"), header: ["x"])
    let cells = try CSVWriter(directory.appendingPathComponent("cells.csv"), header: ["x"])
    for record in Fixture.records {
      try fast.record(record)
      try cells.row([
        .text(record.id), .plain(record.authorised.description), .text(record.provider),
        .text(record.providerType), .text(record.category), .text(record.description),
        .amount(record.amount, currency: record.currency),
        .text(record.currency), .text(record.status),
        .plain(record.delivered?.description ?? ""),
        .money(record.valueKRW, places: MinorUnit.krw),
        .money(record.valueUSD, places: MinorUnit.usd),
      ])
    }
    try fast.close()
    try cells.close()
    let fastBytes = try Data(contentsOf: directory.appendingPathComponent("fast.csv"))
    let cellBytes = try Data(contentsOf: directory.appendingPathComponent("cells.csv"))
    #expect(fastBytes == cellBytes)
  }
}

/// Test reference: rewrites `-1.25E+3` as `-1250` (for text from elsewhere that may carry an exponent).
func expandExponent(_ text: String) -> String? {
  guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
    let exponent = Int(text[text.index(after: e)...])
  else { return nil }
  var mantissa = Substring(text[..<e])
  var negative = false
  if mantissa.first == "-" || mantissa.first == "+" {
    negative = mantissa.first == "-"
    mantissa = mantissa.dropFirst()
  }
  let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
  guard (1...2).contains(parts.count) else { return nil }
  let integerDigits = String(parts[0])
  let fractionDigits = parts.count == 2 ? String(parts[1]) : ""
  guard (integerDigits + fractionDigits).allSatisfy(\.isASCIIDigitCharacter) else { return nil }
  let digits = integerDigits + fractionDigits
  let point = integerDigits.count + exponent  // position of the point within `digits`
  let integerPart: String
  let fractionPart: String
  if point <= 0 {
    integerPart = "0"
    fractionPart = String(repeating: "0", count: -point) + digits
  } else if point >= digits.count {
    integerPart = digits + String(repeating: "0", count: point - digits.count)
    fractionPart = ""
  } else {
    integerPart = String(digits.prefix(point))
    fractionPart = String(digits.dropFirst(point))
  }
  var integerTrimmed = Substring(integerPart).drop(while: { $0 == "0" })
  if integerTrimmed.isEmpty { integerTrimmed = "0" }
  var fractionTrimmed = Substring(fractionPart)
  while fractionTrimmed.last == "0" { fractionTrimmed = fractionTrimmed.dropLast() }
  let body =
    fractionTrimmed.isEmpty ? String(integerTrimmed) : "\(integerTrimmed).\(fractionTrimmed)"
  return negative && body != "0" ? "-" + body : body
}
