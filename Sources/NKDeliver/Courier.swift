import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Delivers pending reports one by one, with `delivery.json` as a write-ahead log: the attempt
/// is recorded before the message is handed to sendmail, its outcome after. A record that
/// cannot be read or written means no mail.
public struct Courier: Sendable {
  public var sendmail: Sendmail
  public var maxMessageBytes: Int
  /// Base URL of the published reports folder, for the note of an over-size message.
  public var reportURL: String?

  public init(sendmail: Sendmail, maxMessageBytes: Int, reportURL: String?) {
    self.sendmail = sendmail
    self.maxMessageBytes = maxMessageBytes
    self.reportURL = reportURL
  }

  /// Sends `report`'s digest unless its record says it was, or may have been, delivered.
  /// Throws `.sendFailed` (after recording it) when sendmail failed, so the next run tries
  /// again; `.damagedRecord`, `.possiblyDelivered` or `.cannotRecord` (nothing mailed) when the
  /// record does not allow a send. Returns nil when the record says it was delivered.
  public func deliver(_ report: PendingReport, now: @Sendable () -> Date = Date.init)
    throws(DeliveryError) -> DeliveryRecord.Attempt?
  {
    var record = try DeliveryRecord.read(report.record)
    if let unresolved = record.unresolvedAttempt {
      throw .possiblyDelivered(path: report.record.path, since: unresolved.time)
    }
    // Delivered: only a recipient added to the settings since (the report was republished
    // with the new `To:`, not revised) is still owed the digest, and gets it alone.
    var onlyTo: [String]?
    if record.delivered {
      let owed = record.owed(to: try OutgoingMessage.recipients(ofDigestAt: report.message))
      if owed.isEmpty { return nil }
      onlyTo = owed
    }
    let started = now()
    let message = try outgoingMessage(report, sentAt: started)

    // Write-ahead: if this cannot be recorded, nothing is sent.
    var entry = DeliveryRecord.Attempt(
      time: utcTimestamp(started), outcome: .handedToSendmail, message: message)
    if let onlyTo { entry.recipients = onlyTo }
    record.attempts.append(entry)
    try record.write(to: report.record)

    let outcome = sendmail.send(message.bytes, envelopeFrom: message.envelopeFrom, onlyTo: onlyTo)
    var attempt = record.attempts.removeLast()
    attempt.outcome = outcome.failure == nil ? .sent : .failed
    attempt.sendmailExit = outcome.exitStatus
    attempt.error = outcome.failure
    record.attempts.append(attempt)
    // A failed send to an added recipient leaves the report delivered to the others.
    record.delivered = onlyTo != nil || attempt.succeeded
    // Unwritable now: the record still says "handed to sendmail", so no run mails it again.
    do {
      try record.write(to: report.record)
    } catch .cannotRecord(let path, let reason) where attempt.succeeded {
      throw .sentButNotRecorded(path: path, reason: reason)
    }
    if let failure = outcome.failure { throw .sendFailed(reason: failure) }
    return attempt
  }

  /// The operator says the digest was delivered (after checking the mail log): no run mails it
  /// again. A damaged record is kept beside the new one as `delivery.json.damaged` (or `-2`, …).
  public func markDelivered(_ report: PendingReport, note: String, now: Date = Date())
    throws(DeliveryError)
  {
    var (record, movedAside) = try Self.recordForOperator(report)
    var entry = DeliveryRecord.Attempt(time: utcTimestamp(now), outcome: .markedDelivered)
    // Delivered to whom the digest is addressed now (so a recipient added later is still owed).
    entry.recipients = try? OutgoingMessage.recipients(ofDigestAt: report.message)
    entry.error = [note, movedAside].compactMap { $0 }.joined(separator: "; ")
    record.attempts.append(entry)
    record.delivered = true
    try record.write(to: report.record)
  }

  /// The operator asks for the digest to be mailed again, delivered or possibly delivered
  /// before; the next `deliver` sends it. A damaged record is kept as `delivery.json.damaged`.
  public func requestResend(_ report: PendingReport, note: String, now: Date = Date())
    throws(DeliveryError)
  {
    var (record, movedAside) = try Self.recordForOperator(report)
    var entry = DeliveryRecord.Attempt(time: utcTimestamp(now), outcome: .resendRequested)
    entry.error = [note, movedAside].compactMap { $0 }.joined(separator: "; ")
    record.attempts.append(entry)
    record.delivered = false
    try record.write(to: report.record)
  }

  /// The record; or, after moving a damaged one aside, an empty record and a note saying so.
  private static func recordForOperator(_ report: PendingReport) throws(DeliveryError)
    -> (DeliveryRecord, String?)
  {
    do {
      return (try DeliveryRecord.read(report.record), nil)
    } catch .damagedRecord(let path, let reason) {
      // An earlier damaged record keeps its name: delivery.json.damaged, .damaged-2, …
      var aside = path + ".damaged"
      var number = 1
      var status = stat()
      while lstat(aside, &status) == 0 {
        number += 1
        aside = path + ".damaged-\(number)"
      }
      guard rename(path, aside) == 0 else {
        throw .cannotRecord(
          path: path, reason: "cannot move it aside: \(String(cString: strerror(errno)))")
      }
      return (
        DeliveryRecord(), "the earlier record could not be read (\(reason)); kept as \(aside)"
      )
    } catch {
      throw error
    }
  }

  private func outgoingMessage(_ report: PendingReport, sentAt: Date) throws(DeliveryError)
    -> OutgoingMessage
  {
    let digest: Data
    do {
      digest = try Data(contentsOf: report.message)
    } catch {
      throw .cannotRead(path: report.message.path, reason: (error as NSError).localizedDescription)
    }
    let workbookPath = report.workbook.standardizedFileURL.path
    let workbookBytes =
      ((try? FileManager.default.attributesOfItem(atPath: workbookPath))?[.size] as? Int) ?? 0
    return try OutgoingMessage(
      digest: digest, path: report.message.path, revisionOf: report.revisionOf, sentAt: sentAt,
      maxBytes: maxMessageBytes,
      workbook: .init(url: workbookURL(report), path: workbookPath, bytes: workbookBytes))
  }

  private func workbookURL(_ report: PendingReport) -> String? {
    guard let reportURL, !reportURL.isEmpty else { return nil }
    let base = reportURL.hasSuffix("/") ? reportURL : reportURL + "/"
    return base + report.period + "/" + report.workbook.lastPathComponent
  }
}
