import Foundation
import NKDurableFiles
import NKPublish
import Testing

@testable import NKDeliver

/// `delivery.json` as a write-ahead log: whatever happens to the record, a digest is mailed
/// once, or not at all with an error naming the file, never twice without a word.
@Suite("The delivery record as a write-ahead log")
struct WriteAheadTests {
  func courier(_ sendmail: FakeSendmail) -> Courier {
    Courier(
      sendmail: Sendmail(path: sendmail.path.path, timeoutSeconds: 30),
      maxMessageBytes: 10_000_000, reportURL: nil)
  }

  func recordURL(_ fixture: ReportFolderFixture) -> URL {
    fixture.folder.appendingPathComponent("delivery.json")
  }

  @Test func theAttemptIsRecordedBeforeSendmailRuns() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail(snapshotting: recordURL(fixture))
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let report = try Outbox(reportsDirectory: fixture.reports).pending()[0]
    _ = try courier(sendmail).deliver(report)
    // What sendmail could have seen, had the machine died while it ran.
    let during = try JSONDecoder().decode(
      DeliveryRecord.self,
      from: Data(contentsOf: sendmail.folder.appendingPathComponent("record-0")))
    #expect(during.attempts.map(\.outcome) == [.handedToSendmail])
    #expect(!during.delivered)
    #expect(during.unresolvedAttempt?.messageID == "<0123abcd.2018-11@nkreport.invalid>")
    let after = try DeliveryRecord.read(recordURL(fixture))
    #expect(after.attempts.map(\.outcome) == [.sent])
    #expect(after.delivered)
  }

  @Test func anOutcomeThatCouldNotBeRecordedIsPossiblyDeliveredAndNotSentAgain() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let outbox = Outbox(reportsDirectory: fixture.reports)
    // The attempt is recorded; the outcome's write fails (its temporary file cannot be made).
    let outcomeFails = FaultInjection.Fault(
      .open, under: fixture.folder.appendingPathComponent(".delivery.json").path, errno: EEXIST,
      after: 1)
    do {
      _ = try FaultInjection.with(outcomeFails) {
        try courier(sendmail).deliver(outbox.pending()[0])
      }
      Issue.record("an unrecorded outcome should be an error")
    } catch let error as DeliveryError {
      #expect(error.exitCode == 73)
      #expect(error == .sentButNotRecorded(path: recordURL(fixture).path, reason: "File exists"))
      #expect("\(error)".contains("sendmail accepted the digest"), "\(error)")
    }
    #expect(sendmail.messages.count == 1)
    // No temporary file is left beside the record.
    let names = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)
    #expect(!names.contains { $0.hasPrefix(".delivery.json") })
    // The next run: still pending, but possibly delivered, so nothing goes out.
    let pending = try outbox.pending()
    #expect(pending.count == 1)
    do {
      _ = try courier(sendmail).deliver(pending[0])
      Issue.record("a possibly delivered digest was sent again")
    } catch {
      guard case .possiblyDelivered(let path, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(path == recordURL(fixture).path)
      #expect(error.exitCode == 65)
      #expect("\(error)".contains("nkreport send --mark-delivered 2018-11"))
    }
    #expect(sendmail.messages.count == 1)

    // The operator checked the mail log: it arrived.
    try courier(sendmail).markDelivered(pending[0], note: "checked")
    #expect(try outbox.pending().isEmpty)
    #expect(try DeliveryRecord.read(recordURL(fixture)).attempts.last?.outcome == .markedDelivered)
    #expect(sendmail.messages.count == 1)
  }

  @Test(arguments: [
    ("truncated", "{\"delivered\": false, \"attempts\": [{\"time\": \"2026-12-05T06:00:00Z\""),
    ("empty", ""),
    ("wrong type", "{\"delivered\": \"yes\"}"),
    ("a list", "[]"),
  ])
  func aDamagedRecordMeansNoMailAndAnErrorNamingIt(_ name: String, _ contents: String) throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    try Data(contents.utf8).write(to: recordURL(fixture))
    try expectRefusedUntilTheOperatorActs(fixture, sendmail)
  }

  @Test func aFolderInPlaceOfTheRecordMeansNoMailOnEveryRun() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    try FileManager.default.createDirectory(
      at: recordURL(fixture), withIntermediateDirectories: true)
    try expectRefusedUntilTheOperatorActs(fixture, sendmail)
  }

  /// Refused twice (two runs), no mail; then `--resend` moves the damage aside and mails once.
  private func expectRefusedUntilTheOperatorActs(
    _ fixture: ReportFolderFixture, _ sendmail: FakeSendmail
  ) throws {
    let outbox = Outbox(reportsDirectory: fixture.reports)
    for _ in 0..<2 {
      let pending = try outbox.pending()
      #expect(pending.map(\.period) == ["2018-11"], "a damaged record must not hide the report")
      do {
        _ = try courier(sendmail).deliver(pending[0])
        Issue.record("sent despite an unreadable record")
      } catch {
        #expect(error.exitCode == 65)
        #expect("\(error)".hasPrefix(recordURL(fixture).path + ": unreadable delivery record"))
      }
    }
    #expect(sendmail.messages.isEmpty)
    let report = try outbox.report(period: "2018-11")
    try courier(sendmail).requestResend(report, note: "test")
    #expect(
      FileManager.default.fileExists(atPath: recordURL(fixture).path + ".damaged"))
    _ = try courier(sendmail).deliver(report)
    #expect(sendmail.messages.count == 1)
    let record = try DeliveryRecord.read(recordURL(fixture))
    #expect(record.attempts.map(\.outcome) == [.resendRequested, .sent])
    #expect(record.attempts[0].error?.contains("kept as") == true)
    #expect(try outbox.pending().isEmpty)
  }

  @Test func aSecondDamagedRecordIsKeptBesideTheFirst() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let report = try Outbox(reportsDirectory: fixture.reports).report(period: "2018-11")
    try Data("{".utf8).write(to: recordURL(fixture))
    try courier(sendmail).markDelivered(report, note: "first")
    try FileManager.default.removeItem(at: recordURL(fixture))
    try FileManager.default.createDirectory(
      at: recordURL(fixture), withIntermediateDirectories: true)
    try courier(sendmail).markDelivered(report, note: "second")
    let names = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path)
    #expect(names.contains("delivery.json.damaged") && names.contains("delivery.json.damaged-2"))
    #expect(try DeliveryRecord.read(recordURL(fixture)).delivered)
    #expect(sendmail.messages.isEmpty)
  }

  @Test func aRecordWrittenByHandIsHonoured() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    try Data("{\"delivered\": true}\n".utf8).write(to: recordURL(fixture))
    let outbox = Outbox(reportsDirectory: fixture.reports)
    #expect(try outbox.pending().isEmpty)
    #expect(try courier(sendmail).deliver(outbox.report(period: "2018-11")) == nil)
    #expect(sendmail.messages.isEmpty)
  }

  @Test func aRecordOfAnEarlierVersionStillCountsItsDelivery() throws {
    let fixture = try ReportFolderFixture()
    defer { fixture.remove() }
    let earlier = """
      {"attempts": [{"bytes": 10, "envelope_from": "a@example.org", "error": null,
      "message_id": "<x@y>", "recipients": ["b@example.org"], "sendmail_exit": 0, "subject": "s",
      "time": "2026-12-05T06:00:00Z", "workbook_attached": true}], "delivered": true}
      """
    try Data(earlier.utf8).write(to: recordURL(fixture))
    let record = try DeliveryRecord.read(recordURL(fixture))
    #expect(record.delivered && record.attempts.first?.outcome == .sent)
  }

  @Test func theOperatorCanResendADeliveredReport() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let outbox = Outbox(reportsDirectory: fixture.reports)
    _ = try courier(sendmail).deliver(outbox.pending()[0])
    #expect(try courier(sendmail).deliver(outbox.report(period: "2018-11")) == nil)
    try courier(sendmail).requestResend(outbox.report(period: "2018-11"), note: "lost")
    _ = try courier(sendmail).deliver(outbox.pending()[0])
    #expect(sendmail.messages.count == 2)
    #expect(throws: DeliveryError.self) { try outbox.report(period: "2018-12") }
  }
}

@Suite("Every distinct message has its own Message-ID")
struct MessageIDTests {
  func sent(_ fixture: ReportFolderFixture, revisionOf: String?, maxBytes: Int = 10_000_000)
    throws -> OutgoingMessage
  {
    try OutgoingMessage(
      digest: Data(contentsOf: fixture.folder.appendingPathComponent("digest.eml")),
      path: "digest.eml", revisionOf: revisionOf, sentAt: Date(timeIntervalSince1970: 0),
      maxBytes: maxBytes, workbook: .init(url: nil, path: "x.xlsx", bytes: 30_000))
  }

  @Test func aRevisionWithAnUnchangedDigestStillGetsANewMessageID() throws {
    let fixture = try ReportFolderFixture(workbookBytes: 30_000)
    defer { fixture.remove() }
    let ids = [
      try sent(fixture, revisionOf: nil),
      try sent(fixture, revisionOf: "2018-11.rev-1"),
      try sent(fixture, revisionOf: "2018-11.rev-2"),
      try sent(fixture, revisionOf: nil, maxBytes: 20_000),
      try sent(fixture, revisionOf: "2018-11.rev-1", maxBytes: 20_000),
    ].map(\.messageID)
    #expect(Set(ids).count == ids.count, "\(ids)")
    #expect(ids[0] == "<0123abcd.2018-11@nkreport.invalid>")
    #expect(ids[1] == "<0123abcd.2018-11.r1@nkreport.invalid>")
    #expect(ids[4] == "<0123abcd.2018-11.r1.nowb@nkreport.invalid>")
    // The header carries it too, once.
    let text = String(decoding: try sent(fixture, revisionOf: "2018-11.rev-1").bytes, as: UTF8.self)
    #expect(
      text.components(separatedBy: "Message-ID: <0123abcd.2018-11.r1@nkreport.invalid>\r\n").count
        == 2)
    #expect(!text.contains("Message-ID: <0123abcd.2018-11@"))
  }
}

@Suite("sendmail's output in messages and logs")
struct SendmailOutputTests {
  @Test func controlCharactersAndBytesThatAreNotUTF8AreEscapedAndTheReasonKept() {
    let output =
      Data([0xE9, 0x74, 0xE9, 0x20]) + Data("550 5.7.1 relay denied\r\n".utf8)
      + Data("second line\u{1B}[31m red\rforged\n\n".utf8) + Data("주소 ok\n".utf8)
    let text = Sendmail.printable(output)
    #expect(
      text == "\\xE9t\\xE9 550 5.7.1 relay denied | second line\\x1B[31m red\\rforged | 주소 ok")
    #expect(!text.contains("\n") && !text.contains("\r"))
  }

  @Test func aFailedSendsReasonSurvivesLatin1() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail(
      extraCommand: "printf '\\351chec: 550 5.7.1 relay denied\\n' >&2; exit 69")
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let courier = Courier(
      sendmail: Sendmail(path: sendmail.path.path, timeoutSeconds: 30),
      maxMessageBytes: 10_000_000, reportURL: nil)
    do {
      _ = try courier.deliver(Outbox(reportsDirectory: fixture.reports).pending()[0])
      Issue.record("the send should have failed")
    } catch {
      #expect("\(error)".contains("exited 69: \\xE9chec: 550 5.7.1 relay denied"), "\(error)")
    }
  }
}
