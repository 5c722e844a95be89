import Foundation
import Testing
import XlsxWriter

@Suite struct CellTests {
  @Test func numberIsNumericCell() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write(1234.5, row: 0, column: 0)
      try sheet.write(-7, row: 6, column: 1)
    }
    let a1 = try #require(try file.cell("A1"))
    #expect(a1.attributes["t"] == nil)
    #expect(a1.first("v")?.text == "1234.5")
    #expect(try file.cell("B7")?.first("v")?.text == "-7")
  }

  @Test func stringIsSharedString() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write("Grüße, 世界", row: 1, column: 2)
    }
    #expect(try file.cell("C2")?.attributes["t"] == "s")
    #expect(try file.string("C2") == "Grüße, 世界")
  }

  @Test func stringStartingWithEqualsStaysString() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write("=SUM(A1:A2)", row: 0, column: 0)
    }
    let cell = try #require(try file.cell("A1"))
    #expect(cell.attributes["t"] == "s")
    #expect(cell.first("f") == nil)
    #expect(try file.string("A1") == "=SUM(A1:A2)")
  }

  @Test func booleanCell() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write(true, row: 0, column: 0)
    }
    let cell = try #require(try file.cell("A1"))
    #expect(cell.attributes["t"] == "b")
    #expect(cell.first("v")?.text == "1")
  }

  @Test func dateIsSerialWithDateFormat() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write(CalendarDate(year: 2024, month: 3, day: 1), row: 0, column: 0)
      try sheet.write(
        CalendarDate(year: 2024, month: 3, day: 1, hour: 12), row: 1, column: 0)
      try sheet.write(
        CalendarDate(year: 2024, month: 3, day: 1), row: 2, column: 0,
        format: CellFormat(bold: true, numberFormat: "dd.mm.yyyy"))
    }
    let a1 = try #require(try file.cell("A1"))
    #expect(a1.attributes["t"] == nil)
    #expect(a1.first("v")?.text == "45352")
    #expect(try file.numberFormat("A1") == "yyyy-mm-dd")
    #expect(try file.cell("A2")?.first("v")?.text == "45352.5")
    #expect(try file.numberFormat("A2") == "yyyy-mm-dd hh:mm:ss")
    #expect(try file.numberFormat("A3") == "dd.mm.yyyy")
  }

  @Test func blankCellWithFormat() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.writeBlank(row: 0, column: 0, format: CellFormat(backgroundColor: 0xFFFF00))
    }
    let cell = try #require(try file.cell("A1"))
    #expect(cell.first("v") == nil)
    #expect(cell.attributes["s"] != nil)
  }

  @Test func mergeRange() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.mergeRange(
        rows: 0...0, columns: 0...3, string: "Title",
        format: CellFormat(bold: true, horizontalAlignment: .center))
    }
    #expect(try file.sheet().first("mergeCell")?.attributes["ref"] == "A1:D1")
    #expect(try file.string("A1") == "Title")
  }

  @Test func columnLetters() {
    #expect(ExcelLimits.columnName(0) == "A")
    #expect(ExcelLimits.columnName(25) == "Z")
    #expect(ExcelLimits.columnName(26) == "AA")
    #expect(ExcelLimits.columnName(16_383) == "XFD")
    #expect(ExcelLimits.cellName(row: 6, column: 1) == "B7")
  }
}
