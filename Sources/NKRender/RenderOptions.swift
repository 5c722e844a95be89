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

/// Checks the mail options without rendering anything, so the CLI can reject bad
/// `--mail-from` / `--mail-to` / `--subject` as a usage error before doing any work.
public func validateMailOptions(_ options: RenderOptions) throws {
  _ = try MailHeaders.validated(options)
}

/// A mailbox of the `From` / `To` headers.
struct Mailbox: Hashable, Sendable {
  var displayName: String?
  var address: String

  /// `"Display Name" <local@domain>` or `local@domain`, ready for a header; a name that is not
  /// ASCII as RFC 2047 encoded words (`=?utf-8?B?…?= <local@domain>`).
  var headerText: String {
    guard let displayName else { return address }
    if !displayName.utf8.allSatisfy({ $0 < 0x80 }) {
      return MIME.encodedWords(displayName) + " <\(address)>"
    }
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

  /// Words of printable ASCII without the characters that structure an address header, or of
  /// any other printable characters (encoded when written).
  static func isPlausibleDisplayName(_ name: String) -> Bool {
    name.count <= 64
      && name.unicodeScalars.allSatisfy { scalar in
        scalar.value >= 0x80
          ? !(0x80...0x9F).contains(scalar.value)
          : (0x20...0x7E).contains(scalar.value)
            && !"<>\"\\,;:@()[]".unicodeScalars.contains(scalar)
      }
  }

  private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }
}
