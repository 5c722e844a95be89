import Crypto
import Foundation
import NKPeriods
import NKSummary

/// The e-mail digest files, in the order they are written.
public enum DigestFileName {
  public static let text = "digest.txt"
  public static let html = "digest.html"
  public static let message = "digest.eml"
  public static let all = [text, html, message]

  /// The attachment's file name in the message: `nkreport-2018-11.xlsx`.
  public static func workbookAttachment(period: some CustomStringConvertible) -> String {
    "nkreport-\(period).xlsx"
  }
}

/// Writes `digest.txt`, `digest.html` and `digest.eml` into `directory` (created if missing)
/// and returns their names. The message attaches `workbook` (streamed, base64) as
/// `nkreport-P.xlsx`; its `Date`, `Message-ID` and MIME boundaries derive from P and the
/// content, so the same model, options and workbook give byte-identical files.
///
/// Throws `RenderError.invalidMailAddress` / `.noRecipients` / `.headerInjection` for bad
/// options (checked before anything is written) and `RenderError.io` for file errors.
@discardableResult
public func writeDigest(
  _ model: ReportModel, options: RenderOptions, workbook: URL, into directory: URL
) throws -> [String] {
  try writeDigest(model, options: options, workbook: workbook, into: directory, checksums: nil)
}

/// `writeDigest`, with the SHA-256 of the files written, and of the workbook as read for the
/// message, into `checksums`.
func writeDigest(
  _ model: ReportModel, options: RenderOptions, workbook: URL, into directory: URL,
  checksums: FileChecksums?
) throws -> [String] {
  let headers = try MailHeaders.validated(options)
  _ = try InputFile(workbook)  // fail before writing anything when the workbook can't be read
  try createDirectory(directory)
  let content = DigestContent(model, toolVersion: options.toolVersion)
  let chart = DigestChart(model.arrivalsByYear)
  let text = DigestText.render(content, chart: chart, indexURL: options.reportIndexURL)
  let html = DigestHTML.render(content, chart: chart, indexURL: options.reportIndexURL)

  try writeWhole(text, to: directory.appendingPathComponent(DigestFileName.text), checksums)
  try writeWhole(html, to: directory.appendingPathComponent(DigestFileName.html), checksums)
  try DigestMessage(
    headers: headers, subject: headers.subject(title: content.title), period: model.period,
    text: text, html: html, workbook: workbook
  ).write(to: directory.appendingPathComponent(DigestFileName.message), checksums: checksums)
  return DigestFileName.all
}

private func writeWhole(_ text: String, to url: URL, _ checksums: FileChecksums?) throws {
  let file = try OutputFile(url, checksums: checksums)
  try file.write(text)
  try file.close()
}

/// `digest.eml`: RFC 5322 headers, `multipart/mixed` of a `multipart/alternative` (plain text
/// and HTML, quoted-printable) and the workbook (base64, 76-character lines). CRLF throughout.
struct DigestMessage {
  static let workbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
  /// Input chunk for the attachment: a whole number of 57-byte base64 lines (~64 KiB).
  static let readChunk = Base64.bytesPerLine * 1150

  var headers: MailHeaders
  var subject: String
  var period: YearMonth
  var text: String
  var html: String
  var workbook: URL

  func write(to url: URL, checksums: FileChecksums? = nil) throws {
    let attachmentName = DigestFileName.workbookAttachment(period: period)
    // The hash covers everything the message carries, so a change anywhere changes the
    // Message-ID; boundaries start with "=_", which neither quoted-printable nor base64 emit.
    var hash = ContentHash()
    hash.updateField(period.description)
    hash.updateField(subject)
    hash.updateField(headers.from.headerText)
    for mailbox in headers.to { hash.updateField(mailbox.headerText) }
    hash.updateField(text)
    hash.updateField(html)
    hash.updateField(attachmentName)
    var workbookSHA256 = SHA256()
    try InputFile(workbook).forEachChunk(size: Self.readChunk) { chunk in
      hash.update(chunk)
      if checksums != nil { workbookSHA256.update(data: chunk) }
    }
    checksums?.record(workbook.lastPathComponent, workbookSHA256.finalize())
    let digest = hash.hex
    let mixed = "=_nkreport_mixed_\(digest.prefix(16))"
    let alternative = "=_nkreport_alt_\(digest.prefix(16))"
    let crlf = MIME.crlf

    let file = try OutputFile(url, checksums: checksums)
    var head = ""
    head += MIME.addressHeader("From", [headers.from])
    head += MIME.addressHeader("To", headers.to)
    head += MIME.subjectHeader(subject)
    head += MIME.header("Date", MIME.date(after: period))
    head += MIME.header("Message-ID", "<\(digest).\(period)@nkreport.invalid>")
    head += MIME.header("MIME-Version", "1.0")
    head += MIME.header("Auto-Submitted", "auto-generated")
    head += MIME.header("X-Mailer", MIME.printableASCII("nkreport \(headers.toolVersion)"))
    head += "Content-Type: multipart/mixed;" + crlf + " boundary=\"\(mixed)\"" + crlf
    head += crlf
    head += "This is a multi-part message in MIME format." + crlf
    head += crlf + "--\(mixed)" + crlf
    head += "Content-Type: multipart/alternative;" + crlf + " boundary=\"\(alternative)\"" + crlf
    head += crlf
    head += crlf + "--\(alternative)" + crlf
    head += "Content-Type: text/plain; charset=utf-8" + crlf
    head += "Content-Transfer-Encoding: quoted-printable" + crlf + crlf
    try file.write(head)
    try file.write(MIME.quotedPrintable(text))
    try file.write(crlf + "--\(alternative)" + crlf)
    try file.write("Content-Type: text/html; charset=utf-8" + crlf)
    try file.write("Content-Transfer-Encoding: quoted-printable" + crlf + crlf)
    try file.write(MIME.quotedPrintable(html))
    try file.write(crlf + "--\(alternative)--" + crlf)

    try file.write(crlf + "--\(mixed)" + crlf)
    try file.write(
      "Content-Type:" + crlf + " \(Self.workbookType);" + crlf + " name=\"\(attachmentName)\""
        + crlf)
    try file.write(
      "Content-Disposition: attachment;" + crlf + " filename=\"\(attachmentName)\"" + crlf)
    try file.write("Content-Transfer-Encoding: base64" + crlf + crlf)
    var encoder = Base64.LineEncoder()
    var encoded: [UInt8] = []
    encoded.reserveCapacity(Self.readChunk * 4 / 3 + 4096)
    try InputFile(workbook).forEachChunk(size: Self.readChunk) { chunk in
      encoder.add(chunk, into: &encoded)
      try file.write(bytes: encoded)
      encoded.removeAll(keepingCapacity: true)
    }
    encoder.finish(into: &encoded)
    try file.write(bytes: encoded)
    try file.write(crlf + "--\(mixed)--" + crlf)
    try file.close()
  }
}
