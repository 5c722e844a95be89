import Foundation
import Testing

@testable import XlsxWriter

/// The per-cell fast paths (one-pass ASCII scan, integral "General" widths, cached format
/// entries and number-format shapes) must give exactly what the general code gives.
@Suite struct FastPathTests {
  @Test func asciiScanMatchesGeneralPath() {
    let samples = [
      "", "a", "Short", "AID-0000001", "two\nlines that are longer", "\n", "\n\n", "a\n",
      "tab\there", "bell\u{07}", "del\u{7F}x", "x\r\ny", String(repeating: "long ", count: 40),
      "=SUM(A1)", "\"quoted, with comma\"", String(repeating: "z", count: 40_000),
    ]
    for string in samples {
      let scan = DisplayWidth.scanASCII(string)
      #expect(scan != nil, "\(string.prefix(20)) is ASCII")
      #expect(scan?.containsNul == false)
      #expect(scan.map { Double($0.width) } == DisplayWidth.of(string: string))
      #expect(scan?.utf16Count == string.utf16.count)
    }
    // Random ASCII with control characters, newlines and DEL at every offset (the scan takes
    // eight bytes at a time).
    var x: UInt64 = 0x2545_F491_4F6C_DD1D
    let alphabet = Array("abc XYZ09,.\"=\n\t\r\u{7F}\u{1F}\u{7E}\u{20}".utf8)
    for length in 0..<48 {
      for _ in 0..<40 {
        var bytes: [UInt8] = []
        for _ in 0..<length {
          x ^= x << 13
          x ^= x >> 7
          x ^= x << 17
          bytes.append(x % 3 == 0 ? alphabet[Int(x / 3 % UInt64(alphabet.count))] : 0x61)
        }
        let string = String(decoding: bytes, as: UTF8.self)
        let scan = DisplayWidth.scanASCII(string)
        #expect(scan.map { Double($0.width) } == DisplayWidth.of(string: string), "\(bytes)")
        #expect(scan?.containsNul == false)
      }
    }
    #expect(DisplayWidth.scanASCII("a\u{0}b")?.containsNul == true)
    #expect(DisplayWidth.scanASCII("abcdefghijklmnop\u{0}")?.containsNul == true)
    #expect(DisplayWidth.scanASCII("abcdefghijklmnop\u{0}xyz")?.width == 19)
    #expect(DisplayWidth.scanASCII("abcdefghijklmnopé") == nil)
    #expect(DisplayWidth.scanASCII("abcdéfghijklmnop") == nil)
    for string in ["日本語", "café", "a\u{0301}", "€ 1", "\u{80}"] {
      #expect(DisplayWidth.scanASCII(string) == nil)
    }
  }

  @Test func generalWidthMatchesGeneralString() {
    var values: [Double] = [
      0, -0.0, 1, -1, 9, 10, 99, 100, 1234.5, -1234.5, 0.1, 1 / 3, -2 / 3, 1e10, 99_999_999_999,
      1e11, -1e11, 123_456_789_012, 1e15, 1e300, -1e-300, 5e-324, 0.000_123_4, 42.000_000_1,
    ]
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<2_000 {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let magnitude = Double(x >> 11) / Double(1 << 53) * pow(10, Double(Int(x % 30)) - 8)
      values.append(x & 1 == 0 ? magnitude : -magnitude)
      values.append((x & 2 == 0 ? magnitude : -magnitude).rounded())
    }
    for value in values {
      #expect(
        DisplayWidth.generalWidth(value) == DisplayWidth.general(value).count, "\(value)")
    }
  }

  @Test func cachedFormatsGiveTheSameWidths() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(
        path: dir.appendingPathComponent("w.xlsx").path, options: .init(constantMemory: true))
      let sheet = try workbook.addWorksheet(named: "Data")
      let money = CellFormat(numberFormat: "#,##0.00")
      let big = CellFormat(fontSize: 22, numberFormat: "#,##0.00")
      let header = CellFormat(bold: true)
      try sheet.write("Amount", row: 0, column: 0, format: header)  // 6 × 1.1
      try sheet.write(1234.5, row: 1, column: 0, format: money)  // 1,234.50 → 8
      try sheet.write(5, row: 2, column: 0, format: big)  // 5.00 → 4 × 2 = 8
      try sheet.write(12.5, row: 3, column: 0, format: money)
      try sheet.write(-12.5, row: 4, column: 0, format: big)  // -12.50 → 12
      #expect(sheet.contentWidth(ofColumn: 0) == 12)
      // The same format in another column, a date format, the number in "General".
      try sheet.write(CalendarDate(year: 2024, month: 1, day: 31), row: 5, column: 1)
      try sheet.write(
        CalendarDate(year: 2024, month: 1, day: 31, hour: 1), row: 6, column: 1,
        format: CellFormat(bold: true))
      #expect(sheet.contentWidth(ofColumn: 1) == 19 * 1.1)
      try sheet.write(123_456_789, row: 7, column: 2, format: header)
      #expect(sheet.contentWidth(ofColumn: 2) == 9 * 1.1)
      try sheet.write("", row: 7, column: 3)
      #expect(sheet.contentWidth(ofColumn: 3) == nil)
      #expect(sheet.contentWidth(ofColumn: -1) == nil)
      #expect(sheet.contentWidth(ofColumn: 100_000) == nil)
      // An invalid format still throws on every use, cached or not.
      let bad = CellFormat(fontSize: 0)
      for row in 8...9 {
        let error = xlsxError { try sheet.write(1, row: row, column: 4, format: bad) }
        #expect(error?.code == .invalidArgument)
      }
      try workbook.close()
      let error = xlsxError { try sheet.write(1, row: 10, column: 0, format: money) }
      #expect(error?.code == .workbookClosed)
      #expect(error?.context == "sheet 'Data' cell A11")
    }
  }

  @Test func errorContextsAreUnchanged() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(
        path: dir.appendingPathComponent("w.xlsx").path, options: .init(constantMemory: true))
      let sheet = try workbook.addWorksheet(named: "Data")
      let nul = xlsxError { try sheet.write("a\u{0}b", row: 6, column: 1) }
      #expect(nul?.code == .stringContainsNul)
      #expect(nul?.context == "sheet 'Data' cell B7")
      let long = xlsxError {
        try sheet.write(String(repeating: "x", count: 32_768), row: 6, column: 1)
      }
      #expect(long?.code == .maxStringLengthExceeded)
      #expect(long?.context == "sheet 'Data' cell B7 string of 32768 characters")
      let wide = xlsxError {
        try sheet.write(String(repeating: "日", count: 32_768), row: 6, column: 1)
      }
      #expect(wide?.code == .maxStringLengthExceeded)
      try sheet.write(1, row: 9, column: 0)
      let order = xlsxError { try sheet.write("late", row: 8, column: 0) }
      #expect(order?.code == .rowOutOfOrder)
      #expect(order?.context == "sheet 'Data' cell A9 after row 10 (constant-memory mode)")
      let negative = xlsxError { try sheet.write(1.5, row: -1, column: 2) }
      #expect(negative?.context == "sheet 'Data' cell row -1 column 2")
      try workbook.close()
    }
  }
}
