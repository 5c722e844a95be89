import Foundation
import NKImport
import Testing
import XlsxWriter
import ZIPFoundation

/// The Ministry's table through September 2020, figures as published (male, female, total).
enum Published {
  static let headings = [
    "~'98", "~'01", "'02", "'03", "'04", "'05", "'06", "'07", "'08", "'09", "'10", "'11", "'12",
    "'13", "'14", "'15", "'16", "’17", "’18", "’19", "’20.09 (잠정)",
  ]
  static let periods = [
    "..1998", "1999..2001", "2002", "2003", "2004", "2005", "2006", "2007", "2008", "2009",
    "2010", "2011", "2012", "2013", "2014", "2015", "2016", "2017", "2018", "2019",
    "2020-01..2020-09",
  ]
  static let male = [
    831, 565, 510, 474, 626, 424, 515, 573, 608, 662, 591, 795, 404, 369, 305, 251, 302, 188, 168,
    202, 64,
  ]
  static let female = [
    116, 478, 632, 811, 1272, 960, 1513, 1981, 2195, 2252, 1811, 1911, 1098, 1145, 1092, 1024,
    1116, 939, 969, 845, 131,
  ]
  static let total = [
    947, 1043, 1142, 1285, 1898, 1384, 2028, 2554, 2803, 2914, 2402, 2706, 1502, 1514, 1397, 1275,
    1418, 1127, 1137, 1047, 195,
  ]
  /// As printed: female ÷ total, one decimal.
  static let ratio = [
    "12.2%", "45.8%", "55.3%", "63.1%", "67.0%", "69.4%", "74.6%", "77.6%", "78.3%", "77.3%",
    "75.4%", "70.6%", "73.1%", "75.6%", "78.2%", "80.3%", "78.7%", "83.3%", "85.2%", "80.7%",
    "67.2%",
  ]
  static let cumulative = (male: 9427, female: 24291, total: 33718, ratio: "72.0%")
}

enum Fixture {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")
  static let utf8 = directory.appendingPathComponent("mou-2020-09.csv")
  static let cp949 = directory.appendingPathComponent("mou-2020-09-cp949.csv")
}

/// A scratch folder removed when the test ends.
final class Scratch {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "NKImportTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// An empty inputs folder inside the scratch folder.
  func inputs() throws -> URL {
    let inputs = url.appendingPathComponent("Inputs")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    return inputs
  }

  @discardableResult
  func write(_ text: String, to name: String) throws -> String {
    try write(Array(text.utf8), to: name)
  }

  @discardableResult
  func write(_ bytes: [UInt8], to name: String) throws -> String {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: file)
    return file.path
  }

  func read(_ name: String) throws -> String {
    try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
  }

  func listing(_ name: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path(name))) ?? []).sorted()
  }
}

/// The published table as CSV text with Korean labels, a title row and a note row;
/// `edit` changes cells (row label → column heading → text) to break it on purpose.
func ministryCSV(
  headings: [String] = Published.headings, totalHeading: String = "합계",
  labels: [String] = ["남(명)", "여(명)", "합계(명)", "여성비율"], lineEnd: String = "\n",
  edit: (inout [[String]]) -> Void = { _ in }
) -> String {
  let grouped = { (value: Int) in Figures.grouped(value) }
  var rows: [[String]] = [
    ["구분"] + headings + [totalHeading],
    [labels[0]] + (Published.male + [Published.cumulative.male]).map(grouped),
    [labels[1]] + (Published.female + [Published.cumulative.female]).map(grouped),
    [labels[2]] + (Published.total + [Published.cumulative.total]).map(grouped),
    [labels[3]] + Published.ratio + [Published.cumulative.ratio],
  ]
  edit(&rows)
  let quoted = rows.map { row in
    row.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
  }
  return (["북한이탈주민 입국인원 현황", "(단위: 명)"] + quoted + ["※ 2020년 9월말 기준 잠정치"])
    .joined(separator: lineEnd) + lineEnd
}

/// Sets the cell of the row labelled `row` (0 header, 1 male, 2 female, 3 total, 4 ratio) in
/// the column headed `heading`.
func setCell(_ rows: inout [[String]], row: Int, heading: String, to text: String) {
  guard let column = rows[0].firstIndex(of: heading) else {
    Issue.record("no column \(heading)")
    return
  }
  rows[row][column] = text
}

/// The published table as an XLSX workbook written with the project's XlsxWriter: English
/// labels, a title row above the table and a note below; counts as numbers except the totals,
/// which are text with thousands separators; the ratio as a percent-formatted fraction.
func ministryWorkbook(at path: String, sheet: String = "Arrivals") throws {
  let workbook = try Workbook(path: path)
  _ = try workbook.addWorksheet(named: "Notes")
  let worksheet = try workbook.addWorksheet(named: sheet)
  var percent = CellFormat()
  percent.numberFormat = "0.0%"
  try worksheet.write("North Korean defectors entering South Korea (persons)", row: 0, column: 0)
  let header = 2
  try worksheet.write("Category", row: header, column: 1)
  let english = Published.headings.map {
    $0.replacingOccurrences(of: " (잠정)", with: " (provisional)")
  }
  for (offset, heading) in (english + ["Total"]).enumerated() {
    try worksheet.write(heading, row: header, column: 2 + offset)
  }
  let labels = ["Male (persons)", "Female (persons)", "Total (persons)", "Female ratio"]
  let figures = [Published.male, Published.female, Published.total]
  let totals = [Published.cumulative.male, Published.cumulative.female, Published.cumulative.total]
  for (index, label) in labels.enumerated() {
    let row = header + 1 + index
    try worksheet.write(label, row: row, column: 1)
    if index < 3 {
      for (offset, value) in figures[index].enumerated() {
        try worksheet.write(Double(value), row: row, column: 2 + offset)
      }
      try worksheet.write(Figures.grouped(totals[index]), row: row, column: 2 + figures[0].count)
    } else {
      for (offset, text) in (Published.ratio + [Published.cumulative.ratio]).enumerated() {
        let fraction = Double(text.dropLast())! / 100
        try worksheet.write(fraction, row: row, column: 2 + offset, format: percent)
      }
    }
  }
  try worksheet.write("Note: 2020 figures are provisional.", row: header + 6, column: 1)
  try workbook.close()
}

/// Writes a zip archive of `entries` (deflated) with ZIPFoundation.
func writeArchive(_ entries: [(String, [UInt8])], to path: String) throws {
  let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
  for (name, bytes) in entries {
    try archive.addEntry(
      with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
    ) { position, size in
      Data(bytes[Int(position)..<(Int(position) + size)])
    }
  }
}

/// The parts of a minimal workbook whose one sheet holds `sheetXML`.
func minimalWorkbook(
  sheetXML: String, sharedStringsXML: String? = nil, sheetTarget: String = "worksheets/sheet1.xml"
) -> [(String, [UInt8])] {
  let rels = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
    """
  let workbook = """
    <?xml version="1.0" encoding="UTF-8"?>
    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
    """
  var workbookRels = """
    <?xml version="1.0" encoding="UTF-8"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="\(sheetTarget)"/>
    """
  if sharedStringsXML != nil {
    workbookRels +=
      "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
  }
  workbookRels += "</Relationships>"
  var entries: [(String, [UInt8])] = [
    ("_rels/.rels", Array(rels.utf8)), ("xl/workbook.xml", Array(workbook.utf8)),
    ("xl/_rels/workbook.xml.rels", Array(workbookRels.utf8)),
    ("xl/worksheets/sheet1.xml", Array(sheetXML.utf8)),
  ]
  if let sharedStringsXML { entries.append(("xl/sharedStrings.xml", Array(sharedStringsXML.utf8))) }
  return entries
}

/// A one-row sheet: inline strings and numbers, enough for a table header to be found.
func sheetXML(rows: [[String]]) -> String {
  var xml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
  for (index, row) in rows.enumerated() {
    xml += "<row r=\"\(index + 1)\">"
    for (column, text) in row.enumerated() {
      xml +=
        "<c r=\"\(columnLetter(column))\(index + 1)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>"
    }
    xml += "</row>"
  }
  return xml + "</sheetData></worksheet>"
}

func columnLetter(_ column: Int) -> String {
  column < 26
    ? String(UnicodeScalar(UInt8(65 + column)))
    : String(UnicodeScalar(UInt8(64 + column / 26)))
      + String(UnicodeScalar(UInt8(65 + column % 26)))
}

/// The error `body` throws, recording an issue when it throws none.
func importError(
  _ body: () throws(ImportError) -> Void, sourceLocation: SourceLocation = #_sourceLocation
)
  -> ImportError?
{
  do {
    try body()
    Issue.record("expected an ImportError", sourceLocation: sourceLocation)
    return nil
  } catch { return error }
}

/// The table problems of a failed import, as printed.
func problems(of error: ImportError?) -> [String] {
  guard case .tableProblems(let problems) = error else {
    Issue.record("expected table problems, got \(String(describing: error))")
    return []
  }
  return problems.map(\.description)
}

/// Every part of a zip archive, read with ZIPFoundation (test fixtures only).
struct ZIPArchiveCopy {
  var parts: [(String, [UInt8])] = []

  init(path: String) throws {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    for entry in archive {
      var bytes: [UInt8] = []
      _ = try archive.extract(entry) { bytes += Array($0) }
      parts.append((entry.path, bytes))
    }
  }
}
