import Foundation
import Testing
import XlsxReadBack
import XlsxWriter
import ZIPFoundation

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
