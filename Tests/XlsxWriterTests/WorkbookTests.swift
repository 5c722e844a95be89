import Foundation
import Testing
import XlsxWriter

@Suite struct WorkbookTests {
  static let fixedDate = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z

  @Test func sheetNamesInWorkbookXml() throws {
    let file = try writeAndRead { workbook in
      _ = try workbook.addWorksheet(named: "Data")
      _ = try workbook.addWorksheet(named: "Summary 2024")
      _ = try workbook.addWorksheet()
      #expect(workbook.worksheetNames == ["Data", "Summary 2024", "Sheet3"])
    }
    let names = try file.xml("xl/workbook.xml").all("sheet").compactMap { $0.attributes["name"] }
    #expect(names == ["Data", "Summary 2024", "Sheet3"])
  }

  @Test func activeSheet() throws {
    let file = try writeAndRead { workbook in
      _ = try workbook.addWorksheet(named: "A")
      try workbook.addWorksheet(named: "B").activate()
    }
    #expect(try file.xml("xl/workbook.xml").first("workbookView")?.attributes["activeTab"] == "1")
  }

  @Test(arguments: [
    "", String(repeating: "x", count: 32), "a[b", "a]b", "a:b", "a*b", "a?b", "a/b",
    "a\\b", "'quoted", "quoted'",
  ])
  func invalidSheetNames(name: String) throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("n.xlsx").path)
      #expect(xlsxError { _ = try workbook.addWorksheet(named: name) }?.code == .invalidSheetName)
    }
  }

  @Test func thirtyOneCharacterNameIsFine() throws {
    let name = String(repeating: "x", count: 31)
    let file = try writeAndRead { _ = try $0.addWorksheet(named: name) }
    #expect(try file.xml("xl/workbook.xml").first("sheet")?.attributes["name"] == name)
  }

  @Test func duplicateSheetNamesIgnoringCase() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("d.xlsx").path)
      _ = try workbook.addWorksheet(named: "Data")
      let error = xlsxError { _ = try workbook.addWorksheet(named: "DATA") }
      #expect(error?.code == .duplicateSheetName)
      #expect(error?.context.contains("DATA") == true)
    }
  }

  @Test func documentProperties() throws {
    let file = try writeAndRead { workbook in
      _ = try workbook.addWorksheet()
      try workbook.setProperties(
        .init(
          title: "Monthly report", subject: "Numbers", author: "nkreport", manager: "M",
          company: "ACME", category: "Reports", keywords: "a, b", comments: "Generated",
          status: "Final", created: Self.fixedDate))
    }
    let core = try file.xml("docProps/core.xml")
    #expect(core.first("title")?.text == "Monthly report")
    #expect(core.first("subject")?.text == "Numbers")
    #expect(core.first("creator")?.text == "nkreport")
    #expect(core.first("keywords")?.text == "a, b")
    #expect(core.first("description")?.text == "Generated")
    #expect(core.first("category")?.text == "Reports")
    #expect(core.first("contentStatus")?.text == "Final")
    #expect(core.first("created")?.text == "2024-01-01T00:00:00Z")
    #expect(core.first("modified")?.text == "2024-01-01T00:00:00Z")
    let app = file.text("docProps/app.xml")
    #expect(app.contains("<Company>ACME</Company>"))
    #expect(app.contains("<Manager>M</Manager>"))
  }

  @Test func sameContentAndDateGiveIdenticalBytes() throws {
    try withTemporaryDirectory { dir in
      func write(_ name: String) throws -> Data {
        let path = dir.appendingPathComponent(name).path
        let workbook = try Workbook(path: path)
        try workbook.setProperties(.init(title: "T", created: Self.fixedDate))
        let sheet = try workbook.addWorksheet(named: "Data")
        try sheet.write("Header", row: 0, column: 0, format: CellFormat(bold: true))
        try sheet.write(1234.5, row: 1, column: 0, format: CellFormat(numberFormat: "#,##0.00"))
        try sheet.write(CalendarDate(year: 2024, month: 5, day: 31), row: 2, column: 0)
        let chart = try workbook.addChart(.column)
        try chart.addSeries(values: CellRange(sheet: "Data", rows: 1...2, column: 0))
        try sheet.insertChart(chart, row: 4, column: 2)
        try sheet.fitColumnWidths()
        try workbook.close()
        return try Data(contentsOf: URL(fileURLWithPath: path))
      }
      let first = try write("one.xlsx")
      Thread.sleep(forTimeInterval: 1.1)  // a clock-based stamp would now differ
      let second = try write("two.xlsx")
      #expect(first == second)

      // Zip entry timestamps are the library's fixed 1980-01-01 00:00, not the clock.
      let file = try XlsxFile(path: dir.appendingPathComponent("two.xlsx").path)
      let calendar = Calendar(identifier: .gregorian)
      for (part, date) in file.modificationDates {
        #expect(calendar.component(.year, from: date) == 1980, "\(part)")
      }
    }
  }

  @Test func closeIntoMissingDirectoryThrows() throws {
    try withTemporaryDirectory { dir in
      let path = dir.appendingPathComponent("missing/dir/x.xlsx").path
      let workbook = try Workbook(path: path)
      try workbook.addWorksheet().write(1, row: 0, column: 0)
      let error = xlsxError { try workbook.close() }
      #expect(error?.code == .creatingXlsxFile)
      #expect(error?.context == "workbook_close \(path)")
      #expect(error?.message.isEmpty == false)
      #expect(workbook.isClosed)
      #expect(xlsxError { try workbook.close() }?.code == .workbookClosed)
    }
  }

  @Test func closeTwiceThrows() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("c.xlsx").path)
      _ = try workbook.addWorksheet()
      try workbook.close()
      #expect(xlsxError { try workbook.close() }?.code == .workbookClosed)
    }
  }

  @Test func everyHandleThrowsAfterClose() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("c.xlsx").path)
      let sheet = try workbook.addWorksheet(named: "S")
      try sheet.write(1, row: 0, column: 0)
      let chart = try workbook.addChart(.line)
      let series = try chart.addSeries(values: CellRange(sheet: "S", rows: 0...0, column: 0))
      try workbook.close()
      #expect(xlsxError { try sheet.write(2, row: 1, column: 0) }?.code == .workbookClosed)
      #expect(xlsxError { try sheet.write("x", row: 1, column: 0) }?.code == .workbookClosed)
      #expect(xlsxError { try sheet.freezePanes(row: 1, column: 0) }?.code == .workbookClosed)
      #expect(xlsxError { try sheet.fitColumnWidths() }?.code == .workbookClosed)
      #expect(xlsxError { try chart.setTitle("t") }?.code == .workbookClosed)
      #expect(xlsxError { try series.setFillColor(0xFF0000) }?.code == .workbookClosed)
      #expect(xlsxError { _ = try workbook.addWorksheet() }?.code == .workbookClosed)
      #expect(xlsxError { _ = try workbook.addChart(.bar) }?.code == .workbookClosed)
      #expect(xlsxError { try workbook.setProperties(.init()) }?.code == .workbookClosed)
    }
  }

  @Test func unclosedWorkbookWritesNothing() throws {
    try withTemporaryDirectory { dir in
      let path = dir.appendingPathComponent("never.xlsx").path
      do {
        let workbook = try Workbook(path: path, options: .init(constantMemory: true))
        let sheet = try workbook.addWorksheet()
        for row in 0..<100 { try sheet.write(Double(row), row: row, column: 0) }
      }
      #expect(!FileManager.default.fileExists(atPath: path))
    }
  }

  /// An unclosed constant-memory workbook must not leak its row temporary files.
  @Test func unclosedConstantMemoryWorkbookClosesTemporaryFiles() throws {
    func openFileCount() throws -> Int {
      try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count
    }
    try withTemporaryDirectory { dir in
      let tmp = dir.appendingPathComponent("tmp", isDirectory: true)
      try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
      let options = Workbook.Options(constantMemory: true, temporaryDirectory: tmp.path)
      let before = try openFileCount()
      for _ in 0..<20 {
        let workbook = try Workbook(
          path: dir.appendingPathComponent("x.xlsx").path, options: options)
        try workbook.addWorksheet().write(1, row: 0, column: 0)
      }
      // Other tests run in parallel and open files too; 20 leaked handles would stand out.
      #expect(try openFileCount() < before + 10)
    }
  }

  @Test func errorDescription() {
    let error = XlsxError(.maxStringLengthExceeded, context: "sheet 'Data' cell B7")
    #expect(error.description.contains("sheet 'Data' cell B7"))
    #expect(error.description.contains("32,767") || error.description.contains("32767"))
    #expect(XlsxError.Code.creatingXlsxFile.isLibraryCode)
    #expect(!XlsxError.Code.workbookClosed.isLibraryCode)
  }
}
