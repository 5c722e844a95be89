import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An errno value carried as an error.
struct Errno: Error {
  var code: Int32
  init(_ code: Int32) { self.code = code }
}

/// Runs `sendmail -t -oi -f FROM` directly (no shell), the message on its standard input,
/// stopped after a timeout. posix_spawn by hand rather than Foundation's `Process`: the child
/// gets a process group of its own, so a timeout stops sendmail *and* what it started (Postfix's
/// postdrop), and the exit is seen even while such a grandchild lingers (`Process` waits for it).
/// The message goes through a temporary file so a chatty sendmail can't deadlock on a pipe.
public struct Sendmail: Sendable {
  public var path: String
  public var timeoutSeconds: Int

  public init(path: String, timeoutSeconds: Int) {
    self.path = path
    self.timeoutSeconds = timeoutSeconds
  }

  public struct Outcome: Sendable, Equatable {
    /// The exit status; nil when sendmail could not be started or was stopped at the timeout.
    public var exitStatus: Int32?
    /// What sendmail wrote on stdout/stderr (trimmed, at most 2,000 characters).
    public var output: String
    /// Why the send failed, nil when sendmail exited 0.
    public var failure: String?
  }

  public func send(_ message: Data, envelopeFrom: String) -> Outcome {
    let scratch = FileManager.default.temporaryDirectory
    let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
    let input = scratch.appendingPathComponent("nkreport-send-\(unique).eml")
    let output = scratch.appendingPathComponent("nkreport-send-\(unique).out")
    defer {
      unlink(input.path)
      unlink(output.path)
    }
    do {
      try message.write(to: input)
    } catch {
      return Outcome(
        exitStatus: nil, output: "",
        failure:
          "cannot stage the message in \(scratch.path): \((error as NSError).localizedDescription)")
    }
    // -t: recipients from the To header; -oi: a lone "." is not the end; -f: envelope sender.
    let child: pid_t
    switch spawn([path, "-t", "-oi", "-f", envelopeFrom], stdin: input.path, output: output.path) {
    case .failure(let error):
      return Outcome(
        exitStatus: nil, output: "",
        failure: "cannot run \(path): \(String(cString: strerror(error.code)))")
    case .success(let spawned): child = spawned
    }

    var status: Int32 = 0
    var timedOut = false
    let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
    while waitpid(child, &status, WNOHANG) == 0 {
      if Date() >= deadline {
        timedOut = true
        kill(-child, SIGTERM)  // the whole group: sendmail and postdrop
        let grace = Date().addingTimeInterval(5)
        while waitpid(child, &status, WNOHANG) == 0 {
          if Date() >= grace {
            kill(-child, SIGKILL)
            _ = waitpid(child, &status, 0)
            break
          }
          usleep(20_000)
        }
        break
      }
      usleep(20_000)
    }
    kill(-child, SIGKILL)  // nothing of the group may outlive the send
    let text = Self.trimmed((try? String(contentsOf: output, encoding: .utf8)) ?? "")

    if timedOut {
      return Outcome(
        exitStatus: nil, output: text,
        failure: "\(path) did not finish within \(timeoutSeconds) s and was stopped")
    }
    let signal = status & 0x7F
    guard signal == 0 else {
      return Outcome(
        exitStatus: nil, output: text, failure: "\(path) was killed by signal \(signal)")
    }
    let exitStatus = (status >> 8) & 0xFF
    guard exitStatus == 0 else {
      return Outcome(
        exitStatus: exitStatus, output: text,
        failure: "\(path) exited \(exitStatus)\(text.isEmpty ? "" : ": \(text)")")
    }
    return Outcome(exitStatus: 0, output: text, failure: nil)
  }

  /// Starts `arguments` in a process group of its own, stdin from `stdin`, stdout and stderr
  /// into `output`, SIGTERM back to its default (this process ignores it, see Termination).
  private func spawn(_ arguments: [String], stdin: String, output: String) -> Result<pid_t, Errno> {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGTERM)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    posix_spawnattr_setsigmask(&attributes, &unblocked)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var child: pid_t = 0
    let code = posix_spawn(&child, arguments[0], &actions, &attributes, &argv, environ)
    return code == 0 ? .success(child) : .failure(Errno(code))
  }

  private static func trimmed(_ text: String) -> String {
    let clean = text.trimmingCharacters(in: .whitespacesAndNewlines)
      .replacingOccurrences(of: "\n", with: " | ")
    return clean.count > 2000 ? String(clean.prefix(2000)) + "…" : clean
  }
}

/// Delivers pending reports one by one and records each attempt beside the report.
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

  /// Sends `report`'s digest and records the attempt; throws `.sendFailed` (after recording
  /// it) when sendmail failed, so the next activation tries again.
  public func deliver(_ report: PendingReport, now: Date = Date()) throws(DeliveryError)
    -> DeliveryRecord.Attempt
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
    let message = try OutgoingMessage(
      digest: digest, path: report.message.path, revised: report.isRevision, sentAt: now,
      maxBytes: maxMessageBytes,
      workbook: .init(url: workbookURL(report), path: workbookPath, bytes: workbookBytes))

    let outcome = sendmail.send(message.bytes, envelopeFrom: message.envelopeFrom)
    let attempt = DeliveryRecord.Attempt(
      time: utcTimestamp(now), envelopeFrom: message.envelopeFrom, recipients: message.recipients,
      messageID: message.messageID, subject: message.subject, bytes: message.bytes.count,
      workbookAttached: message.workbookAttached, sendmailExit: outcome.exitStatus,
      error: outcome.failure)
    var record = DeliveryRecord.current(report.record)
    record.attempts.append(attempt)
    record.delivered = record.delivered || attempt.succeeded
    try record.write(to: report.record)
    if let failure = outcome.failure { throw .sendFailed(reason: failure) }
    return attempt
  }

  private func workbookURL(_ report: PendingReport) -> String? {
    guard let reportURL, !reportURL.isEmpty else { return nil }
    let base = reportURL.hasSuffix("/") ? reportURL : reportURL + "/"
    return base + report.period + "/" + report.workbook.lastPathComponent
  }
}
