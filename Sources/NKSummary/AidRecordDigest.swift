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

  /// Builds the digest from parallel arrays in any order, sorting them in place (no copy, no
  /// permutation: building it costs no more than holding it).
  public init(
    idHashes hashes: consuming [UInt64], fingerprints prints: consuming [UInt64],
    lines rows: consuming [UInt32]
  ) {
    precondition(hashes.count == prints.count && prints.count == rows.count)
    idHashes = consume hashes
    fingerprints = consume prints
    lines = consume rows
    sortInPlace()
    // Ids sharing a hash are set aside; the rest close up in order.
    var write = 0
    var index = 0
    while index < idHashes.count {
      var end = index + 1
      while end < idHashes.count && idHashes[end] == idHashes[index] { end += 1 }
      if end - index == 1 {
        idHashes[write] = idHashes[index]
        fingerprints[write] = fingerprints[index]
        lines[write] = lines[index]
        write += 1
      } else {
        collisionHashes += idHashes[index..<end]
        collisionLines += lines[index..<end]
      }
      index = end
    }
    idHashes.removeLast(idHashes.count - write)
    fingerprints.removeLast(fingerprints.count - write)
    lines.removeLast(lines.count - write)
  }

  /// Sorts the three arrays together by (id hash, line): quicksort on the middle of three,
  /// the smaller side first (stack depth log n), insertion sort below 16 entries.
  private mutating func sortInPlace() {
    func less(_ a: Int, _ b: Int) -> Bool { (idHashes[a], lines[a]) < (idHashes[b], lines[b]) }
    func swap(_ a: Int, _ b: Int) {
      idHashes.swapAt(a, b)
      fingerprints.swapAt(a, b)
      lines.swapAt(a, b)
    }
    var pending = [(0, idHashes.count - 1)]
    while let (low, high) = pending.popLast() {
      if high - low < 16 {
        if low < high {
          for index in (low + 1)...high {
            var position = index
            while position > low && less(position, position - 1) {
              swap(position, position - 1)
              position -= 1
            }
          }
        }
        continue
      }
      let middle = low + (high - low) / 2
      if less(middle, low) { swap(middle, low) }
      if less(high, low) { swap(high, low) }
      if less(high, middle) { swap(high, middle) }
      swap(middle, high - 1)
      let pivot = high - 1
      var left = low
      var right = high - 1
      while true {
        repeat { left += 1 } while less(left, pivot)
        repeat { right -= 1 } while right > low && less(pivot, right)
        if left >= right { break }
        swap(left, right)
      }
      swap(left, high - 1)
      let lower = (low, left - 1)
      let upper = (left + 1, high)
      if lower.1 - lower.0 < upper.1 - upper.0 {
        pending.append(upper)
        pending.append(lower)
      } else {
        pending.append(lower)
        pending.append(upper)
      }
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
  /// Hashed as numbers and bytes, without making a string (it runs once a record in the pass).
  public var fingerprint: UInt64 {
    var hash = FNV1a()
    hash.add(authorised)
    let (negative, mantissa, exponent) = Self.canonical(amount)
    hash.add(integer: negative ? 1 : 0)
    hash.add(integer: UInt64(truncatingIfNeeded: mantissa))
    hash.add(integer: UInt64(truncatingIfNeeded: mantissa >> 64))
    hash.add(integer: UInt64(bitPattern: Int64(exponent)))
    hash.add(currency.utf8)
    hash.add(status.utf8)
    if let delivered { hash.add(delivered) } else { hash.add(integer: 0) }
    return hash.value
  }

  /// The amount as sign, significand without trailing zeros and exponent.
  static func canonical(_ amount: Decimal) -> (Bool, UInt128, Int) {
    guard DecimalStorage.layoutIsKnown, !amount.isNaN else {
      // Foundation's own normal form (not expected on this platform).
      let normal = amount * 1
      var hash = FNV1a()
      hash.add(normal.description.utf8)
      return (false, UInt128(hash.value), Int.min)
    }
    var mantissa = DecimalStorage.significand(amount)
    var exponent = Int(amount.exponent)
    if mantissa == 0 { return (false, 0, 0) }
    while mantissa % 10 == 0 {
      mantissa /= 10
      exponent += 1
    }
    return (amount.sign == .minus, mantissa, exponent)
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

  mutating func add(integer: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) {
      value ^= (integer >> UInt64(shift)) & 0xFF
      value &*= 0x0000_0100_0000_01B3
    }
  }

  mutating func add(_ day: Day) {
    add(
      integer: UInt64(truncatingIfNeeded: day.year * 10_000 + day.yearMonth.month * 100 + day.day))
  }

  static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hash = FNV1a()
    hash.add(bytes)
    return hash.value
  }
}
