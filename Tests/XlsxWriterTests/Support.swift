import Foundation
import Testing
import XlsxWriter
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A scratch directory removed when the closure returns.
func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("XlsxWriterTests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  return try body(url)
}

/// Writes a workbook with `build`, closes it, and returns the file read back.
func writeAndRead(
  options: Workbook.Options = .init(), _ build: (Workbook) throws -> Void
) throws -> XlsxFile {
  try withTemporaryDirectory { dir in
    let path = dir.appendingPathComponent("test.xlsx").path
    let workbook = try Workbook(path: path, options: options)
    try build(workbook)
    try workbook.close()
    return try XlsxFile(path: path)
  }
}

/// Catches the `XlsxError` thrown by `body`, recording an issue if none (or another) is thrown.
func xlsxError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation)
  -> XlsxError?
{
  do {
    try body()
    Issue.record("expected an XlsxError", sourceLocation: sourceLocation)
  } catch let error as XlsxError {
    return error
  } catch {
    Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
  }
  return nil
}

/// The parts of an .xlsx file, read with ZIPFoundation.
struct XlsxFile {
  var parts: [String: Data] = [:]
  var modificationDates: [String: Date] = [:]

  init(path: String) throws {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      parts[entry.path] = data
      modificationDates[entry.path] = entry.fileAttributes[.modificationDate] as? Date
    }
  }

  func text(_ part: String) -> String {
    parts[part].map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  func xml(_ part: String) throws -> XMLElementNode {
    guard let data = parts[part] else { throw MissingPart(name: part) }
    return try XMLElementNode.parse(data)
  }

  func sheet(_ index: Int = 1) throws -> XMLElementNode {
    try xml("xl/worksheets/sheet\(index).xml")
  }

  /// The `<c>` element for an A1 reference.
  func cell(_ reference: String, sheet index: Int = 1) throws -> XMLElementNode? {
    try sheet(index).all("c").first { $0.attributes["r"] == reference }
  }

  /// The displayed string of a string cell (shared or inline).
  func string(_ reference: String, sheet index: Int = 1) throws -> String? {
    guard let cell = try cell(reference, sheet: index) else { return nil }
    switch cell.attributes["t"] {
    case "s":
      guard let value = cell.first("v")?.text, let i = Int(value) else { return nil }
      let items = try xml("xl/sharedStrings.xml").children(named: "si")
      return items.indices.contains(i) ? items[i].all("t").map(\.text).joined() : nil
    case "inlineStr", "str":
      return cell.all("t").map(\.text).joined()
    default:
      return nil
    }
  }

  /// The number format code applied to a cell, via its style index.
  func numberFormat(_ reference: String, sheet index: Int = 1) throws -> String? {
    guard let cell = try cell(reference, sheet: index), let s = cell.attributes["s"],
      let style = Int(s)
    else { return nil }
    let styles = try xml("xl/styles.xml")
    guard let xfs = styles.first("cellXfs")?.children(named: "xf"), xfs.indices.contains(style),
      let id = xfs[style].attributes["numFmtId"]
    else { return nil }
    let custom = styles.all("numFmt").first { $0.attributes["numFmtId"] == id }
    return custom?.attributes["formatCode"] ?? "builtin:\(id)"
  }

  /// The `<xf>` of a cell's style, and the styles document.
  func cellXf(_ reference: String, sheet index: Int = 1) throws -> XMLElementNode? {
    guard let cell = try cell(reference, sheet: index), let s = cell.attributes["s"],
      let style = Int(s)
    else { return nil }
    let xfs = try xml("xl/styles.xml").first("cellXfs")?.children(named: "xf") ?? []
    return xfs.indices.contains(style) ? xfs[style] : nil
  }
}

struct MissingPart: Error { var name: String }
struct XMLParseFailure: Error { var description: String }

/// A tiny XML element tree for assertions; names are local names (namespace prefixes dropped).
final class XMLElementNode {
  let name: String
  let attributes: [String: String]
  var children: [XMLElementNode] = []
  var text = ""

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  static func parse(_ data: Data) throws -> XMLElementNode {
    let builder = TreeBuilder()
    let parser = XMLParser(data: data)
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw XMLParseFailure(description: String(describing: parser.parserError))
    }
    return root
  }

  /// All descendants (and self) with a local name.
  func all(_ name: String) -> [XMLElementNode] {
    var result: [XMLElementNode] = []
    var stack: [XMLElementNode] = [self]
    while let node = stack.popLast() {
      if node.name == name { result.append(node) }
      stack.append(contentsOf: node.children.reversed())
    }
    return result
  }

  func first(_ name: String) -> XMLElementNode? { all(name).first }

  func children(named name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
  var root: XMLElementNode?
  var stack: [XMLElementNode] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
    let node = XMLElementNode(name: local, attributes: attributeDict)
    if let parent = stack.last { parent.children.append(node) } else { root = node }
    stack.append(node)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    _ = stack.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }
}
