import Foundation
import TOMLKit

#if canImport(Glibc)
  import Glibc
#endif

/// The job's settings: built-in defaults, then the config file, then command-line options.
/// `load` is the one validation of the file: `config check`, `run`, `send`, `validate` and
/// `import` all go through it, so what `config check` accepts is what the timer's run uses.
struct Settings: Equatable {
  var inputs = "Inputs"
  var reports = "Reports"
  var metricsFile: String?
  var mail = Mail()

  struct Mail: Equatable {
    var from = "nkreport@localhost"
    var to: [String] = []
    var sendmail = "/usr/sbin/sendmail"
    /// Postfix refuses messages over 10,240,000 bytes by default; this leaves room for the
    /// headers it adds.
    var maxMessageBytes = 10_000_000
    /// Base URL where the reports folder is published, e.g. `https://reports.example.org/nk/`.
    var reportURL: String?
    /// Seconds `sendmail` may take before it is stopped and the send counts as failed.
    var timeoutSeconds = 300
  }

  static let defaultPath = "/etc/nkreport/nkreport.toml"

  /// Reads `path` (or the default path, where an absent file means the defaults) and checks
  /// every value; throws every problem found, each naming the file, line and key.
  static func load(path explicitPath: String?) throws(ConfigProblems) -> Settings {
    let path = explicitPath ?? defaultPath
    let text: String
    switch readText(path) {
    case .success(let contents): text = contents
    case .failure(let error):
      if error.code == ENOENT && explicitPath == nil { return Settings() }
      throw ConfigProblems([.init(path: path, line: nil, key: nil, reason: error.reason)])
    }
    return try parse(text, path: path)
  }

  static func parse(_ text: String, path: String) throws(ConfigProblems) -> Settings {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw ConfigProblems([
        .init(
          path: path, line: error.source.begin.line, key: nil,
          reason: "column \(error.source.begin.column): \(error.description)")
      ])
    } catch {
      throw ConfigProblems([.init(path: path, line: nil, key: nil, reason: "\(error)")])
    }
    var settings = Settings()
    var reader = KeyReader(path: path, locator: KeyLocator(text))
    for (key, value) in table {
      switch key {
      case "inputs": reader.string(value, key) { settings.inputs = $0 }
      case "reports": reader.string(value, key) { settings.reports = $0 }
      case "metrics_file": reader.string(value, key) { settings.metricsFile = $0 }
      case "mail":
        if let mail = value.table {
          settings.mail.read(mail, &reader)
        } else {
          reader.wrongType(key, expected: "a table [mail]", got: value.type)
        }
      default: reader.unknown(key)
      }
    }
    settings.check(&reader)
    guard reader.problems.isEmpty else { throw ConfigProblems(reader.problems) }
    return settings
  }

  /// The checks of values the types alone do not catch: what `run` and `send` would refuse
  /// (or misuse) later.
  private func check(_ reader: inout KeyReader) {
    for (key, value) in [("inputs", inputs), ("reports", reports), ("metrics_file", metricsFile)] {
      if value?.isEmpty == true { reader.invalid(key, "must not be empty") }
    }
    if let problem = MailAddressCheck.problem(mailbox: mail.from) {
      reader.invalid("mail.from", problem)
    }
    for address in mail.to {
      if let problem = MailAddressCheck.problem(mailbox: address) {
        reader.invalid("mail.to", problem)
      }
    }
    if reader.problems.isEmpty, let problem = MailAddressCheck.problem(renderOptionsOf: self) {
      reader.invalid("mail", problem)
    }
    if !mail.sendmail.hasPrefix("/") {
      reader.invalid(
        "mail.sendmail", "must be an absolute path (got \(mail.sendmail.debugDescription))")
    }
    if let url = mail.reportURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
      reader.invalid(
        "mail.report_url", "must start with https:// or http:// (got \(url.debugDescription))")
    }
  }

  /// `key = value` lines of the settings in force, for `nkreport config check`.
  var listing: [String] {
    func quoted(_ text: String) -> String {
      "\""
        + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
          of: "\"", with: "\\\"")
        + "\""
    }
    return [
      "inputs = \(quoted(inputs))",
      "reports = \(quoted(reports))",
      "metrics_file = \(metricsFile.map(quoted) ?? "(none)")",
      "[mail]",
      "from = \(quoted(mail.from))",
      "to = [\(mail.to.map(quoted).joined(separator: ", "))]"
        + (mail.to.isEmpty ? " (none: the digest is addressed to from)" : ""),
      "sendmail = \(quoted(mail.sendmail))",
      "max_message_bytes = \(mail.maxMessageBytes)",
      "report_url = \(mail.reportURL.map(quoted) ?? "(none: an over-size digest names the path on this server)")",
      "timeout_seconds = \(mail.timeoutSeconds)",
    ]
  }

  /// The file's text, or why it cannot be had: said plainly for a folder, a link loop, a file
  /// that is not UTF-8 (not Foundation's "NSCocoaErrorDomain error 256").
  private static func readText(_ path: String) -> Result<String, ReadFailure> {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      let reason =
        code == ELOOP
        ? "cannot read: a loop of symbolic links"
        : "cannot read: \(String(cString: strerror(code)))"
      return .failure(ReadFailure(code: code, reason: reason))
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      return .failure(
        ReadFailure(code: errno, reason: "cannot read: \(String(cString: strerror(errno)))"))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      let what = status.st_mode & S_IFMT == S_IFDIR ? "a folder" : "not a regular file"
      return .failure(
        ReadFailure(code: EISDIR, reason: "cannot read: \(what), not a settings file"))
    }
    let data: Data
    do {
      data = try handle.readToEnd() ?? Data()
    } catch {
      return .failure(ReadFailure(code: EIO, reason: "cannot read: \(error)"))
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      return .failure(ReadFailure(code: EILSEQ, reason: "cannot read: not UTF-8 text"))
    }
    return .success(text)
  }

  private struct ReadFailure: Error {
    var code: Int32
    var reason: String
  }
}

extension Settings.Mail {
  fileprivate mutating func read(_ table: TOMLTable, _ reader: inout KeyReader) {
    for (key, value) in table {
      let name = "mail.\(key)"
      switch key {
      case "from": reader.string(value, name) { from = $0 }
      case "to":
        // One address may be written bare; a list is the usual form.
        if let single = value.string {
          to = [single]
        } else if let list = value.array {
          var addresses: [String] = []
          for element in list {
            guard let address = element.string else {
              reader.wrongType(name, expected: "a list of strings", got: element.type)
              return
            }
            addresses.append(address)
          }
          to = addresses
        } else {
          reader.wrongType(name, expected: "a list of strings", got: value.type)
        }
      case "sendmail": reader.string(value, name) { sendmail = $0 }
      case "max_message_bytes": reader.positive(value, name) { maxMessageBytes = $0 }
      case "report_url": reader.string(value, name) { reportURL = $0 }
      case "timeout_seconds": reader.positive(value, name) { timeoutSeconds = $0 }
      default: reader.unknown(name)
      }
    }
  }
}
