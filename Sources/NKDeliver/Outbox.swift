import Foundation
import NKPublish
import NKRender

/// A published report whose digest has not been delivered yet.
public struct PendingReport: Sendable, Equatable {
  /// The report folder, e.g. `Reports/2018-11`.
  public var folder: URL
  /// `2018-11`.
  public var period: String
  /// The earlier report this one replaced (`2018-11.rev-1`), nil for a first publication.
  public var revisionOf: String?

  public var isRevision: Bool { revisionOf != nil }
  public var message: URL { folder.appendingPathComponent(DigestFileName.message) }
  public var workbook: URL {
    folder.appendingPathComponent(DigestFileName.workbookAttachment(period: period))
  }
  public var record: URL { folder.appendingPathComponent(Publisher.deliveryRecordName) }
}

/// The reports folder seen as an outbox: every current report (`YYYY-MM`, not the superseded
/// `YYYY-MM.rev-N`) whose delivery record does not say it was delivered. A report whose record
/// cannot be read is listed too: the courier refuses it with an error naming the file, rather
/// than the report silently dropping out of (or back into) the mail.
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
    return names.sorted().filter(Self.isPeriodFolder).compactMap(published).filter(isPending)
  }

  /// Not delivered (or its record unreadable: the courier says why), or delivered but owed to a
  /// recipient added since.
  private func isPending(_ report: PendingReport) -> Bool {
    guard let record = try? DeliveryRecord.read(report.record), record.delivered else {
      return true
    }
    guard let recipients = try? OutgoingMessage.recipients(ofDigestAt: report.message) else {
      return false
    }
    return !record.owed(to: recipients).isEmpty
  }

  /// The published report of `period`, delivered or not (for the operator's commands).
  public func report(period: String) throws(DeliveryError) -> PendingReport {
    guard Self.isPeriodFolder(period), let report = published(period) else {
      throw .noSuchReport(
        path: reportsDirectory.appendingPathComponent(period).path,
        reason: "no published report (run.json and digest.eml) for \(period)")
    }
    return report
  }

  /// A folder without its run.json or digest is not a published report.
  private func published(_ name: String) -> PendingReport? {
    let folder = reportsDirectory.appendingPathComponent(name)
    guard
      let manifest = try? Data(contentsOf: folder.appendingPathComponent(Publisher.manifestName)),
      let json = try? JSONSerialization.jsonObject(with: manifest) as? [String: Any],
      FileManager.default.fileExists(
        atPath: folder.appendingPathComponent(DigestFileName.message).path)
    else { return nil }
    var revisionOf: String?
    if let revision = json["revision"], !(revision is NSNull) {
      revisionOf = ((revision as? [String: Any])?["previous"] as? String) ?? "\(name).rev"
    }
    return PendingReport(folder: folder, period: name, revisionOf: revisionOf)
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
