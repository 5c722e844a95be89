import Foundation
import NKRender

/// The message actually handed to sendmail, made from a report's `digest.eml` (which stays as
/// published, byte for byte): the `Date` of sending, "(revised)" in the subject of a revision,
/// and, when the whole message would exceed the size limit, the workbook replaced by a note
/// saying how big it is and where to get it. Each distinct message gets its own Message-ID:
/// the digest's (a hash of its content) marked with the revision and a left-out workbook, so
/// a revision whose digest did not change is not taken by mail clients for a duplicate.
public struct OutgoingMessage: Sendable {
  public var bytes: Data
  public var envelopeFrom: String
  public var recipients: [String]
  public var messageID: String
  public var subject: String
  public var workbookAttached: Bool

  /// Where the workbook of an over-size message can be found, for the note that replaces it.
  public struct WorkbookLocation: Sendable {
    /// `report_url` + `PERIOD/nkreport-PERIOD.xlsx`, when a report URL is configured.
    public var url: String?
    /// The workbook's path on this server.
    public var path: String
    public var bytes: Int

    public init(url: String?, path: String, bytes: Int) {
      self.url = url
      self.path = path
      self.bytes = bytes
    }
  }

  static let crlf = Data("\r\n".utf8)

  /// Builds the message from `digest.eml`'s bytes. `maxBytes` bounds the encoded message.
  public init(
    digest: Data, path: String, revisionOf: String?, sentAt: Date, maxBytes: Int,
    workbook: WorkbookLocation
  ) throws(DeliveryError) {
    guard let split = digest.firstRange(of: Data("\r\n\r\n".utf8)) else {
      throw .malformedMessage(path: path, reason: "no blank line after the headers")
    }
    var headers = HeaderBlock(Data(digest[..<split.lowerBound]))
    var body = Data(digest[split.upperBound...])
    guard let from = headers.value("From"), let messageID = headers.value("Message-ID"),
      let to = headers.value("To"), let subject = headers.value("Subject")
    else {
      throw .malformedMessage(path: path, reason: "From, To, Subject or Message-ID missing")
    }
    envelopeFrom = Self.address(from)
    recipients = to.split(separator: ",").map { Self.address(String($0)) }
    headers.replace("Date", with: " " + mailDate(sentAt))
    if revisionOf != nil {
      // A folded continuation: the subject may be RFC 2047 encoded words, which must stay whole.
      headers.append(to: "Subject", "\r\n (revised)")
    }
    self.subject = Self.unfolded(headers.value("Subject") ?? subject)
    self.messageID = try Self.distinctID(
      messageID, revisionOf: revisionOf, workbookAttached: true, path: path)
    headers.replace("Message-ID", with: " " + self.messageID)

    workbookAttached = true
    if headers.bytes.count + 4 + body.count > maxBytes {
      guard let boundary = headers.value("Content-Type").flatMap(Self.boundary) else {
        throw .malformedMessage(path: path, reason: "no multipart boundary")
      }
      let size = headers.bytes.count + 4 + body.count
      body = try Self.withoutAttachment(
        body, boundary: boundary, path: path,
        note: Self.note(workbook: workbook, messageBytes: size, limit: maxBytes))
      workbookAttached = false
      self.messageID = try Self.distinctID(
        messageID, revisionOf: revisionOf, workbookAttached: false, path: path)
      headers.replace("Message-ID", with: " " + self.messageID)
    }
    bytes = headers.bytes + Self.crlf + Self.crlf + body
  }

  /// The bare addresses of the `To:` of the digest at `url`, reading only its headers (a
  /// digest holds the workbook: megabytes that are not needed here).
  public static func recipients(ofDigestAt url: URL) throws(DeliveryError) -> [String] {
    let head: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      head = try handle.read(upToCount: 256 * 1024) ?? Data()
    } catch {
      throw .cannotRead(path: url.path, reason: (error as NSError).localizedDescription)
    }
    guard let split = head.firstRange(of: Data("\r\n\r\n".utf8)),
      let to = HeaderBlock(Data(head[..<split.lowerBound])).value("To")
    else {
      throw .malformedMessage(path: url.path, reason: "no To header before a blank line")
    }
    return to.split(separator: ",").map { address(String($0)) }
  }

  /// `<hash.2018-11@nkreport.invalid>` as published; `<hash.2018-11.r1@…>` for the report that
  /// replaced `2018-11.rev-1`; `.nowb` added when the workbook is left out.
  static func distinctID(
    _ published: String, revisionOf: String?, workbookAttached: Bool, path: String
  ) throws(DeliveryError) -> String {
    var suffix = ""
    if let revisionOf {
      let number = revisionOf.split(separator: "-").last.flatMap { Int($0) }
      suffix += number.map { ".r\($0)" } ?? ".r"
    }
    if !workbookAttached { suffix += ".nowb" }
    guard published.hasPrefix("<"), published.hasSuffix(">"),
      let at = published.lastIndex(of: "@")
    else {
      throw .malformedMessage(path: path, reason: "Message-ID \(published) is not <local@domain>")
    }
    return String(published[..<at]) + suffix + String(published[at...])
  }

  /// The note that replaces the workbook.
  static func note(workbook: WorkbookLocation, messageBytes: Int, limit: Int) -> String {
    let name = (workbook.path as NSString).lastPathComponent
    let bytes = { (count: Int) in "\(ReportWording.count(count)) bytes" }
    var text =
      "The workbook \(name) (\(bytes(workbook.bytes))) is not attached: with it this message"
      + " would be \(bytes(messageBytes)), over the limit of \(bytes(limit))"
      + " (max_message_bytes).\n\n"
    if let url = workbook.url { text += "Download it from \(url)\n" }
    text += "On the report server it is \(workbook.path)\n"
    return text
  }

  /// Replaces the `attachment` part of the `multipart/mixed` body with an inline text part
  /// holding `note`, placed first so it is read before the digest.
  static func withoutAttachment(_ body: Data, boundary: String, path: String, note: String)
    throws(DeliveryError) -> Data
  {
    let separator = Data("\r\n--\(boundary)".utf8)
    var parts: [Data] = []
    var rest = body[...]
    while let range = rest.firstRange(of: separator) {
      parts.append(Data(rest[..<range.lowerBound]))
      rest = rest[range.upperBound...]
    }
    parts.append(Data(rest))
    // parts: preamble, the body parts, and the closing "--" epilogue.
    let attachmentMarker = Data("Content-Disposition: attachment".utf8)
    guard parts.count >= 4,
      let attachment = parts.indices.dropFirst().dropLast().first(where: {
        parts[$0].firstRange(of: attachmentMarker) != nil
      })
    else {
      throw .malformedMessage(path: path, reason: "no attachment part to leave out")
    }
    parts.remove(at: attachment)
    parts.insert(Data(notePart(note).utf8), at: 1)
    var joined = Data()
    for (index, part) in parts.enumerated() {
      if index > 0 { joined += separator }
      joined += part
    }
    return joined
  }

  private static func notePart(_ note: String) -> String {
    let crlfText = note.replacingOccurrences(of: "\n", with: "\r\n")
    let isASCII = note.utf8.allSatisfy { $0 < 0x80 }
    var part = "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n"
    if isASCII {
      part += "Content-Transfer-Encoding: 7bit\r\n\r\n" + crlfText
    } else {
      part += "Content-Transfer-Encoding: base64\r\n\r\n"
      part +=
        Data(note.utf8).base64EncodedString(options: [
          .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ]) + "\r\n"
    }
    return part
  }

  /// `boundary="X"` of a Content-Type value.
  static func boundary(_ contentType: String) -> String? {
    guard let range = contentType.range(of: "boundary=\"") else { return nil }
    let rest = contentType[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  /// The bare address of `"Name" <local@domain>` or `local@domain`.
  static func address(_ mailbox: String) -> String {
    let text = unfolded(mailbox).trimmingCharacters(in: .whitespaces)
    if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
      return String(text[text.index(after: open)..<close])
    }
    return text
  }

  static func unfolded(_ value: String) -> String {
    value.replacingOccurrences(of: "\r\n", with: "").trimmingCharacters(in: .whitespaces)
  }
}

/// A message's header lines (folded lines kept as written), editable by field name.
struct HeaderBlock {
  /// Each field: its name and its raw value (everything after the colon, CRLFs of folds kept).
  private var fields: [(name: String, value: String)] = []

  init(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    for line in text.components(separatedBy: "\r\n") {
      if line.hasPrefix(" ") || line.hasPrefix("\t"), !fields.isEmpty {
        fields[fields.count - 1].value += "\r\n" + line
      } else if let colon = line.firstIndex(of: ":") {
        fields.append(
          (name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
      }
    }
  }

  /// The value of the first field called `name` (case-insensitive), trimmed, folds kept.
  func value(_ name: String) -> String? {
    fields.first { $0.name.lowercased() == name.lowercased() }.map {
      $0.value.trimmingCharacters(in: .whitespaces)
    }
  }

  mutating func replace(_ name: String, with value: String) {
    guard let index = fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
      fields.append((name: name, value: value))
      return
    }
    fields[index].value = value
  }

  mutating func append(to name: String, _ text: String) {
    guard let index = fields.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) else {
      return
    }
    fields[index].value += text
  }

  var bytes: Data {
    Data(fields.map { "\($0.name):\($0.value)" }.joined(separator: "\r\n").utf8)
  }
}
