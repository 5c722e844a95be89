import ArgumentParser
import Foundation
import Logging
import NKDeliver
import NKPublish

struct SendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "send",
    abstract: "Mail the digest of every published report not yet delivered.",
    discussion: """
      Examples:
        nkreport send
        nkreport send --config /etc/nkreport/nkreport.toml
        nkreport send --mark-delivered 2018-11
        nkreport send --resend 2018-11

      Looks at every report folder REPORTS/YYYY-MM whose delivery.json does not record a delivery, and hands its digest.eml to `sendmail -t -oi -f FROM` (recipients from the To header, the envelope sender from From). A revised report is sent again with "(revised)" in the subject and a Message-ID of its own. A delivered report whose digest names a recipient added since is mailed to that recipient alone. A message larger than max_message_bytes goes without the workbook and says where it is instead.

      delivery.json beside the report (outside SHA256SUMS) is a write-ahead log: each attempt is recorded before the message is handed to sendmail and its outcome after. A failed send exits 69 and is retried by the next run; a delivered report is never sent again. When the record cannot be read (damaged, a folder in its place) or says an attempt was handed to sendmail without an outcome (a crash in between: possibly delivered), nothing is mailed for that report and each run logs an error naming the file, until the operator checks the mail log and runs `nkreport send --mark-delivered PERIOD` (it arrived; never send it) or `nkreport send --resend PERIOD` (mail it now, again if need be). Both keep an unreadable record as delivery.json.damaged.

      Exit codes: 0 nothing left to send, 64 usage error, 65 a record is unreadable or says "possibly delivered" (the operator must act), 66 reports folder or the named report missing, 69 a send failed (retried next time), 73 delivery record unwritable (nothing mailed), 75 another run holds the lock, 78 bad settings.
      """)

  @OptionGroup var config: ConfigOption

  @Option(help: ArgumentHelp("Folder the reports are published in.", valueName: "dir"))
  var reports: String?

  @Option(help: ArgumentHelp("The sendmail program to run.", valueName: "path"))
  var sendmail: String?

  @Option(
    help: ArgumentHelp("Largest message to send, in bytes (more than 0).", valueName: "bytes"))
  var maxMessageBytes: Int?

  @Option(
    help: ArgumentHelp(
      "Record the report of this month as delivered (checked in the mail log) and send nothing.",
      valueName: "YYYY-MM"))
  var markDelivered: String?

  @Option(
    help: ArgumentHelp(
      "Mail the report of this month now, even if it was (or may have been) delivered.",
      valueName: "YYYY-MM"))
  var resend: String?

  func validate() throws {
    if let maxMessageBytes, maxMessageBytes <= 0 {
      throw ValidationError("--max-message-bytes must be more than 0 (got \(maxMessageBytes))")
    }
    if markDelivered != nil && resend != nil {
      throw ValidationError("give --mark-delivered or --resend, not both")
    }
    for (option, value) in [("--mark-delivered", markDelivered), ("--resend", resend)] {
      if let value, !Self.isPeriod(value) {
        throw ValidationError(
          "\(option) must be a month written YYYY-MM (got \(value.debugDescription))")
      }
    }
  }

  func run() throws {
    Termination.install()
    var settings = try config.settings()
    if let reports { settings.reports = reports }
    if let sendmail { settings.mail.sendmail = sendmail }
    if let maxMessageBytes { settings.mail.maxMessageBytes = maxMessageBytes }

    let reportsDirectory = URL(fileURLWithPath: settings.reports)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: reportsDirectory.path, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      printError(
        "nkreport: reports folder \(reportsDirectory.path) does not exist or is not a folder")
      throw ExitStatus.noInput
    }
    let lock: ReportLock
    do {
      lock = try ReportLock(reportsDirectory: reportsDirectory)
    } catch {
      let notice = error.exitCode == 75
      printError("nkreport: \(error)", priority: notice ? .notice : .error)
      throw ExitCode(error.exitCode)
    }
    defer { lock.release() }
    defer {  // the delivery states
      do throws(PublishError) {
        try ReportIndex.rewrite(reportsDirectory: reportsDirectory)
      } catch {
        warnIndexNotWritten(error)
      }
    }

    let courier = Courier(
      sendmail: Sendmail(
        path: settings.mail.sendmail, timeoutSeconds: settings.mail.timeoutSeconds),
      maxMessageBytes: settings.mail.maxMessageBytes, reportURL: settings.mail.reportURL)
    let outbox = Outbox(reportsDirectory: reportsDirectory)
    let pending: [PendingReport]
    do {
      if let period = markDelivered {
        try mark(outbox.report(period: period), courier)
        return
      }
      if let period = resend {
        let report = try outbox.report(period: period)
        try courier.requestResend(report, note: "nkreport send --resend \(period)")
        EventLog.logger.notice(
          "resend requested by the operator", metadata: ["report": "\(report.folder.path)"])
        pending = [report]
      } else {
        pending = try outbox.pending()
      }
    } catch {
      printError("nkreport: \(error)")
      throw ExitCode(error.exitCode)
    }
    try deliver(pending, courier, reports: settings.reports)
  }

  private func mark(_ report: PendingReport, _ courier: Courier) throws(DeliveryError) {
    try courier.markDelivered(
      report, note: "nkreport send --mark-delivered \(report.period)")
    EventLog.logger.notice(
      "marked delivered by the operator; not sent again",
      metadata: ["report": "\(report.folder.path)"])
    print("nkreport: \(report.record.path): marked delivered")
  }

  private func deliver(_ pending: [PendingReport], _ courier: Courier, reports: String) throws {
    let logger = EventLog.logger
    if pending.isEmpty {
      logger.info("nothing to send", metadata: ["reports": "\(reports)"])
      return
    }
    var failure: DeliveryError?
    for report in pending {
      do {
        guard let attempt = try courier.deliver(report) else { continue }
        let recipients = (attempt.recipients ?? []).joined(separator: ",")
        logger.notice(
          "digest sent",
          metadata: [
            "report": "\(report.folder.path)", "to": "\(recipients)",
            "message_id": "\(attempt.messageID ?? "")", "bytes": "\(attempt.bytes ?? 0)",
            "workbook_attached": "\(attempt.workbookAttached ?? false)",
            "revised": "\(report.isRevision)",
          ])
        print("nkreport: sent \(report.folder.path) to \(recipients)")
      } catch {
        var headline = "digest not sent"
        if case .sentButNotRecorded = error { headline = "digest sent but not recorded" }
        printError("nkreport: \(report.folder.path): \(headline): \(error)")
        logger.error(
          Self.consequence(of: error),
          metadata: ["report": "\(report.folder.path)", "reason": "\(error)"])
        failure = failure ?? error
      }
    }
    if let failure { throw ExitCode(failure.exitCode) }
  }

  /// What the operator should expect after a failure: a retry, or nothing until they act.
  private static func consequence(of error: DeliveryError) -> Logger.Message {
    switch error {
    case .sendFailed: return "digest not sent; the next run tries again"
    case .sentButNotRecorded:
      return "digest sent, its outcome not recorded; not sent again until the operator acts"
    case .damagedRecord, .possiblyDelivered, .cannotRecord:
      return "digest not sent; none is sent for this report until the operator acts"
    default: return "digest not sent"
    }
  }

  private static func isPeriod(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.count == 7 && bytes[4] == UInt8(ascii: "-")
      && bytes.enumerated().allSatisfy { $0 == 4 || (48...57).contains($1) }
  }
}
