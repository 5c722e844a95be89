import Foundation
import XlsxReadBack
import ZIPFoundation

/// Reads cells back from a published .xlsx: enough to check what an analyst would see.
struct WorkbookReader {
  struct Cell: Equatable {
    /// `n` number, `s` shared string, `inlineStr`, `str`, `b`.
    var type: String
    /// The number, or the text with shared strings resolved.
    var value: String
    var style: Int
    var isNumber: Bool { type == "n" }
  }

  struct MissingPart: Error { var name: String }

  private var parts: [String: Data] = [:]
  private(set) var sheetNames: [String] = []
  private var sheetFiles: [String: String] = [:]
  private var sharedStrings: [String] = []

  init(url: URL) throws {
    let archive = try Archive(url: url, accessMode: .read)
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }
      parts[entry.path] = data
    }
    var targets: [String: String] = [:]
    for relation in try xml("xl/_rels/workbook.xml.rels").all("Relationship") {
      targets[relation.attributes["Id"] ?? ""] = relation.attributes["Target"]
    }
    for sheet in try xml("xl/workbook.xml").all("sheet") {
      let name = sheet.attributes["name"] ?? ""
      sheetNames.append(name)
      if let target = targets[sheet.attributes["r:id"] ?? ""] {
        sheetFiles[name] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
      }
    }
    if parts["xl/sharedStrings.xml"] != nil {
      sharedStrings = try xml("xl/sharedStrings.xml").all("si").map { item in
        item.all("t").map(\.text).joined()
      }
    }
  }

  func xml(_ part: String) throws -> XMLElementNode {
    guard let data = parts[part] else { throw MissingPart(name: part) }
    return try XMLElementNode.parse(data)
  }

  func sheetXML(_ sheet: String) throws -> String {
    guard let file = sheetFiles[sheet], let data = parts[file] else {
      throw MissingPart(name: sheet)
    }
    return String(decoding: data, as: UTF8.self)
  }

  /// Cells of a sheet by reference ("B7").
  func cells(_ sheet: String) throws -> [String: Cell] {
    guard let file = sheetFiles[sheet] else { throw MissingPart(name: sheet) }
    var cells: [String: Cell] = [:]
    for cell in try xml(file).all("c") {
      let type = cell.attributes["t"] ?? "n"
      var value = cell.first("v")?.text ?? cell.all("t").map(\.text).joined()
      if type == "s", let index = Int(value), sharedStrings.indices.contains(index) {
        value = sharedStrings[index]
      }
      cells[cell.attributes["r"] ?? ""] = Cell(
        type: type, value: value, style: Int(cell.attributes["s"] ?? "0") ?? 0)
    }
    return cells
  }

  /// The number format code of a cell style index ("General" when it has none).
  func numberFormat(ofStyle style: Int) throws -> String {
    let styles = try xml("xl/styles.xml")
    var codes: [String: String] = ["3": "#,##0", "9": "0%", "10": "0.00%", "14": "m/d/yyyy"]
    for format in styles.all("numFmt") {
      codes[format.attributes["numFmtId"] ?? ""] = format.attributes["formatCode"]
    }
    let xfs = styles.first("cellXfs")?.children(named: "xf") ?? []
    guard xfs.indices.contains(style), let id = xfs[style].attributes["numFmtId"] else {
      return "General"
    }
    return codes[id] ?? "General"
  }
}
