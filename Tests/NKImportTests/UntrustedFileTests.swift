import Foundation
import NKImport
import Testing

/// A table file comes from outside: what is read is bounded, DTDs are refused, and nothing
/// leaves the archive. Each case is a crafted file.
@Suite("Untrusted table files")
struct UntrustedFileTests {
  static let bomb = Fixture.directory.appendingPathComponent("zip-bomb.xlsx")

  func refusal(
    _ path: String, limits: ImportLimits = .standard,
    sourceLocation: SourceLocation = #_sourceLocation
  )
    -> String
  {
    let error = importError(
      { () throws(ImportError) in
        _ = try TableSource.read(path: path, limits: limits)
      }, sourceLocation: sourceLocation)
    guard case .refused(let file, let reason) = error else {
      Issue.record(
        "expected a refusal, got \(String(describing: error))", sourceLocation: sourceLocation)
      return ""
    }
    return "\(file): \(reason)"
  }

  @Test func aZipBombIsRefusedByItsDeclaredSize() throws {
    // 256 MiB of spaces deflated to 256 KiB (made with Python's zipfile); the standard limits.
    let message = refusal(Self.bomb.path)
    #expect(
      message
        == "zip-bomb.xlsx: xl/worksheets/sheet1.xml declares 268435568 bytes uncompressed; at most 33554432 bytes per part and 67108864 in all are read (a zip bomb?)"
    )
  }

  @Test func aZipBombThatLiesAboutItsSizeIsStoppedWhileInflating() throws {
    let scratch = try Scratch()
    var bytes = Array(try Data(contentsOf: Self.bomb))
    // Declare 1,000 bytes in the local header and the central directory.
    let name = Array("xl/worksheets/sheet1.xml".utf8)
    var patched = 0
    for offset in 0..<(bytes.count - 46) {
      let isLocal = bytes[offset..<offset + 4].elementsEqual([0x50, 0x4B, 0x03, 0x04])
      let isCentral = bytes[offset..<offset + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02])
      guard isLocal || isCentral else { continue }
      let nameStart = offset + (isLocal ? 30 : 46)
      guard nameStart + name.count <= bytes.count,
        bytes[nameStart..<nameStart + name.count].elementsEqual(name)
      else { continue }
      let sizeOffset = offset + (isLocal ? 22 : 24)
      bytes.replaceSubrange(sizeOffset..<sizeOffset + 4, with: [0xE8, 0x03, 0, 0])
      patched += 1
    }
    #expect(patched == 2)
    let path = try scratch.write(bytes, to: "liar.xlsx")
    #expect(
      refusal(path)
        == "liar.xlsx: xl/worksheets/sheet1.xml inflates past the 1000 bytes it declares (stopped there); at most 33554432 bytes per part and 67108864 in all are read (a zip bomb?)"
    )
  }

  @Test func theTotalInflatedIsBoundedToo() throws {
    let scratch = try Scratch()
    let path = scratch.path("mou.xlsx")
    try ministryWorkbook(at: path)
    let limits = ImportLimits(maxTotalPartBytes: 2_000)
    #expect(
      refusal(path, limits: limits).contains("at most 33554432 bytes per part and 2000 in all"))
  }

  @Test func tooManyEntriesAreRefused() throws {
    let scratch = try Scratch()
    let path = scratch.path("many.xlsx")
    let filler = (0..<12).map { ("docProps/filler\($0).xml", Array("<x/>".utf8)) }
    try writeArchive(minimalWorkbook(sheetXML: sheetXML(rows: [["Category"]])) + filler, to: path)
    #expect(
      refusal(path, limits: ImportLimits(maxArchiveEntries: 10))
        == "many.xlsx: the archive lists more than 10 entries")
  }

  @Test(arguments: [
    // Billion laughs: entities that expand to gigabytes.
    """
    <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>
    """,
    // XXE: an external entity reading a local file.
    """
    <?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>
    """,
    // A bare ENTITY declaration.
    """
    <!ENTITY x "y"><worksheet/>
    """,
  ])
  func aDTDIsRefused(sheet: String) throws {
    let scratch = try Scratch()
    let path = scratch.path("dtd.xlsx")
    try writeArchive(minimalWorkbook(sheetXML: sheet), to: path)
    let message = refusal(path)
    #expect(
      message.hasPrefix(
        "dtd.xlsx: xl/worksheets/sheet1.xml: a DTD or entity declaration is not allowed in a workbook part"
      ))
  }

  @Test func anEntityThatIsNotPredefinedIsRefused() throws {
    let scratch = try Scratch()
    let path = scratch.path("entity.xlsx")
    let strings = "<sst><si><t>&xxe;</t></si></sst>"
    try writeArchive(
      minimalWorkbook(sheetXML: sheetXML(rows: [["Category"]]), sharedStringsXML: strings), to: path
    )
    #expect(
      refusal(path).hasPrefix(
        "entity.xlsx: xl/sharedStrings.xml: undefined entity &xxe; (only &lt; &gt; &amp; &quot; &apos; and &#…; are read)"
      ))
  }

  @Test func predefinedAndNumericReferencesAreRead() throws {
    let scratch = try Scratch()
    let path = scratch.path("refs.xlsx")
    // "Category" spelled with character references, in a shared string.
    let strings =
      "<sst><si><t>&#67;ate&#x67;ory</t></si><si><r><t>Ma</t></r><r><t>le</t></r><rPh><t>x</t></rPh></si></sst>"
    let sheet = """
      <worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>&apos;02</t></is></c></row>\
      <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>510</v></c></row>\
      <row r="3"><c r="A3" t="inlineStr"><is><t>Female</t></is></c><c r="B3"><v>632</v></c></row>\
      <row r="4"><c r="A4" t="inlineStr"><is><t>Total</t></is></c><c r="B4" t="inlineStr"><is><t>1,142</t></is></c></row></sheetData></worksheet>
      """
    try writeArchive(minimalWorkbook(sheetXML: sheet, sharedStringsXML: strings), to: path)
    let table = try TableSource.read(path: path).table
    #expect(table.columns.map(\.period.description) == ["2002"])
    #expect(table.columns.map(\.total) == [1142])
  }

  @Test(arguments: ["../../../etc/passwd", "/../secret.xml", "worksheets/../../../x.xml"])
  func aPartNameLeavingTheArchiveIsRefused(target: String) throws {
    let scratch = try Scratch()
    let path = scratch.path("traversal.xlsx")
    try writeArchive(minimalWorkbook(sheetXML: "<worksheet/>", sheetTarget: target), to: path)
    #expect(
      refusal(path) == "traversal.xlsx: the part name \(target.debugDescription) leaves the archive"
    )
  }

  @Test func anAbsolutePartNameIsLookedUpInsideTheArchiveOnly() throws {
    let scratch = try Scratch()
    let path = scratch.path("absolute.xlsx")
    try writeArchive(
      minimalWorkbook(sheetXML: "<worksheet/>", sheetTarget: "/etc/passwd"), to: path)
    #expect(
      refusal(path) == "absolute.xlsx: the archive has no part etc/passwd, which the workbook names"
    )
  }

  @Test func anArchiveEntryOutsideTheArchiveIsRefused() throws {
    let scratch = try Scratch()
    let path = scratch.path("slip.xlsx")
    try writeArchive(
      minimalWorkbook(sheetXML: "<worksheet/>") + [("../../evil.sh", Array("#!/bin/sh".utf8))],
      to: path)
    #expect(
      refusal(path)
        == "slip.xlsx: the archive holds an entry named \"../../evil.sh\", outside the archive")
  }

  @Test func anExternalTargetIsRefused() throws {
    let scratch = try Scratch()
    let path = scratch.path("external.xlsx")
    var parts = minimalWorkbook(sheetXML: "<worksheet/>")
    parts[2].1 = Array(
      String(decoding: parts[2].1, as: UTF8.self).replacingOccurrences(
        of: "Target=\"worksheets/sheet1.xml\"",
        with: "Target=\"http://example.org/sheet.xml\" TargetMode=\"External\""
      ).utf8)
    try writeArchive(parts, to: path)
    #expect(
      refusal(path)
        == "external.xlsx: the workbook points outside the archive (\"http://example.org/sheet.xml\")"
    )
  }

  @Test func rowsAndColumnsAreBounded() throws {
    let scratch = try Scratch()
    let workbook = scratch.path("mou.xlsx")
    try ministryWorkbook(at: workbook)
    #expect(
      refusal(workbook, limits: ImportLimits(maxRows: 4))
        == "mou.xlsx: Arrivals has more than 4 rows with cells")
    #expect(
      refusal(workbook, limits: ImportLimits(maxColumns: 10))
        == "mou.xlsx: Arrivals has cells beyond column 10")
    #expect(
      refusal(Fixture.utf8.path, limits: ImportLimits(maxColumns: 10))
        == "mou-2020-09.csv:1: more than 10 columns")
  }

  @Test func anOversizeCSVIsRefusedUnread() throws {
    let scratch = try Scratch()
    // 5 MiB: over the standard 4 MiB bound.
    let row = ministryCSV()
    var text = row
    while text.utf8.count <= 5 << 20 { text += "note,,,,\n" }
    let path = try scratch.write(text, to: "huge.csv")
    #expect(
      refusal(path)
        == "huge.csv: the file is larger than 4194304 bytes, far more than the Ministry's table; nothing was read"
    )
  }

  @Test func aFileInNoKnownEncodingIsRefused() throws {
    let scratch = try Scratch()
    // 0xFF is not a lead byte in UTF-8 or CP949.
    let path = try scratch.write(Array("구분,'02\n".utf8) + [0xFF, 0xFF, 0x0A], to: "bad.csv")
    #expect(
      refusal(path)
        == "bad.csv: the file is neither UTF-8 nor CP949/EUC-KR: 0xFF at line 2 cannot be read in either"
    )
    let utf16 = try scratch.write([0xFF, 0xFE, 0x41, 0x00], to: "utf16.csv")
    #expect(refusal(utf16).hasPrefix("utf16.csv: the file is UTF-16 text"))
  }
}

extension UntrustedFileTests {
  @Test func cellsAreBoundedInAll() throws {
    let scratch = try Scratch()
    let workbook = scratch.path("mou.xlsx")
    try ministryWorkbook(at: workbook)
    #expect(
      refusal(workbook, limits: ImportLimits(maxCells: 50))
        == "mou.xlsx: Arrivals has more than 50 cells")
    #expect(
      refusal(Fixture.utf8.path, limits: ImportLimits(maxCells: 50))
        == "mou-2020-09.csv: more than 50 non-blank cells")
  }

  @Test func aPartMayStartWithAByteOrderMark() throws {
    let scratch = try Scratch()
    let path = scratch.path("bom.xlsx")
    var parts = minimalWorkbook(
      sheetXML: sheetXML(rows: [
        ["Category", "'02"], ["Male", "1"], ["Female", "2"], ["Total", "3"],
      ]))
    parts[3].1 = [0xEF, 0xBB, 0xBF] + parts[3].1
    try writeArchive(parts, to: path)
    #expect(try TableSource.read(path: path).table.columns.map(\.total) == [3])
  }
}
