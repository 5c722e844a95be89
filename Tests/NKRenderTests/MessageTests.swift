import Foundation
import NKPeriods
import NKSummary
import Testing

@testable import NKRender

/// A minimal MIME reader, enough to check the digest message.
struct ParsedEntity {
  var headers: [(name: String, value: String)]
  var body: String

  init(_ raw: String) throws {
    let split = try #require(raw.range(of: "\r\n\r\n"))
    let unfolded = raw[..<split.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
    headers = unfolded.components(separatedBy: "\r\n").map { line in
      let colon = line.firstIndex(of: ":")!
      return (
        String(line[..<colon]), String(line[line.index(after: colon)...].drop(while: { $0 == " " }))
      )
    }
    body = String(raw[split.upperBound...])
  }

  func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  var boundary: String? {
    guard let type = header("Content-Type"), let start = type.range(of: "boundary=\"") else {
      return nil
    }
    let rest = type[start.upperBound...]
    return String(rest[..<rest.firstIndex(of: "\"")!])
  }

  /// The body parts of a multipart entity (preamble and epilogue dropped).
  func parts() throws -> [ParsedEntity] {
    let boundary = try #require(self.boundary)
    let segments = ("\r\n" + body).components(separatedBy: "\r\n--" + boundary)
    #expect(segments.count >= 3)
    #expect(segments.last!.hasPrefix("--"), "closing delimiter missing")
    return try segments.dropFirst().dropLast().map { segment in
      #expect(segment.utf8.starts(with: "\r\n".utf8))
      return try ParsedEntity(String(segment.utf8.dropFirst(2))!)
    }
  }
}

func decodeQuotedPrintable(_ text: String) -> String {
  let bytes = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
  var output: [UInt8] = []
  var index = 0
  while index < bytes.count {
    if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count,
      let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16)
    {
      output.append(value)
      index += 3
    } else {
      output.append(bytes[index])
      index += 1
    }
  }
  return String(decoding: output, as: UTF8.self)
}

@Suite("Digest message (.eml)")
struct MessageTests {
  @Test func messageParsesAndCarriesTextHTMLAndWorkbook() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let workbook = try makeWorkbook(in: directory, size: 200_003)
    let output = directory.appendingPathComponent("out")
    try writeDigest(Fixture.model(), options: defaultOptions, workbook: workbook, into: output)
    let raw = try readText(output, "digest.eml")

    // CRLF only, lines within 78 (998 is the hard limit).
    let bytes = Array(raw.utf8)
    for (index, byte) in bytes.enumerated() {
      if byte == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
      if byte == 13 { #expect(index + 1 < bytes.count && bytes[index + 1] == 10) }
    }
    #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    #expect(raw.hasSuffix("\r\n"))

    let message = try ParsedEntity(raw)
    #expect(message.header("From") == "nkreport@example.org")
    #expect(message.header("To") == "analysts@example.org, \"Desk Editor\" <desk@example.net>")
    // The en dash (the one dash style of month spans) makes the subject RFC 2047 words.
    let subject = try #require(message.header("Subject"))
    let subjectText = subject.split(separator: " ").map { word -> String in
      guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?="),
        let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
      else { return "?" }
      return String(decoding: data, as: UTF8.self)
    }.joined()
    #expect(subjectText == "nkreport: North Korean arrivals and aid, January–November 2018")
    #expect(message.header("Date") == "Sat, 01 Dec 2018 00:00:00 +0000")
    #expect(message.header("MIME-Version") == "1.0")
    let messageID = try #require(message.header("Message-ID"))
    #expect(messageID.hasPrefix("<") && messageID.hasSuffix(".2018-11@nkreport.invalid>"))
    #expect(messageID.count == "<".count + 32 + ".2018-11@nkreport.invalid>".count)
    #expect(message.header("Content-Type")?.hasPrefix("multipart/mixed;") == true)

    let parts = try message.parts()
    #expect(parts.count == 2)
    #expect(parts[0].header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
    #expect(parts[0].boundary != message.boundary)
    let alternatives = try parts[0].parts()
    #expect(alternatives.count == 2)
    #expect(alternatives[0].header("Content-Type") == "text/plain; charset=utf-8")
    #expect(alternatives[0].header("Content-Transfer-Encoding") == "quoted-printable")
    #expect(alternatives[1].header("Content-Type") == "text/html; charset=utf-8")
    for part in alternatives {
      #expect(part.body.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
    }
    let text = decodeQuotedPrintable(alternatives[0].body).replacingOccurrences(
      of: "\r\n", with: "\n")
    #expect(text == (try readText(output, "digest.txt")))
    let html = decodeQuotedPrintable(alternatives[1].body).replacingOccurrences(
      of: "\r\n", with: "\n")
    #expect(html == (try readText(output, "digest.html")))

    let attachment = parts[1]
    #expect(
      attachment.header("Content-Type")
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"nkreport-2018-11.xlsx\""
    )
    #expect(
      attachment.header("Content-Disposition") == "attachment; filename=\"nkreport-2018-11.xlsx\"")
    #expect(attachment.header("Content-Transfer-Encoding") == "base64")
    let base64Lines = attachment.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(base64Lines.allSatisfy { $0.count <= 76 })
    #expect(base64Lines.dropLast().allSatisfy { $0.count == 76 })
    let decoded = try #require(Data(base64Encoded: base64Lines.joined()))
    #expect(decoded == (try Data(contentsOf: workbook)))
  }

  @Test func emptyAndTinyAttachments() throws {
    for size in [0, 1, 2, 3, 56, 57, 58, 114] {
      let directory = try temporaryDirectory("tiny\(size)")
      defer { try? FileManager.default.removeItem(at: directory) }
      let workbook = try makeWorkbook(in: directory, size: size)
      let output = directory.appendingPathComponent("out")
      try writeDigest(Fixture.model(), options: defaultOptions, workbook: workbook, into: output)
      let parts = try ParsedEntity(try readText(output, "digest.eml")).parts()
      let encoded = parts[1].body.replacingOccurrences(of: "\r\n", with: "")
      #expect(Data(base64Encoded: encoded) == (try Data(contentsOf: workbook)), "size \(size)")
    }
  }

  @Test func sameModelGivesByteIdenticalFiles() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let workbook = try makeWorkbook(in: directory)
    let first = directory.appendingPathComponent("first")
    let second = directory.appendingPathComponent("second")
    let model = Fixture.model(rejects: [Fixture.reject])
    var names = try writeCSVFiles(model, records: Fixture.records, into: first)
    names += try writeDigest(model, options: defaultOptions, workbook: workbook, into: first)
    #expect(
      try writeCSVFiles(model, records: Fixture.records, into: second)
        + writeDigest(model, options: defaultOptions, workbook: workbook, into: second) == names)
    for name in names {
      let a = try Data(contentsOf: first.appendingPathComponent(name))
      let b = try Data(contentsOf: second.appendingPathComponent(name))
      #expect(a == b, "\(name) differs between two runs")
    }
    // A different workbook gives a different Message-ID.
    let other = try makeWorkbook(in: directory.appendingPathComponent("first"), size: 10)
    let third = directory.appendingPathComponent("third")
    try writeDigest(model, options: defaultOptions, workbook: other, into: third)
    let id1 = try ParsedEntity(try readText(first, "digest.eml")).header("Message-ID")
    let id3 = try ParsedEntity(try readText(third, "digest.eml")).header("Message-ID")
    #expect(id1 != id3)
  }

  @Test func headerInjectionIsRefusedBeforeAnythingIsWritten() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let workbook = try makeWorkbook(in: directory)
    let output = directory.appendingPathComponent("out")
    var options = defaultOptions
    options.mailTo = ["a@b.c\r\nBcc: x@y.z"]
    #expect(throws: RenderError.headerInjection(field: "To")) { try validateMailOptions(options) }
    #expect(throws: RenderError.headerInjection(field: "To")) {
      try writeDigest(Fixture.model(), options: options, workbook: workbook, into: output)
    }
    #expect(!FileManager.default.fileExists(atPath: output.path))

    options = defaultOptions
    options.mailFrom = "nkreport@example.org\nBcc: x@y.z"
    #expect(throws: RenderError.headerInjection(field: "From")) { try validateMailOptions(options) }
    options = defaultOptions
    options.subject = "Report\r\nBcc: x@y.z"
    #expect(throws: RenderError.headerInjection(field: "Subject")) {
      try validateMailOptions(options)
    }
    options = defaultOptions
    options.toolVersion = "1.0\r\nX-Evil: 1"
    #expect(throws: RenderError.headerInjection(field: "X-Mailer")) {
      try validateMailOptions(options)
    }
    options = defaultOptions
    options.mailTo = []
    #expect(throws: RenderError.noRecipients) { try validateMailOptions(options) }
  }

  @Test func unreadableWorkbookIsAnIOErrorBeforeAnythingIsWritten() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let output = directory.appendingPathComponent("out")
    let missing = directory.appendingPathComponent("missing.xlsx")
    #expect {
      try writeDigest(Fixture.model(), options: defaultOptions, workbook: missing, into: output)
    } throws: { error in
      guard case RenderError.io(let path, _) = error else { return false }
      return path == missing.path
    }
    #expect(!FileManager.default.fileExists(atPath: output.path))
  }

  @Test(arguments: [
    "", "no-at-sign", "a@b@c.d", "a b@c.d", "a@b.c, d@e.f", "a@-b.c", "a@b..c", ".a@b.c", "a.@b.c",
    "a@", "@b.c", "Name <a@b.c", "Na\"me <a@b.c>", "<script>@b.c", "a@b_c.d",
  ])
  func implausibleAddressesAreRefused(_ address: String) {
    var options = defaultOptions
    options.mailTo = [address]
    #expect(throws: RenderError.invalidMailAddress(address)) { try validateMailOptions(options) }
  }

  @Test(arguments: [
    "a@b.c", "root@localhost", "first.last+tag@sub.example.co.uk", "Report Bot <bot@example.org>",
    "o'brien@example.ie", "<bare@example.org>",
  ])
  func plausibleAddressesAreAccepted(_ address: String) throws {
    var options = defaultOptions
    options.mailTo = [address]
    options.mailFrom = address
    try validateMailOptions(options)
  }

  @Test func errorDescriptionsDoNotCarryLineBreaks() {
    let error = RenderError.invalidMailAddress("a\r\nb")
    #expect(!error.description.contains("\n") && !error.description.contains("\r"))
    #expect(RenderError.headerInjection(field: "To").description.contains("To"))
  }

  @Test func manyRecipientsAreFoldedAndLongSubjectsStayWithinLimits() throws {
    var options = defaultOptions
    options.mailTo = (1...8).map {
      "Analyst Number \($0) <analyst.number.\($0)@research.example.org>"
    }
    options.subject = "Monthly " + String(repeating: "x", count: 1200) + " report"
    options.toolVersion = "2.0–beta"
    let raw = try readText(try renderDigest(Fixture.model(), options: options), "digest.eml")
    #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    #expect(raw.utf8.allSatisfy { $0 < 0x80 })
    let message = try ParsedEntity(raw)
    let expectedTo = (1...8).map {
      "\"Analyst Number \($0)\" <analyst.number.\($0)@research.example.org>"
    }
    #expect(message.header("To") == expectedTo.joined(separator: ", "))
    let subject = try #require(message.header("Subject"))
    #expect(subject.hasPrefix("=?utf-8?B?"))
    #expect(message.header("X-Mailer") == "nkreport 2.0?beta")
  }

  @Test func nonASCIISubjectIsEncodedWords() throws {
    var options = defaultOptions
    options.subject = "nkreport: 북한 이탈주민 입국 및 인도적 지원, January–November 2018 — a long subject line"
    let raw = try readText(try renderDigest(Fixture.model(), options: options), "digest.eml")
    #expect(raw.utf8.allSatisfy { $0 < 0x80 }, "the message must be 7-bit")
    let subject = try #require(try ParsedEntity(raw).header("Subject"))
    var decoded = Data()
    for word in subject.split(separator: " ") {
      #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?=") && word.count <= 75)
      decoded += try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
    }
    #expect(String(decoding: decoded, as: UTF8.self) == options.subject)
  }

  @Test func datesAreTheDayAfterThePeriod() {
    #expect(
      MIME.date(after: YearMonth(year: 2018, month: 11)!) == "Sat, 01 Dec 2018 00:00:00 +0000")
    #expect(
      MIME.date(after: YearMonth(year: 2018, month: 12)!) == "Tue, 01 Jan 2019 00:00:00 +0000")
    #expect(MIME.date(after: YearMonth(year: 2024, month: 1)!) == "Thu, 01 Feb 2024 00:00:00 +0000")
    #expect(
      MIME.date(after: YearMonth(year: 1969, month: 12)!) == "Thu, 01 Jan 1970 00:00:00 +0000")
    #expect(MIME.date(after: YearMonth(year: 1960, month: 2)!) == "Tue, 01 Mar 1960 00:00:00 +0000")
  }

  @Test func quotedPrintableRoundTripsAndStaysShort() {
    let samples = [
      "plain line\n", "trailing space \nand tab\t\n",
      "=equals= and .dots\n.starts with a dot\nFrom here\n",
      String(repeating: "é北", count: 60) + "\n", String(repeating: "x", count: 200) + "\n",
      String(repeating: "a ", count: 100) + "\n", "no final newline", "",
      String(repeating: "=", count: 80) + "\n" + String(repeating: ".", count: 90) + "\n",
    ]
    for sample in samples {
      let encoded = MIME.quotedPrintable(sample)
      let lines = encoded.components(separatedBy: "\r\n")
      #expect(lines.allSatisfy { $0.utf8.count <= 76 }, "\(sample)")
      #expect(
        lines.allSatisfy {
          !$0.hasSuffix(" ") && !$0.hasSuffix("\t") && !$0.hasPrefix(".") && !$0.hasPrefix("From ")
        })
      #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
      var expected = sample.replacingOccurrences(of: "\n", with: "\r\n")
      if !sample.isEmpty && !sample.hasSuffix("\n") { expected += "\r\n" }
      #expect(decodeQuotedPrintable(encoded) == expected)
    }
  }

  @Test func base64MatchesFoundation() {
    for size in [0, 1, 2, 3, 4, 56, 57, 58, 100, 1000, 57 * 1150 * 2 + 13] {
      let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
      var encoded: [UInt8] = []
      Base64.encode(bytes[...], into: &encoded)
      #expect(String(decoding: encoded, as: UTF8.self) == Data(bytes).base64EncodedString())
      // Chunks of odd sizes, and of the whole lines the e-mail reads.
      for step in [7, 57 * 1150] {
        var lines: [UInt8] = []
        var encoder = Base64.LineEncoder()
        for chunk in stride(from: 0, to: size, by: step) {
          encoder.add(bytes[chunk..<min(size, chunk + step)], into: &lines)
        }
        encoder.finish(into: &lines)
        let text = String(decoding: lines, as: UTF8.self)
        #expect(
          text.replacingOccurrences(of: "\r\n", with: "") == Data(bytes).base64EncodedString())
        // Every line 76 characters and CRLF-terminated, but the last, which may be shorter.
        var split = text.components(separatedBy: "\r\n")
        #expect(split.removeLast() == "")
        #expect(split.dropLast().allSatisfy { $0.count == 76 })
        #expect(split.last.map { (1...76).contains($0.count) } ?? (size == 0))
      }
    }
  }
}
