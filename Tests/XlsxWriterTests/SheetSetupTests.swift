import Foundation
import Testing
import XlsxWriter

@Suite struct SheetSetupTests {
  @Test func frozenPanes() throws {
    let file = try writeAndRead { workbook in
      try workbook.addWorksheet().freezePanes(row: 1, column: 1)
    }
    let pane = try #require(try file.sheet().first("pane"))
    #expect(pane.attributes["state"] == "frozen")
    #expect(pane.attributes["topLeftCell"] == "B2")
  }

  @Test func autofilterRef() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write("H", row: 0, column: 0)
      try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: 10, lastColumn: 3)
    }
    #expect(try file.sheet().first("autoFilter")?.attributes["ref"] == "A1:D11")
    #expect(file.text("xl/workbook.xml").contains("_xlnm._FilterDatabase"))
  }

  @Test func printSetup() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet(named: "Report")
      try sheet.write("x", row: 0, column: 0)
      try sheet.setLandscape()
      try sheet.fitToPages(width: 1, height: 0)
      try sheet.repeatRows(0...1)
      try sheet.setPaper(.a4)
      try sheet.setMargins(left: 0.5, right: 0.5, top: 0.75, bottom: 0.75)
      try sheet.setHeader("&CMonthly report")
      try sheet.setFooter("&RPage &P of &N")
      try sheet.hideGridlines()
    }
    let sheet = try file.sheet()
    let setup = try #require(sheet.first("pageSetup"))
    #expect(setup.attributes["orientation"] == "landscape")
    #expect(setup.attributes["paperSize"] == "9")
    #expect(setup.attributes["fitToWidth"] ?? "1" == "1")  // 1 is the default, omitted
    #expect(setup.attributes["fitToHeight"] == "0")
    #expect(sheet.first("pageSetUpPr")?.attributes["fitToPage"] == "1")
    #expect(sheet.first("pageMargins")?.attributes["left"] == "0.5")
    #expect(sheet.first("oddHeader")?.text == "&CMonthly report")
    #expect(sheet.first("oddFooter")?.text == "&RPage &P of &N")
    #expect(sheet.first("sheetView")?.attributes["showGridLines"] == "0")
    let printTitles = try file.xml("xl/workbook.xml").all("definedName")
      .first { $0.attributes["name"] == "_xlnm.Print_Titles" }
    #expect(printTitles?.text == "Report!$1:$2")
  }

  @Test func rowHeightAndColumnWidth() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.setRowHeight(30, row: 2)
      try sheet.setColumnWidth(20, columns: 1...2, format: CellFormat(bold: true))
    }
    let sheet = try file.sheet()
    #expect(sheet.all("row").first { $0.attributes["r"] == "3" }?.attributes["ht"] == "30")
    let col = try #require(sheet.first("col"))
    #expect(col.attributes["min"] == "2")
    #expect(col.attributes["max"] == "3")
    #expect(col.attributes["width"] == "20.7109375")
    #expect(col.attributes["style"] != nil)
  }
}
