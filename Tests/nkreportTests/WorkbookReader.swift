import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads cells back from an .xlsx: enough to check what an analyst would see.
struct WorkbookReader {
  struct Cell: Equatable {
    /// `n` number, `s` shared string, `inlineStr`, `str`, `b`.
    var type: String
    var value: String
    var style: Int
    var isNumber: Bool { type == "n" }
  }

  let archive: Archive
  private(set) var sheetFiles: [String: String] = [:]
  private(set) var sheetNames: [String] = []
  private var sharedStrings: [String] = []

  init(url: URL) throws {
    archive = try Archive(url: url, accessMode: .read)
    let workbook = try Self.elements(try entry("xl/workbook.xml"), named: ["sheet"])
    let relations = try Self.elements(try entry("xl/_rels/workbook.xml.rels"), named: ["Relationship"])
    var targets: [String: String] = [:]
    for relation in relations { targets[relation["Id"] ?? ""] = relation["Target"] }
    for sheet in workbook {
      let name = sheet["name"] ?? ""
      sheetNames.append(name)
      if let target = targets[sheet["r:id"] ?? ""] {
        sheetFiles[name] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
      }
    }
    if let strings = try? entry("xl/sharedStrings.xml") {
      sharedStrings = SharedStringsParser.parse(strings)
    }
  }

  func entry(_ path: String) throws -> Data {
    guard let entry = archive[path] else { throw CocoaError(.fileNoSuchFile) }
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    return data
  }

  /// Cells of a sheet by reference ("B7"); shared strings resolved into `value`.
  func cells(_ sheet: String) throws -> [String: Cell] {
    guard let file = sheetFiles[sheet] else { throw CocoaError(.fileNoSuchFile) }
    var cells = CellParser.parse(try entry(file))
    for (reference, cell) in cells where cell.type == "s" {
      cells[reference]?.value = Int(cell.value).flatMap { sharedStrings.indices.contains($0) ? sharedStrings[$0] : nil } ?? ""
    }
    return cells
  }

  func sheetXML(_ sheet: String) throws -> String {
    guard let file = sheetFiles[sheet] else { throw CocoaError(.fileNoSuchFile) }
    return String(decoding: try entry(file), as: UTF8.self)
  }

  /// The number format code of a cell style index.
  func numberFormat(ofStyle style: Int) throws -> String {
    let styles = try entry("xl/styles.xml")
    let formats = try Self.elements(styles, named: ["numFmt"])
    var codes: [Int: String] = [3: "#,##0", 9: "0%", 10: "0.00%", 14: "m/d/yyyy"]
    for format in formats { codes[Int(format["numFmtId"] ?? "") ?? -1] = format["formatCode"] }
    let xfs = try XFParser.cellXfs(styles)
    guard xfs.indices.contains(style) else { return "General" }
    return codes[xfs[style]] ?? "General"
  }

  static func elements(_ data: Data, named names: Set<String>) throws -> [[String: String]] {
    let collector = ElementCollector(names: names)
    let parser = XMLParser(data: data)
    parser.delegate = collector
    parser.parse()
    return collector.found
  }
}

private final class ElementCollector: NSObject, XMLParserDelegate {
  let names: Set<String>
  var found: [[String: String]] = []
  init(names: Set<String>) { self.names = names }
  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if names.contains(elementName) { found.append(attributes) }
  }
}

private final class XFParser: NSObject, XMLParserDelegate {
  var inCellXfs = false
  var numberFormats: [Int] = []
  static func cellXfs(_ data: Data) throws -> [Int] {
    let delegate = XFParser()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.parse()
    return delegate.numberFormats
  }
  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if elementName == "cellXfs" { inCellXfs = true }
    if inCellXfs && elementName == "xf" { numberFormats.append(Int(attributes["numFmtId"] ?? "0") ?? 0) }
  }
  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    if elementName == "cellXfs" { inCellXfs = false }
  }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
  var strings: [String] = []
  var current = ""
  var inItem = false
  var inText = false
  static func parse(_ data: Data) -> [String] {
    let delegate = SharedStringsParser()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.parse()
    return delegate.strings
  }
  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if elementName == "si" { inItem = true; current = "" }
    if elementName == "t" { inText = true }
  }
  func parser(_ parser: XMLParser, foundCharacters string: String) { if inItem && inText { current += string } }
  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    if elementName == "t" { inText = false }
    if elementName == "si" { inItem = false; strings.append(current) }
  }
}

private final class CellParser: NSObject, XMLParserDelegate {
  var cells: [String: WorkbookReader.Cell] = [:]
  var reference = ""
  var cell = WorkbookReader.Cell(type: "n", value: "", style: 0)
  var inCell = false
  var capture = false
  static func parse(_ data: Data) -> [String: WorkbookReader.Cell] {
    let delegate = CellParser()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.parse()
    return delegate.cells
  }
  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    switch elementName {
    case "c":
      inCell = true
      reference = attributes["r"] ?? ""
      cell = .init(type: attributes["t"] ?? "n", value: "", style: Int(attributes["s"] ?? "0") ?? 0)
    case "v", "t": capture = inCell
    default: break
    }
  }
  func parser(_ parser: XMLParser, foundCharacters string: String) { if capture { cell.value += string } }
  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    switch elementName {
    case "v", "t": capture = false
    case "c":
      inCell = false
      cells[reference] = cell
    default: break
    }
  }
}
