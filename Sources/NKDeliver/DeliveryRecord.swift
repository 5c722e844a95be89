import Foundation
import NKDurableFiles

#if canImport(Glibc)
  import Glibc
#endif

/// `delivery.json` beside a report: a write-ahead log of its digest's delivery. An attempt is
/// written (and fsync'ed) *before* the message is handed to sendmail and its outcome after, so
/// a crash in between leaves an attempt without an outcome: "possibly delivered", which no run
/// sends again until the operator says what happened (`nkreport send --mark-delivered` or
/// `--resend`). It is not part of the report (not in `SHA256SUMS`, not byte-identical: it
/// holds times), so writing it never makes a report look changed.
public struct DeliveryRecord: Codable, Equatable, Sendable {
  public var delivered: Bool
  /// Sends and operator actions, oldest first.
  public var attempts: [Attempt]

  public enum Outcome: String, Codable, Sendable {
    /// Recorded before sendmail starts; still the outcome afterwards means the run never
    /// learned what sendmail did (a crash, a power loss, an unwritable record).
    case handedToSendmail = "handed-to-sendmail"
    case sent
    case failed
    /// The operator said the digest was delivered (`send --mark-delivered`).
    case markedDelivered = "marked-delivered"
    /// The operator asked for the digest to be mailed again (`send --resend`).
    case resendRequested = "resend-requested"
  }

  public struct Attempt: Codable, Equatable, Sendable {
    /// When it was recorded, UTC, `2026-12-05T06:00:00Z`.
    public var time: String
    public var outcome: Outcome
    public var envelopeFrom: String?
    public var recipients: [String]?
    public var messageID: String?
    public var subject: String?
    /// Size of the message handed to sendmail.
    public var bytes: Int?
    public var workbookAttached: Bool?
    /// sendmail's exit status; nil when it could not be started or was stopped at the timeout.
    public var sendmailExit: Int32?
    /// Why the attempt failed, or what the operator noted.
    public var error: String?

    enum CodingKeys: String, CodingKey {
      case time, outcome, recipients, subject, bytes, error
      case envelopeFrom = "envelope_from"
      case messageID = "message_id"
      case workbookAttached = "workbook_attached"
      case sendmailExit = "sendmail_exit"
    }

    public init(time: String, outcome: Outcome, message: OutgoingMessage? = nil) {
      self.time = time
      self.outcome = outcome
      envelopeFrom = message?.envelopeFrom
      recipients = message?.recipients
      messageID = message?.messageID
      subject = message?.subject
      bytes = message?.bytes.count
      workbookAttached = message?.workbookAttached
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      time = try container.decodeIfPresent(String.self, forKey: .time) ?? ""
      envelopeFrom = try container.decodeIfPresent(String.self, forKey: .envelopeFrom)
      recipients = try container.decodeIfPresent([String].self, forKey: .recipients)
      messageID = try container.decodeIfPresent(String.self, forKey: .messageID)
      subject = try container.decodeIfPresent(String.self, forKey: .subject)
      bytes = try container.decodeIfPresent(Int.self, forKey: .bytes)
      workbookAttached = try container.decodeIfPresent(Bool.self, forKey: .workbookAttached)
      sendmailExit = try container.decodeIfPresent(Int32.self, forKey: .sendmailExit)
      error = try container.decodeIfPresent(String.self, forKey: .error)
      // Records written before the outcome was logged say it by the exit status.
      outcome =
        try container.decodeIfPresent(Outcome.self, forKey: .outcome)
        ?? (sendmailExit == 0 && error == nil ? .sent : .failed)
    }

    public var succeeded: Bool { outcome == .sent }
  }

  public init(delivered: Bool = false, attempts: [Attempt] = []) {
    self.delivered = delivered
    self.attempts = attempts
  }

  /// A record written by hand may say no more than `{"delivered": true}`.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    delivered = try container.decode(Bool.self, forKey: .delivered)
    attempts = try container.decodeIfPresent([Attempt].self, forKey: .attempts) ?? []
  }

  /// The attempt handed to sendmail whose outcome was never recorded, when it is the last
  /// word of the record: the digest may have gone out.
  public var unresolvedAttempt: Attempt? {
    // Delivered or not: a send to a recipient added later may be the one left unresolved.
    guard let last = attempts.last, last.outcome == .handedToSendmail else {
      return nil
    }
    return last
  }

  /// The addresses (lower-cased) the digest reached as far as the record knows: those of every
  /// send and of every operator's mark since the last resend request. Nil when none is recorded
  /// or one names no recipients (a record written by an older version, or by hand): then the
  /// digest is taken to have reached everyone.
  public var reachedRecipients: Set<String>? {
    var reached: Set<String>? = nil
    var reachedEveryone = false
    for attempt in attempts {
      switch attempt.outcome {
      case .resendRequested:
        reached = nil
        reachedEveryone = false
      case .sent, .markedDelivered:
        if let recipients = attempt.recipients {
          reached = (reached ?? []).union(recipients.map { $0.lowercased() })
        } else {
          reachedEveryone = true
        }
      case .handedToSendmail, .failed: break
      }
    }
    return reachedEveryone ? nil : reached
  }

  /// Of `recipients` (the digest's `To:` now), those a delivered digest has not reached: a
  /// recipient added to the settings after the report went out. Empty when not delivered.
  public func owed(to recipients: [String]) -> [String] {
    guard delivered, let reached = reachedRecipients else { return [] }
    var seen: Set<String> = []
    return recipients.filter {
      let key = $0.lowercased()
      return !reached.contains(key) && seen.insert(key).inserted
    }
  }

  /// The record at `url`; an empty one when there is none yet. Anything else that keeps it from
  /// being read (a folder in its place, a link loop, a truncated or hand-broken file) is an
  /// error: guessing would mean mailing twice or never.
  public static func read(_ url: URL) throws(DeliveryError) -> DeliveryRecord {
    var status = stat()
    if lstat(url.path, &status) != 0 {
      if errno == ENOENT { return DeliveryRecord() }
      throw .damagedRecord(path: url.path, reason: String(cString: strerror(errno)))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw .damagedRecord(path: url.path, reason: "not a regular file")
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw .damagedRecord(path: url.path, reason: (error as NSError).localizedDescription)
    }
    do {
      return try JSONDecoder().decode(DeliveryRecord.self, from: data)
    } catch {
      throw .damagedRecord(path: url.path, reason: Self.explain(error))
    }
  }

  /// Writes the record as one atomic, durable replacement (`DurableFile`), readable by all:
  /// after a crash or a power cut it holds the old record or the new one, never a mixture.
  func write(to url: URL) throws(DeliveryError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data: Data
    do {
      data = try encoder.encode(self) + Data("\n".utf8)
    } catch {
      throw .cannotRecord(path: url.path, reason: "\(error)")
    }
    do {
      try DurableFile.write(data, to: url, permissions: 0o644)
    } catch {
      throw .cannotRecord(path: url.path, reason: error.reason)
    }
  }

  private static func explain(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context):
      return "not JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
    case DecodingError.keyNotFound(let key, _): return "\"\(key.stringValue)\" is missing"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return "\"\(path)\": \(context.debugDescription)"
    default: return "\(error)"
    }
  }
}
