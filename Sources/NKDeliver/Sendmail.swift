import Foundation

#if canImport(Glibc)
  import Glibc
#endif

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
    /// What sendmail wrote on stdout/stderr: one line, control characters and bytes that are
    /// not UTF-8 escaped (`\r`, `\x1B`, `\xFF`), at most 2,000 characters.
    public var output: String
    /// Why the send failed, nil when sendmail exited 0.
    public var failure: String?
  }

  /// `onlyTo`: these recipients instead of the message's `To:` (a recipient added to the
  /// settings after the report was mailed to the others).
  public func send(_ message: Data, envelopeFrom: String, onlyTo: [String]? = nil) -> Outcome {
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
    // Or, with `onlyTo`, the addresses given after "--" (so none is taken for an option).
    let arguments =
      onlyTo.map { [path, "-oi", "-f", envelopeFrom, "--"] + $0 }
      ?? [path, "-t", "-oi", "-f", envelopeFrom]
    switch spawn(arguments, stdin: input.path, output: output.path) {
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
    let text = Self.printable((try? Data(contentsOf: output)) ?? Data())

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

  /// sendmail's output for a log line and an error message: lines joined with " | ", every
  /// other control character and every byte that is not part of valid UTF-8 escaped, so a
  /// stray Latin-1 byte neither hides the reason nor lets the output forge log lines.
  static func printable(_ output: Data) -> String {
    var text = ""
    var bytes = output[...]
    while let byte = bytes.first {
      let length = Self.utf8Length(bytes)
      if length == 0 {
        text += "\\x" + Self.hex(byte)
        bytes = bytes.dropFirst()
        continue
      }
      let scalar = String(decoding: bytes.prefix(length), as: UTF8.self).unicodeScalars.first!
      bytes = bytes.dropFirst(length)
      switch scalar {
      case "\n": text += "\n"
      case "\r": text += bytes.first == UInt8(ascii: "\n") ? "" : "\\r"
      case "\t": text += " "
      default:
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
          text += "\\x" + Self.hex(UInt8(truncatingIfNeeded: scalar.value))
        } else {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    let clean = lines.filter { !$0.isEmpty }.joined(separator: " | ")
    return clean.count > 2000 ? String(clean.prefix(2000)) + "…" : clean
  }

  /// The length of the valid UTF-8 sequence `bytes` starts with; 0 when it starts with none.
  private static func utf8Length(_ bytes: Data) -> Int {
    guard let lead = bytes.first else { return 0 }
    let (length, low, high): (Int, UInt8, UInt8)
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
    case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
    case 0xED: (length, low, high) = (3, 0x80, 0x9F)
    case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
    case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
    case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
    case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
    default: return 0
    }
    let tail = Array(bytes.dropFirst().prefix(length - 1))
    guard tail.count == length - 1, (low...high).contains(tail[0]),
      tail.dropFirst().allSatisfy({ (0x80...0xBF).contains($0) })
    else { return 0 }
    return length
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
  }
}
