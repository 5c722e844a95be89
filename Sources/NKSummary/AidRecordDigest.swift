import Foundation
import NKInputs
import NKPeriods

/// An earlier report's aid records in compact form, for finding the records a later ledger
/// added, removed or changed without holding either ledger: per record a 64-bit hash of its id,
/// a 64-bit fingerprint of the compared fields (authorised, amount, currency, status,
/// delivered) and its line in the earlier `aid-records.csv` — 20 bytes a record, sorted by id
/// hash (20 MB at 1M records). Values of the few records found changed or removed are read
/// back afterwards by line (`AidRecordComparison.earlierLinesNeeded`).
///
/// FNV-1a hashes, fixed and independent of the process (Swift's `Hasher` is seeded per run).
/// Ids hashing alike (about 3e-8 at 1M records) are set aside (`collisionLines`) and compared
/// by value instead.
public struct AidRecordDigest: Hashable, Sendable {
  /// Sorted; `fingerprints[i]` and `lines[i]` belong to `idHashes[i]`.
  public private(set) var idHashes: [UInt64] = []
  public private(set) var fingerprints: [UInt64] = []
  public private(set) var lines: [UInt32] = []
  /// Records whose id hash another record shares: compared by value (hash and line alike).
  public private(set) var collisionHashes: [UInt64] = []
  public private(set) var collisionLines: [UInt32] = []

  public init() {}

  public var count: Int { idHashes.count }

  /// Builds the digest from (id hash, fingerprint, line) triples in any order.
  public init(unsorted entries: [(idHash: UInt64, fingerprint: UInt64, line: UInt32)]) {
    var sorted = entries
    sorted.sort { ($0.idHash, $0.line) < ($1.idHash, $1.line) }
    var index = 0
    while index < sorted.count {
      var end = index + 1
      while end < sorted.count && sorted[end].idHash == sorted[index].idHash { end += 1 }
      if end - index == 1 {
        idHashes.append(sorted[index].idHash)
        fingerprints.append(sorted[index].fingerprint)
        lines.append(sorted[index].line)
      } else {
        collisionHashes += sorted[index..<end].map(\.idHash)
        collisionLines += sorted[index..<end].map(\.line)
      }
      index = end
    }
  }

  /// The index of `idHash`, if a record has it.
  func index(of idHash: UInt64) -> Int? {
    var low = 0
    var high = idHashes.count
    while low < high {
      let mid = (low + high) / 2
      if idHashes[mid] < idHash { low = mid + 1 } else { high = mid }
    }
    return low < idHashes.count && idHashes[low] == idHash ? low : nil
  }
}

/// The compared fields of an aid record, as the earlier report published them or as the
/// ledger gives them now.
public struct AidRecordFacts: Hashable, Sendable {
  public var id: String
  public var authorised: Day
  public var amount: Decimal
  public var currency: String
  public var status: String
  public var delivered: Day?
  /// Line in the earlier `aid-records.csv`, or in `aid.csv` for a current record.
  public var line: Int

  public init(
    id: String, authorised: Day, amount: Decimal, currency: String, status: String,
    delivered: Day?, line: Int
  ) {
    self.id = id
    self.authorised = authorised
    self.amount = amount
    self.currency = currency
    self.status = status
    self.delivered = delivered
    self.line = line
  }

  public init(_ record: AidRecord) {
    self.init(
      id: record.id, authorised: record.authorised, amount: record.amount,
      currency: record.currency, status: record.status.rawValue, delivered: record.delivered,
      line: record.line)
  }

  public var idHash: UInt64 { FNV1a.hash(id.utf8) }

  /// The same for the same values: the amount by value (`12.50` is `12.5`), days as dates.
  public var fingerprint: UInt64 {
    var hash = FNV1a()
    hash.add(authorised.description.utf8)
    hash.add(Self.canonical(amount).utf8)
    hash.add(currency.utf8)
    hash.add(status.utf8)
    hash.add((delivered?.description ?? "-").utf8)
    return hash.value
  }

  /// The amount without trailing zeros, in a form independent of the locale.
  static func canonical(_ amount: Decimal) -> String {
    guard DecimalStorage.layoutIsKnown, !amount.isNaN else { return amount.description }
    var mantissa = DecimalStorage.significand(amount)
    var exponent = amount.exponent
    if mantissa == 0 { return "0" }
    while mantissa % 10 == 0 {
      mantissa /= 10
      exponent += 1
    }
    return "\(amount.sign == .minus ? "-" : "")\(mantissa)e\(exponent)"
  }
}

/// 64-bit FNV-1a; fields are separated by a byte no UTF-8 text holds.
struct FNV1a {
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    for byte in bytes {
      value ^= UInt64(byte)
      value &*= 0x0000_0100_0000_01B3
    }
    value ^= 0xFF
    value &*= 0x0000_0100_0000_01B3
  }

  static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hash = FNV1a()
    hash.add(bytes)
    return hash.value
  }
}
