import Foundation
import Testing
import XlsxWriter

@Suite struct LimitTests {
  /// Runs `body` on a fresh sheet named "Data"; the workbook is closed afterwards.
  func onSheet(_ body: (Worksheet) throws -> Void) throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("l.xlsx").path)
      try body(try workbook.addWorksheet(named: "Data"))
      try workbook.close()
    }
  }

  @Test func rowPastLimit() throws {
    try onSheet { sheet in
      let error = xlsxError { try sheet.write(1, row: 1_048_576, column: 0) }
      #expect(error?.code == .worksheetIndexOutOfRange)
      #expect(error?.context == "sheet 'Data' cell A1048577")
      try sheet.write(1, row: 1_048_575, column: 0)
    }
  }

  @Test func columnPastLimit() throws {
    try onSheet { sheet in
      let error = xlsxError { try sheet.write("x", row: 6, column: 16_384) }
      #expect(error?.code == .worksheetIndexOutOfRange)
      #expect(error?.context == "sheet 'Data' cell XFE7")
      #expect(
        xlsxError { try sheet.write(1, row: -1, column: 0) }?.code == .worksheetIndexOutOfRange)
      try sheet.write("x", row: 6, column: 16_383)
    }
  }

  @Test func overlongString() throws {
    try onSheet { sheet in
      let error = xlsxError {
        try sheet.write(String(repeating: "a", count: 32_768), row: 6, column: 1)
      }
      #expect(error?.code == .maxStringLengthExceeded)
      #expect(error?.context.hasPrefix("sheet 'Data' cell B7") == true)
      try sheet.write(String(repeating: "a", count: 32_767), row: 6, column: 1)
    }
  }

  @Test func stringWithNul() throws {
    try onSheet { sheet in
      #expect(
        xlsxError { try sheet.write("a\u{0}b", row: 0, column: 0) }?.code == .stringContainsNul)
    }
  }

  @Test func nonFiniteNumbers() throws {
    try onSheet { sheet in
      #expect(xlsxError { try sheet.write(.nan, row: 0, column: 0) }?.code == .nonFiniteNumber)
      #expect(xlsxError { try sheet.write(.infinity, row: 0, column: 0) }?.code == .nonFiniteNumber)
    }
  }

  @Test func invalidDate() throws {
    try onSheet { sheet in
      let feb30 = CalendarDate(year: 2023, month: 2, day: 29)
      #expect(xlsxError { try sheet.write(feb30, row: 0, column: 0) }?.code == .invalidDate)
      #expect(
        xlsxError {
          try sheet.write(CalendarDate(year: 1899, month: 12, day: 31), row: 0, column: 0)
        }?
        .code == .invalidDate)
    }
  }

  @Test func libraryErrorIsMapped() throws {
    try onSheet { sheet in
      // The library rejects a header longer than 255 characters.
      let error = xlsxError { try sheet.setHeader(String(repeating: "h", count: 300)) }
      #expect(error?.code == .stringLength255Exceeded)
      // A merge of a single cell is rejected by the library.
      #expect(
        xlsxError { try sheet.mergeRange(rows: 0...0, columns: 0...0, string: "x") }?.code
          == .parameterValidation)
    }
  }
}
