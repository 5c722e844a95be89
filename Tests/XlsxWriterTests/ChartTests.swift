import Foundation
import Testing
import XlsxWriter

@Suite struct ChartTests {
  func writeData(_ workbook: Workbook, sheetName: String = "Data") throws -> Worksheet {
    let sheet = try workbook.addWorksheet(named: sheetName)
    for row in 0..<4 {
      try sheet.write("Cat \(row)", row: row + 1, column: 0)
      try sheet.write(Double(row * 10), row: row + 1, column: 1)
      try sheet.write(Double(row * 5), row: row + 1, column: 2)
    }
    return sheet
  }

  @Test func columnChartSeriesRanges() throws {
    let file = try writeAndRead { workbook in
      let sheet = try writeData(workbook, sheetName: "Monthly Data")
      let chart = try workbook.addChart(.column)
      let series = try chart.addSeries(
        name: "Revenue", categories: CellRange(sheet: "Monthly Data", rows: 1...4, column: 0),
        values: CellRange(sheet: "Monthly Data", rows: 1...4, column: 1))
      try series.setFillColor(0x4472C4)
      try series.setLineColor(0x000000, width: 1.5)
      try chart.setTitle("Revenue by month")
      try chart.setCategoryAxisTitle("Month")
      try chart.setValueAxisTitle("EUR")
      try chart.setValueAxisNumberFormat("#,##0")
      try chart.setLegendPosition(.bottom)
      try chart.setStyle(10)
      try sheet.insertChart(chart, row: 6, column: 1, xScale: 1.5, yScale: 1)
    }
    let xml = file.text("xl/charts/chart1.xml")
    #expect(xml.contains("<c:barChart>"))
    #expect(xml.contains("<c:barDir val=\"col\"/>"))
    #expect(xml.contains("'Monthly Data'!$A$2:$A$5"))
    #expect(xml.contains("'Monthly Data'!$B$2:$B$5"))
    #expect(xml.contains("Revenue"))
    #expect(xml.contains("Revenue by month"))
    #expect(xml.contains("<c:legendPos val=\"b\"/>"))
    #expect(xml.contains("<c:style val=\"10\"/>"))
    #expect(xml.contains("4472C4"))
    let chart = try file.xml("xl/charts/chart1.xml")
    let valueAxis = try #require(chart.first("valAx"))
    #expect(valueAxis.first("numFmt")?.attributes["formatCode"] == "#,##0")
    #expect(valueAxis.all("t").map(\.text).joined() == "EUR")
    #expect(chart.first("catAx")?.all("t").map(\.text).joined() == "Month")
    #expect(file.parts["xl/drawings/drawing1.xml"] != nil)
  }

  @Test func barChartValueAxisIsHorizontal() throws {
    let file = try writeAndRead { workbook in
      let sheet = try writeData(workbook)
      let chart = try workbook.addChart(.bar)
      try chart.addSeries(values: CellRange(sheet: "Data", rows: 1...4, column: 1))
      try chart.setValueAxisNumberFormat("0.0")
      try chart.setValueAxisTitle("Value")
      try sheet.insertChart(chart, row: 6, column: 1)
    }
    let chart = try file.xml("xl/charts/chart1.xml")
    #expect(file.text("xl/charts/chart1.xml").contains("<c:barDir val=\"bar\"/>"))
    let valueAxis = try #require(chart.first("valAx"))
    #expect(valueAxis.first("numFmt")?.attributes["formatCode"] == "0.0")
    #expect(valueAxis.all("t").map(\.text).joined() == "Value")
  }

  @Test(arguments: [
    (Chart.Kind.stackedColumn, "<c:grouping val=\"stacked\"/>"),
    (Chart.Kind.line, "<c:lineChart>"),
    (Chart.Kind.pie, "<c:pieChart>"),
    (Chart.Kind.area, "<c:areaChart>"),
  ])
  func otherKinds(kind: Chart.Kind, marker: String) throws {
    let file = try writeAndRead { workbook in
      let sheet = try writeData(workbook)
      let chart = try workbook.addChart(kind)
      try chart.addSeries(
        name: "A", categories: CellRange(sheet: "Data", rows: 1...4, column: 0),
        values: CellRange(sheet: "Data", rows: 1...4, column: 1))
      try chart.addSeries(name: "B", values: CellRange(sheet: "Data", rows: 1...4, column: 2))
      try sheet.insertChart(chart, row: 6, column: 1)
    }
    #expect(file.text("xl/charts/chart1.xml").contains(marker))
    #expect(file.text("xl/charts/chart1.xml").contains("Data!$C$2:$C$5"))
  }

  @Test func chartErrors() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("c.xlsx").path)
      let sheet = try writeData(workbook)
      let chart = try workbook.addChart(.column)
      #expect(
        xlsxError { try chart.addSeries(values: CellRange(sheet: "Nope", rows: 0...1, column: 0)) }?
          .code == .unknownSheet)
      #expect(
        xlsxError {
          try chart.addSeries(values: CellRange(sheet: "Data", rows: 0...1_048_576, column: 0))
        }?.code == .worksheetIndexOutOfRange)
      #expect(xlsxError { try chart.setStyle(49) }?.code == .invalidArgument)
      // A chart without series is rejected by the library.
      #expect(xlsxError { try sheet.insertChart(chart, row: 0, column: 5) }?.code != nil)
      try chart.addSeries(values: CellRange(sheet: "Data", rows: 1...4, column: 1))
      try sheet.insertChart(chart, row: 0, column: 5)
      try workbook.close()
    }
  }
}
