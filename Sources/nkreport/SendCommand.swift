import ArgumentParser
import Foundation
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

      Looks at every report folder REPORTS/YYYY-MM whose delivery.json does not record a delivery, and hands its digest.eml to `sendmail -t -oi -f FROM` (recipients from the To header, the envelope sender from From). A revised report is sent again with "(revised)" in the subject. A message larger than max_message_bytes goes without the workbook and says where it is instead. Each attempt is recorded in delivery.json beside the report (outside SHA256SUMS). A failed send exits 69 and is retried by the next run; a delivered report is never sent again.

      Exit codes: 0 nothing left to send, 66 reports folder unreadable, 69 a send failed (retried next time), 73 delivery record unwritable, 75 another run holds the lock, 78 bad settings.
      """)

  @OptionGroup var config: ConfigOption

  @Option(help: ArgumentHelp("Folder the reports are published in.", valueName: "dir"))
  var reports: String?

  @Option(help: ArgumentHelp("The sendmail program to run.", valueName: "path"))
  var sendmail: String?

  @Option(help: ArgumentHelp("Largest message to send, in bytes.", valueName: "bytes"))
  var maxMessageBytes: Int?

  func run() throws {
    Termination.install()
    let logger = EventLog.logger
    var settings = try config.settings()
    if let reports { settings.reports = reports }
    if let sendmail { settings.mail.sendmail = sendmail }
    if let maxMessageBytes { settings.mail.maxMessageBytes = maxMessageBytes }

    let reportsDirectory = URL(fileURLWithPath: settings.reports)
    let lock: ReportLock
    do {
      lock = try ReportLock(reportsDirectory: reportsDirectory)
    } catch {
      let notice = error.exitCode == 75
      printError("nkreport: \(error)", priority: notice ? .notice : .error)
      throw ExitCode(error.exitCode)
    }
    defer { lock.release() }
    defer { try? ReportIndex.rewrite(reportsDirectory: reportsDirectory) }  // delivery states

    let courier = Courier(
      sendmail: Sendmail(
        path: settings.mail.sendmail, timeoutSeconds: settings.mail.timeoutSeconds),
      maxMessageBytes: settings.mail.maxMessageBytes, reportURL: settings.mail.reportURL)
    let pending: [PendingReport]
    do {
      pending = try Outbox(reportsDirectory: reportsDirectory).pending()
    } catch {
      printError("nkreport: \(error)")
      throw ExitCode(error.exitCode)
    }
    if pending.isEmpty {
      logger.info("nothing to send", metadata: ["reports": "\(settings.reports)"])
      return
    }
    var failure: DeliveryError?
    for report in pending {
      do {
        let attempt = try courier.deliver(report)
        logger.notice(
          "digest sent",
          metadata: [
            "report": "\(report.folder.path)", "to": "\(attempt.recipients.joined(separator: ","))",
            "message_id": "\(attempt.messageID)", "bytes": "\(attempt.bytes)",
            "workbook_attached": "\(attempt.workbookAttached)", "revised": "\(report.isRevision)",
          ])
        print(
          "nkreport: sent \(report.folder.path) to \(attempt.recipients.joined(separator: ", "))")
      } catch {
        printError("nkreport: \(report.folder.path): digest not sent: \(error)")
        logger.error(
          "digest not sent; the next run tries again",
          metadata: ["report": "\(report.folder.path)", "reason": "\(error)"])
        failure = failure ?? error
      }
    }
    if let failure { throw ExitCode(failure.exitCode) }
  }
}
