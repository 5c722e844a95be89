import Foundation
import NKInputs
import NKSummary

/// `aid-records.digest`: a report's aid records in the compact form the next report compares
/// with, so that comparison reads 20 bytes a record instead of parsing `aid-records.csv`
/// (1M records: 20 MB read in one go against some seconds of CSV). Written in the ledger's one
/// pass beside `aid-records.csv`; a report without it (older versions) is compared through its
/// `aid-records.csv` instead.
///
/// Layout: the line `nkreport aid-records digest 1\n`, then per record, little-endian: the id's
/// hash (UInt64), the fingerprint of the compared fields (UInt64), the record's line in
/// `aid-records.csv` (UInt32). Same records in the same order → the same bytes.
public enum AidRecordDigestFile {
  public static let name = "aid-records.digest"
  static let header = Array("nkreport aid-records digest 1\n".utf8)
  static let entryBytes = 20

  /// Appends `record`'s entry (written at `line` of `aid-records.csv`) to `bytes`.
  public static func append(_ record: AidRecord, line: Int, to bytes: inout [UInt8]) {
    let facts = AidRecordFacts(record)
    append(idHash: facts.idHash, fingerprint: facts.fingerprint, line: line, to: &bytes)
  }

  public static func append(idHash: UInt64, fingerprint: UInt64, line: Int, to bytes: inout [UInt8])
  {
    withUnsafeBytes(of: idHash.littleEndian) { bytes += $0 }
    withUnsafeBytes(of: fingerprint.littleEndian) { bytes += $0 }
    withUnsafeBytes(of: UInt32(clamping: line).littleEndian) { bytes += $0 }
  }

  /// The file's first bytes.
  public static var headerBytes: [UInt8] { header }

  /// Reads the digest at `url` in chunks; throws `InputError.unreadable` for a file that is
  /// not one (wrong header, a cut-off entry).
  public static func read(_ url: URL) throws -> AidRecordDigest {
    let handle: FileHandle
    do { handle = try FileHandle(forReadingFrom: url) } catch {
      throw InputError.unreadable(path: url.path, reason: "\(error)")
    }
    defer { try? handle.close() }
    guard let start = try handle.read(upToCount: header.count), Array(start) == header else {
      throw InputError.unreadable(path: url.path, reason: "not an aid-records digest")
    }
    var hashes: [UInt64] = []
    var fingerprints: [UInt64] = []
    var lines: [UInt32] = []
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    let expected = max(0, (size - header.count) / entryBytes)
    hashes.reserveCapacity(expected)
    fingerprints.reserveCapacity(expected)
    lines.reserveCapacity(expected)
    while let chunk = try handle.read(upToCount: entryBytes * 50_000), !chunk.isEmpty {
      guard chunk.count % entryBytes == 0 else {
        throw InputError.unreadable(path: url.path, reason: "the last entry is cut off")
      }
      chunk.withUnsafeBytes { raw in
        for offset in stride(from: 0, to: raw.count, by: entryBytes) {
          hashes.append(
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
          fingerprints.append(
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
          lines.append(
            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)))
        }
      }
    }
    return AidRecordDigest(
      idHashes: consume hashes, fingerprints: consume fingerprints, lines: consume lines)
  }
}
