/// Why a delivery failed. Each maps to a sysexits code.
public enum DeliveryError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The reports folder or a report file could not be read (EX_NOINPUT, 66).
  case cannotRead(path: String, reason: String)
  /// The operator named a report that is not published (EX_NOINPUT, 66).
  case noSuchReport(path: String, reason: String)
  /// `digest.eml` is not a message this program wrote (EX_DATAERR, 65).
  case malformedMessage(path: String, reason: String)
  /// sendmail could not be run, failed or timed out (EX_UNAVAILABLE, 69: retried next time).
  case sendFailed(reason: String)
  /// The delivery record could not be written (EX_CANTCREAT, 73). Before a send: nothing was
  /// mailed. After one: the record still says "handed to sendmail", so no run mails it again.
  case cannotRecord(path: String, reason: String)
  /// sendmail accepted the digest, but its outcome could not be written (EX_CANTCREAT, 73): the
  /// record still says "handed to sendmail", so no run mails it again until the operator acts.
  case sentButNotRecorded(path: String, reason: String)
  /// The delivery record exists but cannot be read (EX_DATAERR, 65): nothing is mailed for the
  /// report until the operator acts.
  case damagedRecord(path: String, reason: String)
  /// The record's last attempt was handed to sendmail and never got an outcome (EX_DATAERR,
  /// 65): the digest may have gone out, so nothing is mailed until the operator acts.
  case possiblyDelivered(path: String, since: String)

  public var exitCode: Int32 {
    switch self {
    case .cannotRead, .noSuchReport: return 66
    case .malformedMessage, .damagedRecord, .possiblyDelivered: return 65
    case .sendFailed: return 69
    case .cannotRecord, .sentButNotRecorded: return 73
    }
  }

  public var description: String {
    switch self {
    case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
    case .noSuchReport(let path, let reason): return "\(path): \(reason)"
    case .malformedMessage(let path, let reason): return "\(path): \(reason)"
    case .sendFailed(let reason): return reason
    case .cannotRecord(let path, let reason): return "cannot write \(path): \(reason)"
    case .sentButNotRecorded(let path, let reason):
      return
        "cannot write \(path): \(reason); sendmail accepted the digest, but the record still says"
        + " handed-to-sendmail, so no run mails it again until the operator runs `nkreport send"
        + " --mark-delivered \(Self.period(path))`"
    case .damagedRecord(let path, let reason):
      return
        "\(path): unreadable delivery record (\(reason)); nothing is mailed for this report until"
        + " the operator runs `nkreport send --mark-delivered \(Self.period(path))` (it was"
        + " delivered) or `nkreport send --resend \(Self.period(path))`"
    case .possiblyDelivered(let path, let since):
      return
        "\(path): the digest was handed to sendmail at \(since) and the outcome was never"
        + " recorded, so it may have been delivered; check the mail log, then run `nkreport send"
        + " --mark-delivered \(Self.period(path))` or `nkreport send --resend \(Self.period(path))`"
    }
  }

  /// `2018-11` of `…/Reports/2018-11/delivery.json`.
  private static func period(_ recordPath: String) -> String {
    let parts = recordPath.split(separator: "/")
    return parts.count >= 2 ? String(parts[parts.count - 2]) : "PERIOD"
  }
}
