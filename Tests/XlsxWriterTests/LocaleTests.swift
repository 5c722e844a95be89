import Foundation
import Testing
import XlsxWriter

#if canImport(Glibc)
  import Glibc
#endif

/// Numbers must be written identically whatever the process or thread locale is: libxlsxwriter
/// prints them with `%.16G`, which would write `1234,5` under a comma-decimal locale.
@Suite(.serialized) struct LocaleTests {
  /// Writes a small workbook with a fixed date (constant-memory mode, where number printing
  /// happens during the writes, and normal mode, where it happens in `workbook_close`).
  static func writeSample(to path: String, constantMemory: Bool) throws -> Data {
    let workbook = try Workbook(path: path, options: .init(constantMemory: constantMemory))
    try workbook.setProperties(.init(created: Date(timeIntervalSince1970: 1_704_067_200)))
    let sheet = try workbook.addWorksheet(named: "Data")
    try sheet.write(1234.5, row: 0, column: 0)
    try sheet.write(0.125, row: 1, column: 0, format: CellFormat(numberFormat: "0.000"))
    try sheet.setColumnWidth(12.5, column: 0)
    try sheet.setRowHeight(20.25, row: 2)
    try sheet.setMargins(left: 0.25, right: 0.25, top: 0.5, bottom: 0.5)
    try sheet.write(CalendarDate(year: 2024, month: 3, day: 1, hour: 6), row: 3, column: 0)
    let chart = try workbook.addChart(.line)
    try chart.addSeries(values: CellRange(sheet: "Data", rows: 0...1, column: 0))
    try sheet.insertChart(chart, row: 5, column: 2, xScale: 1.5, yScale: 0.75)
    try workbook.close()
    return try Data(contentsOf: URL(fileURLWithPath: path))
  }

  /// A comma-decimal locale: the installed de_DE.UTF-8, or one compiled with `localedef` into
  /// `directory` (found through LOCPATH, which glibc reads on each `newlocale` call).
  static func germanLocale(compilingInto directory: URL) throws -> locale_t? {
    let mask =
      LC_CTYPE_MASK | LC_NUMERIC_MASK | LC_TIME_MASK | LC_COLLATE_MASK | LC_MONETARY_MASK
      | LC_MESSAGES_MASK
    for name in ["de_DE.UTF-8", "de_DE.utf8"] {
      if let locale = newlocale(mask, name, nil) { return locale }
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/localedef")
    process.arguments = [
      "-i", "de_DE", "-f", "UTF-8", directory.appendingPathComponent("de_DE.UTF-8").path,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    setenv("LOCPATH", directory.path, 1)
    defer { unsetenv("LOCPATH") }
    return newlocale(mask, "de_DE.UTF-8", nil)
  }

  static func format(_ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.16G", $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  @Test(arguments: [false, true])
  func commaDecimalThreadLocaleChangesNothing(constantMemory: Bool) throws {
    try withTemporaryDirectory { dir in
      let reference = try Self.writeSample(
        to: dir.appendingPathComponent("c.xlsx").path, constantMemory: constantMemory)

      let german = try #require(
        try Self.germanLocale(compilingInto: dir),
        "no de_DE locale and localedef could not build one")
      defer { freelocale(german) }
      // This test function is synchronous, so it stays on one thread while the locale is set.
      let previous = uselocale(german)
      defer { _ = uselocale(previous) }
      #expect(Self.format(1234.5) == "1234,5", "the locale really uses a decimal comma")

      let germanPath = dir.appendingPathComponent("de.xlsx").path
      let underGerman = try Self.writeSample(to: germanPath, constantMemory: constantMemory)
      #expect(Self.format(1234.5) == "1234,5", "the thread's locale was restored")
      #expect(underGerman == reference)
      let sheet = try XlsxFile(path: germanPath).text("xl/worksheets/sheet1.xml")
      #expect(sheet.contains("<v>1234.5</v>"))
      #expect(sheet.contains("<v>0.125</v>"))
    }
  }

  /// The same through `setlocale`, changing the whole process's locale for the duration.
  /// Other tests only produce numbers through the wrapper, which switches its own thread to "C".
  @Test func commaDecimalProcessLocaleChangesNothing() throws {
    try withTemporaryDirectory { dir in
      let reference = try Self.writeSample(
        to: dir.appendingPathComponent("c.xlsx").path, constantMemory: true)

      let saved = String(cString: setlocale(LC_ALL, nil))
      defer { setlocale(LC_ALL, saved) }
      var active = setlocale(LC_ALL, "de_DE.UTF-8")
      if active == nil {
        let german = try Self.germanLocale(compilingInto: dir)
        if let german { freelocale(german) }
        setenv("LOCPATH", dir.path, 1)
        active = setlocale(LC_ALL, "de_DE.UTF-8")
        unsetenv("LOCPATH")
      }
      try #require(active != nil, "setlocale(LC_ALL, de_DE.UTF-8) failed even after localedef")
      #expect(Self.format(1234.5) == "1234,5")

      let germanPath = dir.appendingPathComponent("de.xlsx").path
      let underGerman = try Self.writeSample(to: germanPath, constantMemory: true)
      #expect(underGerman == reference)
      #expect(
        try XlsxFile(path: germanPath).text("xl/worksheets/sheet1.xml").contains("<v>1234.5</v>"))
    }
  }
}
