import Foundation
import NKInputs
import NKPeriods
import TestRandom
import Testing

@testable import NKSummary

/// The compact digest of an earlier report's aid records: sorted in place, every record found
/// by its id, ids sharing a hash set aside and still compared by id.
@Suite("Aid-record digest")
struct AidRecordDigestTests {
  @Test func everyEntryIsFoundAndSharedHashesAreSetAside() {
    var random = SplitMix64(seed: 7)
    for size in [0, 1, 2, 15, 16, 17, 100, 5_000] {
      // Small hashes so that some repeat; lines unique.
      let hashes = (0..<size).map { _ in UInt64(random.int(0...(size * 2 + 1))) }
      let prints = (0..<size).map { _ in UInt64(random.int(0...1_000_000)) }
      let lines = (0..<size).map { UInt32($0 + 2) }
      let digest = AidRecordDigest(idHashes: hashes, fingerprints: prints, lines: lines)
      let counts = Dictionary(hashes.map { ($0, 1) }, uniquingKeysWith: +)
      #expect(digest.idHashes == digest.idHashes.sorted())
      #expect(digest.count == counts.values.filter { $0 == 1 }.count)
      #expect(digest.collisionLines.count == size - digest.count)
      for index in 0..<size {
        if counts[hashes[index]] == 1 {
          let found = digest.index(of: hashes[index]).map { digest.lines[$0] }
          #expect(found == lines[index])
          #expect(digest.fingerprints[digest.index(of: hashes[index])!] == prints[index])
        } else {
          #expect(digest.index(of: hashes[index]) == nil)
          #expect(digest.collisionLines.contains(lines[index]))
        }
      }
    }
  }

  static func record(_ id: String, amount: Decimal = 100, line: Int) -> AidRecord {
    AidRecord(
      id: id, authorised: Day.parse("2018-03-01")!, provider: "P", providerType: .civic,
      category: "Flour", amount: amount, currency: "KRW", status: .authorised, line: line)
  }

  @Test func theFingerprintIsOfTheComparedValues() {
    let a = AidRecordFacts(Self.record("X", amount: Decimal(string: "12.50")!, line: 2))
    var b = AidRecordFacts(Self.record("X", amount: Decimal(string: "12.5")!, line: 9))
    #expect(a.fingerprint == b.fingerprint)  // the same amount; the line is not compared
    b.amount = Decimal(string: "12.51")!
    #expect(a.fingerprint != b.fingerprint)
    b = a
    b.delivered = Day.parse("2018-04-01")
    #expect(a.fingerprint != b.fingerprint)
    b = a
    b.status = "delivered"
    #expect(a.fingerprint != b.fingerprint)
  }

  /// Two earlier records whose ids hash alike: matched by the id itself.
  @Test func recordsSharingAHashAreComparedById() {
    let x = AidRecordFacts(Self.record("X", line: 2))
    let y = AidRecordFacts(Self.record("Y", line: 3))
    let digest = AidRecordDigest(
      idHashes: [x.idHash, x.idHash], fingerprints: [x.fingerprint, y.fingerprint], lines: [2, 3])
    var comparison = AidRecordComparison(
      earlier: digest, coveredThrough: Day.parse("2018-12-31")!)
    comparison.observe(Self.record("X", amount: 150, line: 2))
    #expect(comparison.earlierLinesNeeded == [2, 3])
    let revisions = comparison.revisions(earlier: [2: x, 3: y], folder: "2018-12")
    #expect(revisions.map(\.key) == ["X", "Y"])
    #expect(revisions[0].measure == "amount" && revisions[0].change == 50)
    #expect(revisions[1].kind == .removed && revisions[1].previous == .number(100))
  }

  @Test func removedRecordsAreCountedAndListed() {
    let facts = (0..<5).map { AidRecordFacts(Self.record("R\($0)", line: $0 + 2)) }
    let digest = AidRecordDigest(
      idHashes: facts.map(\.idHash), fingerprints: facts.map(\.fingerprint),
      lines: facts.map { UInt32($0.line) })
    var comparison = AidRecordComparison(earlier: digest, coveredThrough: Day.parse("2018-12-31")!)
    comparison.observe(Self.record("R1", line: 2))
    comparison.observe(Self.record("R3", line: 3))
    #expect(comparison.removedCount == 3)
    #expect(comparison.earlierLinesNeeded == [2, 4, 6])
    let revisions = comparison.revisions(
      earlier: Dictionary(uniqueKeysWithValues: facts.map { ($0.line, $0) }), folder: "2018-12")
    #expect(revisions.map(\.key) == ["R0", "R2", "R4"])
    #expect(revisions.allSatisfy { $0.kind == .removed && $0.now == nil })
  }
}
