import Foundation

/// How the digest is addressed and labelled. Everything else a renderer shows comes from the
/// `ReportModel`.
public struct RenderOptions: Sendable, Hashable {
  /// The `From` address: `local@domain` or `Display Name <local@domain>`.
  public var mailFrom: String
  /// The `To` addresses, one per element, each `local@domain` or `Display Name <local@domain>`.
  public var mailTo: [String]
  /// Starts the default subject: `"<prefix>: North Korean arrivals and aid, January-November 2018"`.
  public var subjectPrefix: String
  /// Replaces the default subject when set (non-ASCII is RFC 2047 encoded).
  public var subject: String?
  /// The version of the tool, cited in the digest's footer and the `X-Mailer` header.
  public var toolVersion: String
  /// `report_url`: where the reports folder is served. When set, the digest links to the
  /// list of every report there (`index.html`).
  public var reportURL: String?

  public init(
    mailFrom: String, mailTo: [String], subjectPrefix: String = "nkreport", subject: String? = nil,
    toolVersion: String, reportURL: String? = nil
  ) {
    self.mailFrom = mailFrom
    self.mailTo = mailTo
    self.subjectPrefix = subjectPrefix
    self.subject = subject
    self.toolVersion = toolVersion
    self.reportURL = reportURL
  }

  /// `report_url` + `index.html`, without control characters; `nil` when no URL is set.
  var reportIndexURL: String? {
    let base = Words.withoutControlCharacters(reportURL ?? "").trimmingCharacters(in: .whitespaces)
    guard !base.isEmpty else { return nil }
    return (base.hasSuffix("/") ? base : base + "/") + "index.html"
  }
}

/// Why rendering failed. `invalidMailAddress`, `noRecipients` and `headerInjection` are usage
/// errors (the CLI maps them to exit 64); `io` is an output error (exit 73).
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A file could not be created, written, read or closed.
  case io(path: String, reason: String)
  /// An address that is not a plausible `local@domain` (optionally `Name <local@domain>`).
  case invalidMailAddress(String)
  /// `mailTo` is empty.
  case noRecipients
  /// A header value (address, subject, version) contains CR, LF or another control character.
  case headerInjection(field: String)
  /// The model breaks an assumption of the renderer (a bug upstream, not bad input).
  case inconsistentModel(String)

  public var description: String {
    switch self {
    case .io(let path, let reason): return "\(path): \(reason)"
    case .invalidMailAddress(let address):
      return "invalid mail address \(Self.quoted(address)): expected local@domain"
    case .noRecipients: return "no mail recipient given"
    case .headerInjection(let field):
      return "\(field) must not contain line breaks or control characters"
    case .inconsistentModel(let detail): return "report model: \(detail)"
    }
  }

  /// Shows an address with control characters escaped, so an error message can't inject lines.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\r": result += "\\r"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\"": result += "\\\""
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          result += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}

/// Checks the mail options without rendering anything, so the CLI can reject bad
/// `--mail-from` / `--mail-to` / `--subject` as a usage error before doing any work.
public func validateMailOptions(_ options: RenderOptions) throws {
  _ = try MailHeaders.validated(options)
}

/// A mailbox of the `From` / `To` headers.
struct Mailbox: Hashable, Sendable {
  var displayName: String?
  var address: String

  /// `"Display Name" <local@domain>` or `local@domain`, ready for a header.
  var headerText: String {
    guard let displayName else { return address }
    let escaped = displayName.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"")
    return "\"\(escaped)\" <\(address)>"
  }

  /// Parses `local@domain` or `Display Name <local@domain>`; throws for anything else.
  static func parse(_ text: String, field: String) throws -> Mailbox {
    if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      throw RenderError.headerInjection(field: field)
    }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
      let name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
      let address = String(
        trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
      guard isPlausibleAddress(address), isPlausibleDisplayName(name) else {
        throw RenderError.invalidMailAddress(text)
      }
      return Mailbox(displayName: name.isEmpty ? nil : name, address: address)
    }
    guard isPlausibleAddress(trimmed) else { throw RenderError.invalidMailAddress(text) }
    return Mailbox(displayName: nil, address: trimmed)
  }

  /// A dot-atom local part (RFC 5322 `atext`), `@`, and a domain of LDH labels.
  static func isPlausibleAddress(_ address: String) -> Bool {
    let bytes = Array(address.utf8)
    guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
    let local = bytes[..<at]
    let domain = bytes[(at + 1)...]
    guard (1...64).contains(local.count), (1...253).contains(domain.count) else { return false }
    let atextSpecials = Set("!#$%&'*+-/=?^_`{|}~".utf8)
    for label in local.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
      guard !label.isEmpty,
        label.allSatisfy({ isASCIIAlphanumeric($0) || atextSpecials.contains($0) })
      else { return false }
    }
    for label in domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
      guard (1...63).contains(label.count), label.first != UInt8(ascii: "-"),
        label.last != UInt8(ascii: "-"),
        label.allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") })
      else { return false }
    }
    return true
  }

  /// Printable ASCII words without the characters that structure an address header.
  static func isPlausibleDisplayName(_ name: String) -> Bool {
    name.utf8.count <= 64
      && name.utf8.allSatisfy { byte in
        (0x20...0x7E).contains(byte) && !"<>\"\\,;:@()[]".utf8.contains(byte)
      }
  }

  private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }
}
