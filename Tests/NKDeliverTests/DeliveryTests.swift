import Foundation
import NKPublish
import Testing

@testable import NKDeliver

@Suite("The message handed to sendmail")
struct OutgoingMessageTests {
  let sentAt = Date(timeIntervalSince1970: 1_796_152_288)  // Tue, 01 Dec 2026 19:11:28 UTC

  func message(
    _ fixture: ReportFolderFixture, revisionOf: String? = nil, maxBytes: Int = 10_000_000
  )
    throws -> OutgoingMessage
  {
    try OutgoingMessage(
      digest: Data(contentsOf: fixture.folder.appendingPathComponent("digest.eml")),
      path: "digest.eml", revisionOf: revisionOf, sentAt: sentAt, maxBytes: maxBytes,
      workbook: .init(
        url: "https://reports.example.org/nk/2018-11/nkreport-2018-11.xlsx",
        path: "/var/lib/nkreport/Reports/2018-11/nkreport-2018-11.xlsx",
        bytes: fixture.workbook.count))
  }

  @Test func theSentCopyHasTheSendingDateAndOtherwiseTheDigestsBytes() throws {
    let fixture = try ReportFolderFixture()
    defer { fixture.remove() }
    let digest = try Data(contentsOf: fixture.folder.appendingPathComponent("digest.eml"))
    let sent = try message(fixture)
    let expected = String(decoding: digest, as: UTF8.self).replacingOccurrences(
      of: "Date: Sat, 01 Dec 2018 00:00:00 +0000", with: "Date: Tue, 01 Dec 2026 19:11:28 +0000")
    #expect(String(decoding: sent.bytes, as: UTF8.self) == expected)
    #expect(sent.workbookAttached)
    #expect(sent.envelopeFrom == "nkreport@example.org")
    #expect(sent.recipients == ["desk@example.org", "second@example.org"])
    #expect(sent.messageID == "<0123abcd.2018-11@nkreport.invalid>")
  }

  @Test func aRevisionSaysSoInTheSubject() throws {
    let fixture = try ReportFolderFixture()
    defer { fixture.remove() }
    let sent = try message(fixture, revisionOf: "2018-11.rev-1")
    #expect(
      sent.subject == "nkreport: North Korean arrivals and aid, January-November 2018 (revised)")
    #expect(
      String(decoding: sent.bytes, as: UTF8.self).contains(
        "Subject: nkreport: North Korean arrivals and aid, January-November 2018\r\n (revised)\r\n")
    )
  }

  @Test func overTheLimitTheWorkbookIsLeftOutAndTheNoteSaysWhereItIs() throws {
    let fixture = try ReportFolderFixture(workbookBytes: 30_000)
    defer { fixture.remove() }
    let sent = try message(fixture, maxBytes: 20_000)
    let text = String(decoding: sent.bytes, as: UTF8.self)
    #expect(!sent.workbookAttached)
    #expect(sent.bytes.count < 20_000)
    #expect(!text.contains("Content-Disposition: attachment"))
    #expect(text.contains("The workbook nkreport-2018-11.xlsx (30,000 bytes) is not attached"))
    #expect(text.contains("over the limit of 20,000 bytes (max_message_bytes)"))
    #expect(
      text.contains("Download it from https://reports.example.org/nk/2018-11/nkreport-2018-11.xlsx")
    )
    #expect(
      text.contains(
        "On the report server it is /var/lib/nkreport/Reports/2018-11/nkreport-2018-11.xlsx"))
    // Still one well-formed multipart/mixed: the note first, then the digest, then the end.
    let note = try #require(text.range(of: "Content-Disposition: inline"))
    let digest = try #require(text.range(of: "Content-Type: multipart/alternative"))
    #expect(note.lowerBound < digest.lowerBound)
    #expect(text.hasSuffix("\r\n--=_mixed--\r\n"))
    #expect(text.components(separatedBy: "\r\n--=_mixed\r\n").count == 3)
  }

  @Test func atTheLimitTheWorkbookStays() throws {
    let fixture = try ReportFolderFixture(workbookBytes: 30_000)
    defer { fixture.remove() }
    let size = try message(fixture).bytes.count
    #expect(try message(fixture, maxBytes: size).workbookAttached)
    #expect(try !message(fixture, maxBytes: size - 1).workbookAttached)
  }

  @Test func aMessageWithoutHeadersIsRefused() throws {
    #expect(throws: DeliveryError.self) {
      try OutgoingMessage(
        digest: Data("no headers here".utf8), path: "digest.eml", revisionOf: nil, sentAt: sentAt,
        maxBytes: 100, workbook: .init(url: nil, path: "x", bytes: 0))
    }
  }
}

@Suite("Delivering published reports exactly once")
struct DeliveryTests {
  func courier(_ sendmail: FakeSendmail, timeout: Int = 30) -> Courier {
    Courier(
      sendmail: Sendmail(path: sendmail.path.path, timeoutSeconds: timeout),
      maxMessageBytes: 10_000_000, reportURL: nil)
  }

  @Test func aReportIsMailedOnceAndRecordedBesideIt() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let outbox = Outbox(reportsDirectory: fixture.reports)
    let pending = try outbox.pending()
    #expect(pending.map(\.period) == ["2018-11"])
    let attempt = try courier(sendmail).deliver(pending[0])
    #expect(attempt?.succeeded == true)
    #expect(sendmail.arguments(0) == "-t -oi -f nkreport@example.org\n")
    #expect(sendmail.messages.count == 1)
    let record = try DeliveryRecord.read(pending[0].record)
    #expect(record.delivered)
    #expect(record.attempts.first?.recipients == ["desk@example.org", "second@example.org"])
    #expect(record.attempts.first?.sendmailExit == 0)
    #expect(record.attempts.first?.messageID == "<0123abcd.2018-11@nkreport.invalid>")
    // Delivered: nothing is pending any more.
    #expect(try outbox.pending().isEmpty)
  }

  @Test func aFailedSendIsRecordedAndRetriedWithoutSendingTwice() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let outbox = Outbox(reportsDirectory: fixture.reports)
    try sendmail.fail(with: 75)
    #expect(throws: DeliveryError.self) { try courier(sendmail).deliver(outbox.pending()[0]) }
    do {
      _ = try courier(sendmail).deliver(outbox.pending()[0])
    } catch {
      #expect(error.exitCode == 69)
      #expect("\(error)".contains("exited 75: sendmail: fatal: refused"))
    }
    #expect(try outbox.pending().count == 1)
    try sendmail.fail(with: nil)
    _ = try courier(sendmail).deliver(outbox.pending()[0])
    #expect(try outbox.pending().isEmpty)
    let record = try DeliveryRecord.read(fixture.folder.appendingPathComponent("delivery.json"))
    #expect(record.attempts.map(\.sendmailExit) == [75, 75, 0])
    #expect(record.delivered)
  }

  @Test func aSendmailThatHangsIsStoppedAtTheTimeout() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    try sendmail.hang(seconds: 30)
    let started = Date()
    do {
      _ = try courier(sendmail, timeout: 1).deliver(
        Outbox(reportsDirectory: fixture.reports).pending()[0])
      Issue.record("the send should have timed out")
    } catch {
      #expect("\(error)".contains("did not finish within 1 s"))
    }
    #expect(Date().timeIntervalSince(started) < 15)
    let record = try DeliveryRecord.read(fixture.folder.appendingPathComponent("delivery.json"))
    #expect(!record.delivered)
    #expect(record.attempts.first?.sendmailExit == nil)
  }

  @Test func aMissingSendmailIsAFailedSend() throws {
    let fixture = try ReportFolderFixture()
    defer { fixture.remove() }
    let courier = Courier(
      sendmail: Sendmail(path: "/nonexistent/sendmail", timeoutSeconds: 5),
      maxMessageBytes: 10_000_000, reportURL: nil)
    #expect(throws: DeliveryError.self) {
      try courier.deliver(Outbox(reportsDirectory: fixture.reports).pending()[0])
    }
  }

  @Test func onlyCurrentPublishedReportsArePendingAndARevisionIsMarked() throws {
    let fixture = try ReportFolderFixture(revision: true)
    defer { fixture.remove() }
    let files = FileManager.default
    // A superseded revision, a staging folder and a folder without run.json are not reports.
    try files.copyItem(
      at: fixture.folder, to: fixture.reports.appendingPathComponent("2018-11.rev-1"))
    try files.createDirectory(
      at: fixture.reports.appendingPathComponent(".staging-2018-12-1"),
      withIntermediateDirectories: true)
    try files.createDirectory(
      at: fixture.reports.appendingPathComponent("2018-10"), withIntermediateDirectories: true)
    let pending = try Outbox(reportsDirectory: fixture.reports).pending()
    #expect(pending.map(\.period) == ["2018-11"])
    #expect(pending.first?.isRevision == true)
  }

  @Test func utcTimesAreWrittenWithoutALocale() {
    #expect(utcTimestamp(Date(timeIntervalSince1970: 1_796_152_288)) == "2026-12-01T19:11:28Z")
    #expect(mailDate(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
    #expect(mailDate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
  }
}
