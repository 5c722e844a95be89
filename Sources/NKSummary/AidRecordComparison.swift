import Foundation
import NKInputs
import NKPeriods

/// Compares the current ledger with an earlier report's aid records while the ledger is read
/// (its one pass): each record is looked up in the earlier digest by id hash; only records
/// added or changed are kept. After the pass, `earlierLinesNeeded` names the earlier records
/// whose values the revisions show (changed, removed, or sharing an id hash); the caller reads
/// those lines of the earlier `aid-records.csv` and passes them to `revisions`.
///
/// Memory: the digest (20 bytes a record), one bit a record for "seen", and the records found
/// added or changed — at most `keptLimit` of them; more are counted, not listed.
public struct AidRecordComparison: Sendable {
  public static let keptLimit = 100_000

  let digest: AidRecordDigest
  /// The last day the earlier report covered: a record authorised later is new, not added.
  let coveredThrough: Day
  private var seen: [UInt64]
  private var changed: [(index: Int, now: AidRecordFacts)] = []
  private var added: [AidRecordFacts] = []
  /// Current records whose id hash is one of the earlier digest's collisions.
  private var colliding: [AidRecordFacts] = []
  private let collisionHashes: Set<UInt64>
  /// Records added or changed beyond `keptLimit`, not listed (removed ones beyond it are
  /// `removedCount` less those listed).
  public private(set) var notListed = 0

  public init(earlier digest: AidRecordDigest, coveredThrough: Day) {
    self.digest = digest
    self.coveredThrough = coveredThrough
    seen = [UInt64](repeating: 0, count: (digest.count + 63) / 64)
    collisionHashes = Set(digest.collisionHashes)
  }

  /// Looks at one record of the current ledger (in the one pass over it).
  public mutating func observe(_ record: AidRecord) {
    let idHash = FNV1a.hash(record.id.utf8)
    if let index = digest.index(of: idHash) {
      seen[index / 64] |= 1 << UInt64(index % 64)
      let facts = AidRecordFacts(record)
      if facts.fingerprint != digest.fingerprints[index] {
        keep { $0.changed.append((index, facts)) }
      }
    } else if collisionHashes.contains(idHash) {
      keep { $0.colliding.append(AidRecordFacts(record)) }
    } else if record.authorised <= coveredThrough {
      keep { $0.added.append(AidRecordFacts(record)) }
    }
  }

  private mutating func keep(_ add: (inout Self) -> Void) {
    guard changed.count + added.count + colliding.count < Self.keptLimit else {
      notListed += 1
      return
    }
    add(&self)
  }

  /// Lines of the earlier `aid-records.csv` whose values the revisions need, ascending: the
  /// changed records, the removed ones (up to `keptLimit` records in all; `notListed` counts
  /// the rest) and those sharing an id hash.
  public var earlierLinesNeeded: [Int] {
    var lines = changed.map { Int(digest.lines[$0.index]) }
    for index in 0..<digest.count where seen[index / 64] & (1 << UInt64(index % 64)) == 0 {
      guard lines.count + added.count < Self.keptLimit else { break }
      lines.append(Int(digest.lines[index]))
    }
    lines += digest.collisionLines.map(Int.init)
    return lines.sorted()
  }

  /// Earlier records no record of the current ledger has (removed), listed or not.
  public var removedCount: Int {
    digest.count - seen.reduce(0) { $0 + $1.nonzeroBitCount }
  }

  /// The revisions, given the earlier records at `earlierLinesNeeded` (by line). A needed line
  /// missing from `earlier` (the file changed since) is left out of the revisions.
  public func revisions(earlier: [Int: AidRecordFacts], folder: String) -> [FigureRevision] {
    var result: [(id: String, revisions: [FigureRevision])] = []
    for (index, now) in changed {
      guard let before = earlier[Int(digest.lines[index])] else { continue }
      result.append((now.id, Self.changes(before, now, folder: folder)))
    }
    for index in 0..<digest.count where seen[index / 64] & (1 << UInt64(index % 64)) == 0 {
      guard let before = earlier[Int(digest.lines[index])] else { continue }
      result.append((before.id, [Self.whole(before, kind: .removed, folder: folder)]))
    }
    // Ids that shared a hash in the earlier report: matched by the id itself.
    let earlierColliding = Dictionary(
      digest.collisionLines.compactMap { earlier[Int($0)] }.map { ($0.id, $0) },
      uniquingKeysWith: { first, _ in first })
    var matched: Set<String> = []
    for now in colliding {
      if let before = earlierColliding[now.id] {
        matched.insert(now.id)
        result.append((now.id, Self.changes(before, now, folder: folder)))
      } else if now.authorised <= coveredThrough {
        result.append((now.id, [Self.whole(now, kind: .added, folder: folder)]))
      }
    }
    for (id, before) in earlierColliding where !matched.contains(id) {
      result.append((id, [Self.whole(before, kind: .removed, folder: folder)]))
    }
    result += added.map { ($0.id, [Self.whole($0, kind: .added, folder: folder)]) }
    return result.sorted { $0.id < $1.id }.flatMap(\.revisions)
  }

  private static func source(_ now: AidRecordFacts) -> [InputRowReference] {
    [InputRowReference(file: "aid.csv", line: now.line, period: now.id)]
  }

  /// One revision per compared field that differs.
  static func changes(_ before: AidRecordFacts, _ now: AidRecordFacts, folder: String)
    -> [FigureRevision]
  {
    var result: [FigureRevision] = []
    func add(_ measure: String, _ previous: StatedValue?, _ current: StatedValue?) {
      guard previous != current else { return }
      result.append(
        FigureRevision(
          table: .aidRecords, key: now.id, measure: measure, kind: .revised, previous: previous,
          now: current, earlierReport: folder, sources: source(now)))
    }
    add("authorised", .text(before.authorised.description), .text(now.authorised.description))
    add("amount", .number(before.amount), .number(now.amount))
    add("currency", .text(before.currency), .text(now.currency))
    add("status", .text(before.status), .text(now.status))
    add(
      "delivered", before.delivered.map { .text($0.description) },
      now.delivered.map { .text($0.description) })
    return result
  }

  /// A record added or removed: its amount, with the currency in the measure.
  static func whole(_ facts: AidRecordFacts, kind: FigureRevision.Kind, folder: String)
    -> FigureRevision
  {
    FigureRevision(
      table: .aidRecords, key: facts.id, measure: "amount \(facts.currency)", kind: kind,
      previous: kind == .removed ? .number(facts.amount) : nil,
      now: kind == .added ? .number(facts.amount) : nil, earlierReport: folder,
      sources: kind == .added ? source(facts) : [])
  }
}
