#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a benchmark inputs folder: arrivals.csv (annual 2015–2024), fx.csv (a USD rate for
/// every month 2015-01 … 2024-12) and aid.csv with `rows` rows of the synthetic ledger.
struct InputsGenerator {
  var rows: Int
  var seed: UInt64

  /// Writes the files into `directory` (which must exist); returns aid.csv's size in bytes.
  func write(into directory: String) throws(BenchError) -> Int {
    try writeArrivals(to: directory + "/arrivals.csv")
    try writeFX(to: directory + "/fx.csv")
    return try writeAid(to: directory + "/aid.csv")
  }

  private func writeArrivals(to path: String) throws(BenchError) {
    let file = try OutputFile(path: path)
    file.append("period,male,female,total,note\n")
    // Plausible annual figures (the real series falls from ~1,400 to ~200 over the decade).
    let totals = [1275, 1418, 1127, 1137, 1047, 229, 63, 67, 196, 236]
    for (offset, total) in totals.enumerated() {
      let female = total * 4 / 5
      let male = total - female
      file.append("\(Ledger.firstYear + offset),\(male),\(female),\(total),nkbench synthetic\n")
    }
    try file.close()
  }

  private func writeFX(to path: String) throws(BenchError) {
    let file = try OutputFile(path: path)
    file.append("month,currency,krw_per_unit\n")
    for m in 0..<Ledger.months {
      let month = "\(Ledger.firstYear + m / 12)-\(Ledger.zeroPadded(1 + m % 12, width: 2))"
      file.append("\(month),USD,\(Ledger.usdRate(monthIndex: m))\n")
    }
    try file.close()
  }

  private func writeAid(to path: String) throws(BenchError) -> Int {
    let file = try OutputFile(path: path)
    file.append(
      "id,authorised,provider,provider_type,category,description,amount,currency,status,delivered\n"
    )
    let descriptions = Ledger.descriptions.map(csvField)
    for r in 0..<rows {
      let row = LedgerRow(index: r, seed: seed)
      file.append(row.id)
      file.byte(UInt8(ascii: ","))
      file.date(row.year, row.month, row.day)
      file.byte(UInt8(ascii: ","))
      file.append(Ledger.providers[row.provider])
      file.byte(UInt8(ascii: ","))
      file.append(Ledger.providerTypes[Ledger.providerType(row.provider)])
      file.byte(UInt8(ascii: ","))
      file.append(Ledger.categories[row.category])
      file.byte(UInt8(ascii: ","))
      file.append(descriptions[row.description])
      file.byte(UInt8(ascii: ","))
      file.integer(Int(row.cents / 100))
      file.byte(UInt8(ascii: "."))
      file.integer(Int(row.cents % 100), width: 2)
      file.append(row.isUSD ? ",USD," : ",KRW,")
      file.append(Ledger.statuses[row.status])
      file.byte(UInt8(ascii: ","))
      if let d = row.delivered { file.date(d.year, d.month, d.day) }
      file.byte(UInt8(ascii: "\n"))
    }
    try file.close()
    return file.bytesWritten
  }

  /// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
  private func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacingQuotes() + "\""
  }
}

extension String {
  fileprivate func replacingQuotes() -> String {
    var result = ""
    for character in self {
      if character == "\"" { result += "\"\"" } else { result.append(character) }
    }
    return result
  }
}

/// A buffered file writer for the generated CSV (fast enough that generating 1M rows takes a
/// couple of seconds, not minutes).
final class OutputFile {
  private let path: String
  private var handle: UnsafeMutablePointer<FILE>?
  private var buffer: [UInt8] = []
  private var failed = false
  private(set) var bytesWritten = 0

  init(path: String) throws(BenchError) {
    self.path = path
    guard let handle = fopen(path, "w") else {
      throw BenchError("cannot create \(path): \(String(cString: strerror(errno)))")
    }
    self.handle = handle
    buffer.reserveCapacity(1 << 20)
  }

  deinit { if let handle { fclose(handle) } }

  func append(_ text: String) {
    var text = text
    text.withUTF8 { buffer.append(contentsOf: $0) }
    flushIfFull()
  }

  func byte(_ value: UInt8) { buffer.append(value) }

  /// A non-negative integer, zero-padded to `width` digits.
  func integer(_ value: Int, width: Int = 1) {
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var rest = value
    withUnsafeMutableBytes(of: &digits) { raw in
      repeat {
        raw[count] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        count += 1
      } while rest > 0 || count < width
      for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[i]) }
    }
  }

  func date(_ year: Int, _ month: Int, _ day: Int) {
    integer(year, width: 4)
    byte(UInt8(ascii: "-"))
    integer(month, width: 2)
    byte(UInt8(ascii: "-"))
    integer(day, width: 2)
  }

  private func flushIfFull() {
    if buffer.count >= 1 << 20 { flush() }
  }

  private func flush() {
    guard let handle, !buffer.isEmpty else { return }
    let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
    if written != buffer.count { failed = true }
    bytesWritten += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  func close() throws(BenchError) {
    flush()
    guard let handle else { return }
    self.handle = nil
    if fclose(handle) != 0 || failed {
      throw BenchError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
  }
}

/// An error that ends the benchmark with a message (exit status 2).
struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

extension OutputFile {
  /// A small text file's contents, or nil.
  static func read(_ path: String) -> String? {
    guard let handle = fopen(path, "r") else { return nil }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
