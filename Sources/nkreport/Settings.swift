import Foundation
import TOMLKit

/// The job's settings: built-in defaults, then the config file, then command-line options.
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

  /// Reads `path` (or the default path, where an absent file means the defaults).
  static func load(path explicitPath: String?) throws(ConfigError) -> Settings {
    let path = explicitPath ?? defaultPath
    guard FileManager.default.fileExists(atPath: path) || explicitPath != nil else {
      return Settings()
    }
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
    }
    return try parse(text, path: path)
  }

  static func parse(_ text: String, path: String) throws(ConfigError) -> Settings {
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw .syntax(
        path: path, line: error.source.begin.line, column: error.source.begin.column,
        reason: error.description)
    } catch {
      throw .syntax(path: path, line: 0, column: 0, reason: "\(error)")
    }
    var settings = Settings()
    let reader = KeyReader(path: path, locator: KeyLocator(text))
    for (key, value) in table {
      switch key {
      case "inputs": settings.inputs = try reader.string(value, key)
      case "reports": settings.reports = try reader.string(value, key)
      case "metrics_file": settings.metricsFile = try reader.string(value, key)
      case "mail":
        guard let mail = value.table else {
          throw reader.wrongType(key, expected: "a table [mail]", got: value.type)
        }
        try settings.mail.read(mail, reader)
      default: throw reader.unknown(key)
      }
    }
    return settings
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
}

extension Settings.Mail {
  fileprivate mutating func read(_ table: TOMLTable, _ reader: KeyReader) throws(ConfigError) {
    for (key, value) in table {
      let name = "mail.\(key)"
      switch key {
      case "from": from = try reader.string(value, name)
      case "to":
        // One address may be written bare; a list is the usual form.
        if let single = value.string {
          to = [single]
        } else if let list = value.array {
          to = []
          for element in list {
            guard let address = element.string else {
              throw reader.wrongType(name, expected: "a list of strings", got: element.type)
            }
            to.append(address)
          }
        } else {
          throw reader.wrongType(name, expected: "a list of strings", got: value.type)
        }
      case "sendmail": sendmail = try reader.string(value, name)
      case "max_message_bytes": maxMessageBytes = try reader.positive(value, name)
      case "report_url": reportURL = try reader.string(value, name)
      case "timeout_seconds": timeoutSeconds = try reader.positive(value, name)
      default: throw reader.unknown(name)
      }
    }
  }
}

/// Why the config file was refused (EX_CONFIG, 78).
enum ConfigError: Error, Equatable, CustomStringConvertible {
  case unreadable(path: String, reason: String)
  case syntax(path: String, line: Int, column: Int, reason: String)
  case unknownKey(path: String, line: Int, key: String)
  case wrongType(path: String, line: Int, key: String, expected: String, got: String)
  case invalidValue(path: String, line: Int, key: String, reason: String)

  var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
    case .syntax(let path, let line, let column, let reason):
      return "\(path):\(line): column \(column): \(reason)"
    case .unknownKey(let path, let line, let key):
      return "\(path):\(line): unknown key \(key)"
    case .wrongType(let path, let line, let key, let expected, let got):
      return "\(path):\(line): \(key) must be \(expected), not a \(got)"
    case .invalidValue(let path, let line, let key, let reason):
      return "\(path):\(line): \(key): \(reason)"
    }
  }
}

/// Typed reads of config values, with errors that name the key and its line.
private struct KeyReader {
  var path: String
  var locator: KeyLocator

  func string(_ value: any TOMLValueConvertible, _ key: String) throws(ConfigError) -> String {
    guard let text = value.string else {
      throw wrongType(key, expected: "a string", got: value.type)
    }
    return text
  }

  func positive(_ value: any TOMLValueConvertible, _ key: String) throws(ConfigError) -> Int {
    guard let number = value.int else {
      throw wrongType(key, expected: "an integer", got: value.type)
    }
    guard number > 0 else {
      throw .invalidValue(
        path: path, line: locator.line(of: key), key: key, reason: "must be more than 0")
    }
    return number
  }

  func wrongType(_ key: String, expected: String, got: TOMLType) -> ConfigError {
    .wrongType(
      path: path, line: locator.line(of: key), key: key, expected: expected, got: "\(got)")
  }

  func unknown(_ key: String) -> ConfigError {
    .unknownKey(path: path, line: locator.line(of: key), key: key)
  }
}

/// Finds the line of a `key = …` (or `[table]`) in the file's text. TOMLKit's tables carry no
/// source positions, so this scans the lines the parser has already accepted: bare or quoted
/// keys under the current `[table]` header (the only shapes a valid nkreport config needs).
struct KeyLocator {
  private var lines: [(table: String, key: String, number: Int)] = []

  init(_ text: String) {
    var table = ""
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
        table = Self.unquoted(line[line.index(after: line.startIndex)..<close])
        lines.append((table: "", key: table, number: index + 1))
      } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
        let key = Self.unquoted(line[..<equals])
        lines.append((table: table, key: key, number: index + 1))
      }
    }
  }

  /// The 1-based line where the dotted `key` (e.g. `mail.to`) is set; 0 when not found.
  func line(of dottedKey: String) -> Int {
    for entry in lines {
      let full = entry.table.isEmpty ? entry.key : "\(entry.table).\(entry.key)"
      if full == dottedKey { return entry.number }
    }
    return 0
  }

  private static func unquoted(_ text: Substring) -> String {
    text.trimmingCharacters(in: .whitespaces).split(separator: ".").map {
      $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
        in: CharacterSet(charactersIn: "\"'"))
    }.joined(separator: ".")
  }
}
