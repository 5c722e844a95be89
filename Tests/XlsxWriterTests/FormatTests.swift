import Foundation
import Testing
import XlsxWriter

@Suite struct FormatTests {
  @Test func numberFormatLandsInStyles() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write(1234.5, row: 0, column: 0, format: CellFormat(numberFormat: "#,##0.000"))
      try sheet.write(0.25, row: 1, column: 0, format: CellFormat(numberFormat: "0.0%"))
    }
    #expect(try file.numberFormat("A1") == "#,##0.000")
    #expect(try file.numberFormat("A2") == "0.0%")
  }

  @Test func boldHeader() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write("Name", row: 0, column: 0, format: CellFormat(bold: true))
    }
    let xf = try #require(try file.cellXf("A1"))
    let fontId = try #require(xf.attributes["fontId"].flatMap { Int($0) })
    let fonts = try file.xml("xl/styles.xml").first("fonts")?.children(named: "font") ?? []
    try #require(fonts.indices.contains(fontId))
    #expect(fonts[fontId].first("b") != nil)
  }

  @Test func fontFillAlignmentBorder() throws {
    let format = CellFormat(
      italic: true, underline: .single, fontSize: 14, fontName: "Arial", fontColor: 0xFF0000,
      backgroundColor: 0x00FF00, horizontalAlignment: .right, verticalAlignment: .top,
      textWrap: true, indent: 0, border: .thin)
    let file = try writeAndRead { workbook in
      try workbook.addWorksheet().write("x", row: 0, column: 0, format: format)
    }
    let styles = file.text("xl/styles.xml")
    #expect(styles.contains("<i/>"))
    #expect(styles.contains("<u/>"))
    #expect(styles.contains("<sz val=\"14\"/>"))
    #expect(styles.contains("<name val=\"Arial\"/>"))
    #expect(styles.contains("<color rgb=\"FFFF0000\"/>"))
    #expect(styles.contains("<fgColor rgb=\"FF00FF00\"/>"))
    #expect(styles.contains("horizontal=\"right\""))
    #expect(styles.contains("vertical=\"top\""))
    #expect(styles.contains("wrapText=\"1\""))
    #expect(styles.contains("<bottom style=\"thin\">"))
    #expect(styles.contains("<left style=\"thin\">"))
  }

  @Test func blackFontIsNotDropped() throws {
    let file = try writeAndRead { workbook in
      try workbook.addWorksheet().write(
        "x", row: 0, column: 0, format: CellFormat(fontColor: 0x000000))
    }
    #expect(file.text("xl/styles.xml").contains("<color rgb=\"FF000000\"/>"))
  }

  @Test func equalFormatsShareOneXf() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write(1, row: 0, column: 0, format: CellFormat(bold: true, numberFormat: "0.00"))
      try sheet.write(2, row: 1, column: 0, format: CellFormat(bold: true, numberFormat: "0.00"))
      try sheet.write(3, row: 2, column: 0, format: CellFormat(bold: true))
    }
    let xfs = try file.xml("xl/styles.xml").first("cellXfs")?.children(named: "xf") ?? []
    #expect(xfs.count == 3)  // default + two distinct formats
    #expect(try file.cell("A1")?.attributes["s"] == file.cell("A2")?.attributes["s"])
    #expect(try file.cell("A1")?.attributes["s"] != file.cell("A3")?.attributes["s"])
  }

  @Test func invalidFormatValuesThrow() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("f.xlsx").path)
      let sheet = try workbook.addWorksheet()
      #expect(
        xlsxError { try sheet.write(1, row: 0, column: 0, format: CellFormat(fontSize: 0)) }?.code
          == .invalidArgument)
      let long = String(repeating: "0", count: 200)
      #expect(
        xlsxError { try sheet.write(1, row: 0, column: 0, format: CellFormat(numberFormat: long)) }?
          .code == .stringLength128Exceeded)
      try workbook.close()
    }
  }
}
