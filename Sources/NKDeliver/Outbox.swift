import Foundation
import NKPublish
import NKRender

/// A published report whose digest has not been delivered yet.
public struct PendingReport: Sendable, Equatable {
  /// The report folder, e.g. `Reports/2018-11`.
  public var folder: URL
  /// `2018-11`.
  public var period: String
  /// True when the report replaced an earlier one (its `run.json` names a revision).
  public var isRevision: Bool

  public var message: URL { folder.appendingPathComponent(DigestFileName.message) }
  public var workbook: URL {
    folder.appendingPathComponent(DigestFileName.workbookAttachment(period: period))
  }
  public var record: URL { folder.appendingPathComponent(Publisher.deliveryRecordName) }
}

/// The reports folder seen as an outbox: every current report (`YYYY-MM`, not the superseded
/// `YYYY-MM.rev-N`) whose delivery record does not say it was delivered.
public struct Outbox: Sendable {
  public let reportsDirectory: URL

  public init(reportsDirectory: URL) {
    self.reportsDirectory = reportsDirectory
  }

  /// The undelivered reports, oldest period first.
  public func pending() throws(DeliveryError) -> [PendingReport] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: reportsDirectory.path)
    } catch {
      throw .cannotRead(
        path: reportsDirectory.path, reason: (error as NSError).localizedDescription)
    }
    var reports: [PendingReport] = []
    for name in names.sorted() where Self.isPeriodFolder(name) {
      let folder = reportsDirectory.appendingPathComponent(name)
      // A folder without its run.json or digest is not a published report.
      guard
        let manifest = try? Data(contentsOf: folder.appendingPathComponent(Publisher.manifestName)),
        let json = try? JSONSerialization.jsonObject(with: manifest) as? [String: Any],
        FileManager.default.fileExists(
          atPath: folder.appendingPathComponent(DigestFileName.message).path)
      else { continue }
      let report = PendingReport(
        folder: folder, period: name, isRevision: json["revision"].map { !($0 is NSNull) } ?? false)
      if (try? DeliveryRecord.read(report.record))?.delivered == true { continue }
      reports.append(report)
    }
    return reports
  }

  /// `YYYY-MM` exactly.
  static func isPeriodFolder(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return false }
    return bytes.enumerated().allSatisfy { index, byte in
      index == 4 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
  }
}

/// Why a delivery failed. Each maps to a sysexits code.
public enum DeliveryError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The reports folder or a report file could not be read (EX_NOINPUT, 66).
  case cannotRead(path: String, reason: String)
  /// `digest.eml` is not a message this program wrote (EX_DATAERR, 65).
  case malformedMessage(path: String, reason: String)
  /// sendmail could not be run, failed or timed out (EX_UNAVAILABLE, 69: retried next time).
  case sendFailed(reason: String)
  /// The delivery record could not be written (EX_CANTCREAT, 73).
  case cannotRecord(path: String, reason: String)

  public var exitCode: Int32 {
    switch self {
    case .cannotRead: return 66
    case .malformedMessage: return 65
    case .sendFailed: return 69
    case .cannotRecord: return 73
    }
  }

  public var description: String {
    switch self {
    case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
    case .malformedMessage(let path, let reason): return "\(path): \(reason)"
    case .sendFailed(let reason): return reason
    case .cannotRecord(let path, let reason): return "cannot write \(path): \(reason)"
    }
  }
}
