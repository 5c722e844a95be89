import Foundation
import Testing

/// Builds XLSX packages cell by cell, the way different writers store them: Excel (shared
/// strings, styles with custom number formats, formulas with cached values, merged cells,
/// hidden rows and columns), openpyxl and other libraries (inline strings, `2002.0` numbers,
/// formulas saved without a value).
struct WorkbookBuilder {
  enum Cell {
    case shared(String)
    case inline(String)
    /// The stored number as the writer prints it (`2025.1`, `2002.0`), in a cell style
    /// (an index into `formats`) or none.
    case number(String, style: Int? = nil)
    /// A formula, with its cached value (a number, or text when `text`) or none.
    case formula(String, cached: String?, text: Bool = false)
  }

  struct Sheet {
    var name: String
    /// Row (1-based) → column (0-based) → cell.
    var rows: [Int: [Int: Cell]] = [:]
    var merged: [String] = []
    var hiddenRows: Set<Int> = []
    var hiddenColumns: Set<Int> = []

    mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
      rows[row, default: [:]][column] = cell
    }
  }

  var sheets: [Sheet] = []
  /// Number format codes of the cell styles (style 0 is General).
  var formats: [String] = ["General"]
  var date1904 = false

  /// The table rows of `grid` (row label first) as cells from `row`, column `column`: text
  /// as shared strings (or inline), numbers as numbers.
  static func tableSheet(
    name: String, grid: [[String]], firstRow: Int = 3, column: Int = 0, inline: Bool = false
  ) -> Sheet {
    var sheet = Sheet(name: name)
    sheet.set(1, column, inline ? .inline("Title of the table") : .shared("Title of the table"))
    for (offset, row) in grid.enumerated() {
      for (index, text) in row.enumerated() where !text.isEmpty {
        let plain = text.replacingOccurrences(of: ",", with: "")
        let cell: Cell =
          offset > 0 && index > 0 && Int(plain) != nil
          ? .number(plain) : (inline ? .inline(text) : .shared(text))
        sheet.set(firstRow + offset, column + index, cell)
      }
    }
    return sheet
  }

  func write(to path: String) throws {
    var strings: [String] = []
    func sharedIndex(_ text: String) -> Int {
      if let index = strings.firstIndex(of: text) { return index }
      strings.append(text)
      return strings.count - 1
    }
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    var entries: [(String, [UInt8])] = []
    var sheetList = ""
    var workbookRels = ""
    for (index, sheet) in sheets.enumerated() {
      sheetList +=
        "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
      workbookRels +=
        "<Relationship Id=\"rId\(index + 1)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
      var xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"\(main)\">"
      if !sheet.hiddenColumns.isEmpty {
        xml += "<cols>"
        for column in sheet.hiddenColumns.sorted() {
          xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" hidden=\"1\"/>"
        }
        xml += "</cols>"
      }
      xml += "<sheetData>"
      for row in sheet.rows.keys.sorted() {
        xml += "<row r=\"\(row)\"\(sheet.hiddenRows.contains(row) ? " hidden=\"1\"" : "")>"
        for column in sheet.rows[row]!.keys.sorted() {
          let reference = "\(columnLetter(column))\(row)"
          switch sheet.rows[row]![column]! {
          case .shared(let text):
            xml += "<c r=\"\(reference)\" t=\"s\"><v>\(sharedIndex(text))</v></c>"
          case .inline(let text):
            xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(escaped(text))</t></is></c>"
          case .number(let value, let style):
            xml += "<c r=\"\(reference)\"\(style.map { " s=\"\($0)\"" } ?? "")><v>\(value)</v></c>"
          case .formula(let formula, let cached, let text):
            xml += "<c r=\"\(reference)\"\(text ? " t=\"str\"" : "")><f>\(escaped(formula))</f>"
            xml += (cached.map { "<v>\(escaped($0))</v>" } ?? "") + "</c>"
          }
        }
        xml += "</row>"
      }
      xml += "</sheetData>"
      if !sheet.merged.isEmpty {
        xml += "<mergeCells count=\"\(sheet.merged.count)\">"
        xml += sheet.merged.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
      }
      xml += "</worksheet>"
      entries.append(("xl/worksheets/sheet\(index + 1).xml", Array(xml.utf8)))
    }
    let styleBase = sheets.count + 1
    workbookRels +=
      "<Relationship Id=\"rId\(styleBase)\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
      + "<Relationship Id=\"rId\(styleBase + 1)\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    var numFmts = ""
    var xfs = ""
    for (index, code) in formats.enumerated() {
      if index == 0 {
        xfs += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
      } else {
        numFmts += "<numFmt numFmtId=\"\(163 + index)\" formatCode=\"\(escaped(code))\"/>"
        xfs +=
          "<xf numFmtId=\"\(163 + index)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
      }
    }
    let styles =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"\(main)\">"
      + (numFmts.isEmpty ? "" : "<numFmts count=\"\(formats.count - 1)\">\(numFmts)</numFmts>")
      + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
      + "<cellXfs count=\"\(formats.count)\">\(xfs)</cellXfs></styleSheet>"
    let shared =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\" count=\"\(strings.count)\" uniqueCount=\"\(strings.count)\">"
      + strings.map { "<si><t>\(escaped($0))</t></si>" }.joined() + "</sst>"
    let workbook =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(relNS)\">"
      + (date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>")
      + "<sheets>\(sheetList)</sheets></workbook>"
    let rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
    entries += [
      ("_rels/.rels", Array(rels.utf8)), ("xl/workbook.xml", Array(workbook.utf8)),
      (
        "xl/_rels/workbook.xml.rels",
        Array(
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(workbookRels)</Relationships>"
            .utf8)
      ),
      ("xl/styles.xml", Array(styles.utf8)), ("xl/sharedStrings.xml", Array(shared.utf8)),
    ]
    try writeArchive(entries, to: path)
  }

  private func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}

/// The Ministry's table as published in March 2026 (the committed fixture mou-2026-03.csv):
/// rows of cells, label first, as the page prints them.
enum Current {
  static let fixture = Fixture.directory.appendingPathComponent("mou-2026-03.csv")
  static let cp949 = Fixture.directory.appendingPathComponent("mou-2026-03-cp949.csv")

  static func grid() throws -> [[String]] {
    let text = try String(contentsOf: fixture, encoding: .utf8)
    return text.split(separator: "\n").dropFirst(2).prefix(5).map { line in
      var fields: [String] = []
      var field = ""
      var quoted = false
      for character in line {
        if character == "\"" {
          quoted.toggle()
        } else if character == "," && !quoted {
          fields.append(field)
          field = ""
        } else {
          field.append(character)
        }
      }
      fields.append(field)
      return fields
    }
  }

  /// The grid with the header cell of column `heading` (or the total's) replaced.
  static func grid(replacing heading: String, with replacement: String) throws -> [[String]] {
    var rows = try grid()
    let index = try #require(rows[0].firstIndex(of: heading))
    rows[0][index] = replacement
    return rows
  }

  static func csv(_ grid: [[String]], lineEnd: String = "\n") -> String {
    (["title", "(단위: 명)"]
      + grid.map { row in row.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") })
      .joined(separator: lineEnd) + lineEnd
  }
}
