import Foundation
import Testing

@testable import NKDeliver

/// A recipient added to the settings after a report was mailed: the report is republished with
/// the new `To:` (not revised), and only the new recipient gets it, once.
@Suite(.serialized) struct AddedRecipientTests {
  func courier(_ sendmail: FakeSendmail) -> Courier {
    Courier(
      sendmail: Sendmail(path: sendmail.path.path, timeoutSeconds: 10),
      maxMessageBytes: 10_000_000, reportURL: nil)
  }

  /// The fixture's digest with `To:` replaced, as a run with new settings rewrites it.
  func readdress(_ fixture: ReportFolderFixture, to: String) throws {
    let url = fixture.folder.appendingPathComponent("digest.eml")
    var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
    let index = try #require(lines.firstIndex { $0.hasPrefix("To: ") })
    lines[index] = "To: " + to
    try Data(lines.joined(separator: "\r\n").utf8).write(to: url)
  }

  @Test func onlyTheAddedRecipientGetsTheReportOnce() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let outbox = Outbox(reportsDirectory: fixture.reports)
    _ = try courier(sendmail).deliver(try outbox.pending()[0])
    #expect(try outbox.pending().isEmpty)

    // The same recipients in another case and order: nothing is owed.
    try readdress(fixture, to: "SECOND@example.org, desk@example.org")
    #expect(try outbox.pending().isEmpty)

    try readdress(fixture, to: "desk@example.org, second@example.org, \"New\" <new@example.org>")
    let pending = try outbox.pending()
    #expect(pending.map(\.period) == ["2018-11"])
    let attempt = try #require(try courier(sendmail).deliver(pending[0]))
    #expect(attempt.recipients == ["new@example.org"])
    #expect(sendmail.messages.count == 2)
    // Given on the command line, not taken from To: (which would mail everyone again).
    #expect(sendmail.arguments(1) == "-oi -f nkreport@example.org -- new@example.org\n")
    // The same Message-ID: it is the same report, not a revision.
    let record = try DeliveryRecord.read(pending[0].record)
    #expect(record.delivered)
    #expect(record.attempts.map(\.messageID) == record.attempts.map { _ in attempt.messageID })

    // Now everyone has it.
    #expect(try outbox.pending().isEmpty)
    #expect(try courier(sendmail).deliver(pending[0]) == nil)
    #expect(sendmail.messages.count == 2)
  }

  @Test func aFailedSendToTheAddedRecipientIsRetriedToItAlone() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let outbox = Outbox(reportsDirectory: fixture.reports)
    _ = try courier(sendmail).deliver(try outbox.pending()[0])
    try readdress(fixture, to: "desk@example.org, new@example.org")
    try sendmail.fail(with: 75)
    #expect(throws: DeliveryError.self) { try courier(sendmail).deliver(try outbox.pending()[0]) }
    // Still delivered to the others; still owed to the new one.
    let report = try outbox.pending()[0]
    #expect(try DeliveryRecord.read(report.record).delivered)
    try sendmail.fail(with: nil)
    let attempt = try #require(try courier(sendmail).deliver(report))
    #expect(attempt.recipients == ["new@example.org"])
    #expect(sendmail.arguments(2) == "-oi -f nkreport@example.org -- new@example.org\n")
    #expect(try outbox.pending().isEmpty)
  }

  @Test func aRecordThatNamesNoRecipientsIsTakenToHaveReachedEveryone() throws {
    // delivery.json as an older version wrote it (no recipients in its attempt).
    var record = DeliveryRecord()
    record.delivered = true
    record.attempts = [.init(time: "2018-12-01T00:00:00Z", outcome: .sent)]
    #expect(record.owed(to: ["desk@example.org", "new@example.org"]).isEmpty)
    // An operator's resend request starts the count again (nothing reached since).
    record.attempts.append(.init(time: "2018-12-02T00:00:00Z", outcome: .resendRequested))
    record.attempts.append(
      {
        var sent = DeliveryRecord.Attempt(time: "2018-12-02T00:01:00Z", outcome: .sent)
        sent.recipients = ["desk@example.org"]
        return sent
      }())
    #expect(record.owed(to: ["desk@example.org", "new@example.org"]) == ["new@example.org"])
  }

  @Test func aSendToTheAddedRecipientLeftUnresolvedIsNotRepeated() throws {
    let fixture = try ReportFolderFixture()
    let sendmail = try FakeSendmail()
    defer {
      fixture.remove()
      sendmail.remove()
    }
    let outbox = Outbox(reportsDirectory: fixture.reports)
    let report = try outbox.pending()[0]
    _ = try courier(sendmail).deliver(report)
    try readdress(fixture, to: "desk@example.org, new@example.org")
    // The run died after handing the message to sendmail: the record says so, nothing more.
    var record = try DeliveryRecord.read(report.record)
    var entry = DeliveryRecord.Attempt(time: "2018-12-03T00:00:00Z", outcome: .handedToSendmail)
    entry.recipients = ["new@example.org"]
    record.attempts.append(entry)
    try record.write(to: report.record)
    #expect(throws: DeliveryError.self) { try courier(sendmail).deliver(report) }
    #expect(sendmail.messages.count == 1)
  }
}
