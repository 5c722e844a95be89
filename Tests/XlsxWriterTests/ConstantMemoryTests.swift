import Foundation
import Testing
import XlsxWriter

@Suite struct ConstantMemoryTests {
  let options = Workbook.Options(constantMemory: true)

  @Test func rowOutOfOrderThrows() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(
        path: dir.appendingPathComponent("cm.xlsx").path, options: options)
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write(1, row: 5, column: 0)
      try sheet.write(2, row: 5, column: 3)  // same row is fine
      let error = xlsxError { try sheet.write(3, row: 4, column: 0) }
      #expect(error?.code == .rowOutOfOrder)
      #expect(error?.context.hasPrefix("sheet 'Data' cell A5") == true)
      #expect(xlsxError { try sheet.setRowHeight(20, row: 2) }?.code == .rowOutOfOrder)
      try workbook.close()
    }
  }

  @Test func otherModeAllowsAnyOrder() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write(1, row: 5, column: 0)
      try sheet.write(2, row: 1, column: 0)
    }
    #expect(try file.cell("A2")?.first("v")?.text == "2")
  }

  @Test func inlineStringsAndFeaturesStillWork() throws {
    let file = try writeAndRead(options: options) { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write("Month", row: 0, column: 0, format: CellFormat(bold: true))
      try sheet.write("Amount", row: 0, column: 1, format: CellFormat(bold: true))
      for row in 1...12 {
        try sheet.write("M\(row)", row: row, column: 0)
        try sheet.write(Double(row) * 1000.5, row: row, column: 1)
      }
      try sheet.freezePanes(row: 1, column: 0)
      try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: 12, lastColumn: 1)
      try sheet.setColumnWidth(30, column: 3)
      try sheet.fitColumnWidths()
      let chart = try workbook.addChart(.column)
      try chart.addSeries(
        name: "Amount", categories: CellRange(sheet: "Data", rows: 1...12, column: 0),
        values: CellRange(sheet: "Data", rows: 1...12, column: 1))
      try sheet.insertChart(chart, row: 1, column: 4)
    }
    #expect(try file.cell("A1")?.attributes["t"] == "inlineStr")
    #expect(try file.string("A13") == "M12")
    #expect(try file.cell("B13")?.first("v")?.text == "12006")
    #expect(try file.sheet().first("pane")?.attributes["state"] == "frozen")
    #expect(try file.sheet().first("autoFilter")?.attributes["ref"] == "A1:B13")
    let cols = try file.sheet().all("col")
    #expect(cols.contains { $0.attributes["min"] == "4" && $0.attributes["width"] == "30.7109375" })
    #expect(cols.contains { $0.attributes["min"] == "1" })
    #expect(file.text("xl/charts/chart1.xml").contains("Data!$B$2:$B$13"))
  }
}
