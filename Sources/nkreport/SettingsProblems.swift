import Foundation
import NKRender
import TOMLKit

/// One problem of the settings file: `file:line: key: reason`.
struct ConfigProblem: Equatable, CustomStringConvertible {
  var path: String
  /// 1-based; nil when the problem is the file itself.
  var line: Int?
  var key: String?
  var reason: String

  var description: String {
    [path + (line.map { ":\($0)" } ?? ""), key, reason].compactMap { $0 }.joined(separator: ": ")
  }
}

/// Every problem found in the settings file, in the order of its lines (EX_CONFIG, 78).
struct ConfigProblems: Error, Equatable, CustomStringConvertible {
  var problems: [ConfigProblem]

  /// Sorted by line, then key: the file's order, the same on every run (TOML tables are read
  /// in no fixed order).
  init(_ problems: [ConfigProblem]) {
    self.problems = problems.enumerated().sorted {
      ($0.element.line ?? 0, $0.element.key ?? "", $0.offset)
        < ($1.element.line ?? 0, $1.element.key ?? "", $1.offset)
    }.map(\.element)
  }

  var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// The mail checks `run` applies when it renders the digest (NKRender's), asked of each
/// address on its own so a problem names its key.
enum MailAddressCheck {
  static func problem(mailbox: String) -> String? {
    if mailbox.contains(",") && !mailbox.contains("<") {
      return
        "\(QuotedText.quoted(mailbox)): one address per string (to = [\"a@example.org\", \"b@example.org\"])"
    }
    do {
      try validateMailOptions(
        RenderOptions(mailFrom: mailbox, mailTo: [mailbox], toolVersion: NKReportCommand.version))
      return nil
    } catch RenderError.headerInjection {
      return "\(QuotedText.quoted(mailbox)) must not contain line breaks or control characters"
    } catch {
      return "\(error)"
    }
  }

  /// What `run` checks of the whole set, as `run` builds it.
  static func problem(renderOptionsOf settings: Settings) -> String? {
    do {
      try validateMailOptions(RunCommand.renderOptions(settings))
      return nil
    } catch {
      return "\(error)"
    }
  }

}

/// Typed reads of config values; each problem is noted with its key and line, and reading
/// goes on, so one `config check` lists them all.
struct KeyReader {
  var path: String
  var locator: KeyLocator
  var problems: [ConfigProblem] = []

  mutating func string(_ value: any TOMLValueConvertible, _ key: String, _ set: (String) -> Void) {
    guard let text = value.string else {
      return wrongType(key, expected: "a string", got: value.type)
    }
    set(text)
  }

  mutating func positive(_ value: any TOMLValueConvertible, _ key: String, _ set: (Int) -> Void) {
    guard let number = value.int else {
      return wrongType(key, expected: "an integer", got: value.type)
    }
    guard number > 0 else { return invalid(key, "must be more than 0 (got \(number))") }
    set(number)
  }

  mutating func wrongType(_ key: String, expected: String, got: TOMLType) {
    invalid(key, "must be \(expected), not a \(got)")
  }

  mutating func unknown(_ key: String) { invalid(key, "unknown key") }

  mutating func invalid(_ key: String, _ reason: String) {
    problems.append(
      ConfigProblem(path: path, line: locator.line(of: key), key: key, reason: reason))
  }
}

/// Finds the line of a `key = …` (or `[table]`) in the file's text. TOMLKit's tables carry no
/// source positions, so this scans the lines the parser has already accepted: bare, quoted or
/// dotted keys under the current `[table]` header. A key inside an inline table
/// (`mail = { from = "…" }`, one line by TOML's grammar) is on the line of the table's key.
struct KeyLocator {
  private var lines: [(table: String, key: String, number: Int)] = []

  init(_ text: String) {
    var table = ""
    // By scalars: "\r\n" is one Character, so splitting Characters at "\n" misses CRLF lines.
    let rawLines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, scalars) in rawLines.enumerated() {
      let line = String(String.UnicodeScalarView(scalars)).trimmingCharacters(
        in: .whitespacesAndNewlines)
      if line.hasPrefix("#") { continue }
      if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
        let header = line.hasPrefix("[[") ? line.dropFirst(2) : line.dropFirst()
        table = Self.unquoted(header[..<(header.firstIndex(of: "]") ?? close)])
        lines.append((table: "", key: table, number: index + 1))
      } else if let equals = line.firstIndex(of: "=") {
        lines.append((table: table, key: Self.unquoted(line[..<equals]), number: index + 1))
      }
    }
  }

  /// The 1-based line where the dotted `key` (e.g. `mail.to`) is set, else the line of the
  /// nearest enclosing key that is (an inline table); nil when none is.
  func line(of dottedKey: String) -> Int? {
    var key = dottedKey
    while true {
      for entry in lines {
        let full = entry.table.isEmpty ? entry.key : "\(entry.table).\(entry.key)"
        if full == key { return entry.number }
      }
      guard let dot = key.lastIndex(of: ".") else { return nil }
      key = String(key[..<dot])
    }
  }

  private static func unquoted(_ text: Substring) -> String {
    text.trimmingCharacters(in: .whitespaces).split(separator: ".").map {
      $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(
        in: CharacterSet(charactersIn: "\"'"))
    }.joined(separator: ".")
  }
}
