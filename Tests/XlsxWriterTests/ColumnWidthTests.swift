import Foundation
import Testing
import XlsxWriter

@Suite struct ColumnWidthTests {
  @Test func contentWidthEstimates() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("w.xlsx").path)
      let sheet = try workbook.addWorksheet()
      try sheet.write("Short", row: 0, column: 0)
      try sheet.write("日本語", row: 0, column: 1)
      try sheet.write(
        1_234_567.891, row: 0, column: 2, format: CellFormat(numberFormat: "#,##0.00"))
      try sheet.write(0.256, row: 0, column: 3, format: CellFormat(numberFormat: "0.0%"))
      try sheet.write(
        1234.5, row: 0, column: 4, format: CellFormat(numberFormat: "[$€-407] #,##0.00"))
      try sheet.write(-1234.5, row: 0, column: 5, format: CellFormat(numberFormat: "#,##0"))
      try sheet.write(1234.5, row: 0, column: 6)
      try sheet.write(CalendarDate(year: 2024, month: 1, day: 31), row: 0, column: 7)
      try sheet.write("two\nlines that are longer", row: 0, column: 8)
      try sheet.write("x", row: 1, column: 0)  // narrower content does not shrink
      #expect(sheet.contentWidth(ofColumn: 0) == 5)
      #expect(sheet.contentWidth(ofColumn: 1) == 6)
      #expect(sheet.contentWidth(ofColumn: 2) == 12)  // 1,234,567.89
      #expect(sheet.contentWidth(ofColumn: 3) == 5)  // 25.6%
      #expect(sheet.contentWidth(ofColumn: 4) == 10)  // € 1,234.50
      #expect(sheet.contentWidth(ofColumn: 5) == 6)  // -1,235
      #expect(sheet.contentWidth(ofColumn: 6) == 6)  // 1234.5
      #expect(sheet.contentWidth(ofColumn: 7) == 10)  // 2024-01-31
      #expect(sheet.contentWidth(ofColumn: 8) == 21)  // widest line
      #expect(sheet.contentWidth(ofColumn: 9) == nil)
      // Extreme values and formats stay cheap and bounded.
      try sheet.write(
        1e300, row: 1, column: 10,
        format: CellFormat(numberFormat: "0." + String(repeating: "0", count: 30)))
      #expect((sheet.contentWidth(ofColumn: 10) ?? 0) < 60)
      try workbook.close()
    }
  }

  @Test func fittedWidthsAreBounded() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.write("Short", row: 0, column: 0)
      try sheet.write(String(repeating: "long ", count: 40), row: 0, column: 1)
      try sheet.write(
        1_234_567.891, row: 0, column: 2, format: CellFormat(numberFormat: "#,##0.00"))
      try sheet.setColumnWidth(5, column: 2, format: CellFormat(italic: true))
      try sheet.fitColumnWidths(minimum: 8, maximum: 60, padding: 2)
    }
    var widths: [String: Double] = [:]
    var styles: [String: String] = [:]
    for col in try file.sheet().all("col") {
      guard let min = col.attributes["min"],
        let width = col.attributes["width"].flatMap(Double.init)
      else { continue }
      widths[min] = width
      styles[min] = col.attributes["style"]
    }
    // The library turns a width w into pixel-rounded w + ~0.71.
    #expect(abs((widths["1"] ?? 0) - 8.71) < 0.05)  // "Short" + 2 → minimum 8
    #expect(abs((widths["2"] ?? 0) - 60.71) < 0.1)  // 200 characters → maximum 60
    #expect(abs((widths["3"] ?? 0) - 14.71) < 0.1)  // 12 + 2
    #expect(styles["3"] != nil)  // the column format survives fitting
  }
}
