import Foundation
import Testing
import XlsxReadBack
import ZIPFoundation

/// A scratch directory removed when the closure returns.
func withWorkbookScratch<R>(_ body: (URL) throws -> R) throws -> R {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("NKRenderWorkbookTests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  return try body(url)
}

/// The parts of an .xlsx file, read back with ZIPFoundation, with lookups by sheet name.
struct WorkbookFile {
  var parts: [String: Data] = [:]
  /// Sheet names in workbook order (workbook.xml).
  var sheetNames: [String] = []

  init(url: URL) throws {
    let archive = try Archive(url: url, accessMode: .read)
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      parts[entry.path] = data
    }
    sheetNames = try xml("xl/workbook.xml").all("sheet").compactMap { $0.attributes["name"] }
  }

  func text(_ part: String) -> String {
    parts[part].map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  func xml(_ part: String) throws -> WorkbookXMLNode {
    guard let data = parts[part] else { throw WorkbookMissingPart(name: part) }
    return try WorkbookXMLNode.parse(data)
  }

  /// `xl/worksheets/sheetN.xml` of a sheet (libxlsxwriter numbers them in workbook order).
  func sheetPart(_ name: String) throws -> String {
    guard let index = sheetNames.firstIndex(of: name) else {
      throw WorkbookMissingPart(name: "sheet '\(name)'")
    }
    return "xl/worksheets/sheet\(index + 1).xml"
  }

  func sheet(_ name: String) throws -> WorkbookXMLNode { try xml(sheetPart(name)) }

  /// Every `<c>` of a sheet by its A1 reference.
  func cells(_ sheetName: String) throws -> [String: WorkbookXMLNode] {
    var cells: [String: WorkbookXMLNode] = [:]
    for cell in try sheet(sheetName).all("c") {
      if let reference = cell.attributes["r"] { cells[reference] = cell }
    }
    return cells
  }

  func cell(_ reference: String, in sheetName: String) throws -> WorkbookXMLNode? {
    try cells(sheetName)[reference]
  }

  /// The text of a string cell (inline in constant-memory mode, or shared); `nil` otherwise.
  func string(_ reference: String, in sheetName: String) throws -> String? {
    guard let cell = try cell(reference, in: sheetName) else { return nil }
    return try stringValue(of: cell)
  }

  func stringValue(of cell: WorkbookXMLNode) throws -> String? {
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

  /// The number of a numeric cell (no `t`, or `t="n"`); `nil` for strings, blanks, booleans.
  func number(_ reference: String, in sheetName: String) throws -> Double? {
    guard let cell = try cell(reference, in: sheetName) else { return nil }
    guard cell.attributes["t"] == nil || cell.attributes["t"] == "n" else { return nil }
    return cell.first("v").flatMap { Double($0.text) }
  }

  /// The 1-based row whose column-A string is `label`.
  func row(labelled label: String, in sheetName: String, column: String = "A") throws -> Int? {
    for (reference, cell) in try cells(sheetName) where reference.hasPrefix(column) {
      let digits = reference.dropFirst(column.count)
      guard let row = Int(digits), try stringValue(of: cell) == label else { continue }
      return row
    }
    return nil
  }

  /// The `<xf>` of a cell's style.
  func xf(_ reference: String, in sheetName: String) throws -> WorkbookXMLNode? {
    guard let cell = try cell(reference, in: sheetName), let s = cell.attributes["s"],
      let style = Int(s)
    else { return nil }
    let xfs = try xml("xl/styles.xml").first("cellXfs")?.children(named: "xf") ?? []
    return xfs.indices.contains(style) ? xfs[style] : nil
  }

  /// The number format code applied to a cell, via its style.
  func numberFormat(_ reference: String, in sheetName: String) throws -> String? {
    guard let xf = try xf(reference, in: sheetName), let id = xf.attributes["numFmtId"] else {
      return nil
    }
    let custom = try xml("xl/styles.xml").all("numFmt").first { $0.attributes["numFmtId"] == id }
    return custom?.attributes["formatCode"] ?? "builtin:\(id)"
  }

  /// The `<font>` of a cell's style.
  func font(_ reference: String, in sheetName: String) throws -> WorkbookXMLNode? {
    guard let xf = try xf(reference, in: sheetName),
      let id = xf.attributes["fontId"].flatMap(Int.init)
    else { return nil }
    let fonts = try xml("xl/styles.xml").first("fonts")?.children(named: "font") ?? []
    return fonts.indices.contains(id) ? fonts[id] : nil
  }

  /// The `<fill>` of a cell's style (solid fills carry `fgColor rgb`).
  func fill(_ reference: String, in sheetName: String) throws -> WorkbookXMLNode? {
    guard let xf = try xf(reference, in: sheetName),
      let id = xf.attributes["fillId"].flatMap(Int.init)
    else { return nil }
    let fills = try xml("xl/styles.xml").first("fills")?.children(named: "fill") ?? []
    return fills.indices.contains(id) ? fills[id] : nil
  }

  var chartParts: [String] {
    parts.keys.filter { $0.hasPrefix("xl/charts/chart") && $0.hasSuffix(".xml") }.sorted()
  }
}

struct WorkbookMissingPart: Error { var name: String }
/// The shared read-back tree under the name these tests use.
typealias WorkbookXMLNode = XMLElementNode
