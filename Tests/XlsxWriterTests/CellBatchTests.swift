import Foundation
import TestRandom
import Testing
import XlsxWriter

/// Cells laid out in a `CellBatch` on one thread and written on another must give the very
/// file that writing them one by one gives, and fail the same way.
@Suite struct CellBatchTests {
  static let formats: [CellFormat] = [
    CellFormat(indent: 1), CellFormat(numberFormat: "yyyy-mm-dd"),
    CellFormat(numberFormat: "#,##0"), CellFormat(numberFormat: "#,##0.00"),
    CellFormat(bold: true, numberFormat: "\"US$ \"#,##0"), CellFormat(fontSize: 8, indent: 1),
    CellFormat(italic: true, horizontalAlignment: .right), CellFormat(textWrap: true),
  ]
  static let styles = CellStyles(formats)

  /// One random cell: what both ways of writing it get.
  enum Cell {
    case text(String, Int?)
    case number(Double, Int?)
    case date(CalendarDate, Int)
    case blank(Int)
  }

  struct Row {
    var cells: [(column: Int, cell: Cell)]
    var height: Double?
  }

  static let words = [
    "", "a", "AID-0000001", "Civic group 17", "milk powder", "café", "日本語の説明", "=SUM(A1)",
    "two\nlines", "tab\there", "Flour sacks marked \"gift\"", String(repeating: "long ", count: 30),
  ]

  static func randomRows(_ count: Int, seed: UInt64) -> [Row] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      var cells: [(Int, Cell)] = []
      for column in 0..<Int(random.next() % 9) where random.next() % 4 != 0 {
        let style = random.next() % 3 == 0 ? nil : Int(random.next() % UInt64(formats.count))
        let cell: Cell
        switch random.next() % 4 {
        case 0: cell = .text(words[Int(random.next() % UInt64(words.count))], style)
        case 1:
          let magnitude = Double(random.next() >> 11) / Double(1 << 53)
          let scale = pow(10, Double(Int(random.next() % 16)) - 4)
          cell = .number((random.next() % 2 == 0 ? 1 : -1) * (magnitude * scale).rounded(), style)
        case 2:
          let date = CalendarDate(
            year: 1990 + Int(random.next() % 40), month: 1 + Int(random.next() % 12),
            day: 1 + Int(random.next() % 28))
          cell = .date(date, 1)
        default: cell = .blank(Int(random.next() % UInt64(formats.count)))
        }
        cells.append((column, cell))
      }
      let height = random.next() % 7 == 0 ? 15 * Double(1 + random.next() % 5) : nil
      return Row(cells: cells, height: height)
    }
  }

  static func writeOneByOne(_ rows: [Row], from firstRow: Int, on sheet: Worksheet) throws {
    for (offset, row) in rows.enumerated() {
      let r = firstRow + offset
      for (column, cell) in row.cells {
        switch cell {
        case .text(let string, let style):
          try sheet.write(string, row: r, column: column, format: style.map { formats[$0] })
        case .number(let value, let style):
          try sheet.write(value, row: r, column: column, format: style.map { formats[$0] })
        case .date(let date, let style):
          try sheet.write(date, row: r, column: column, format: formats[style])
        case .blank(let style): try sheet.writeBlank(row: r, column: column, format: formats[style])
        }
      }
      if let height = row.height { try sheet.setRowHeight(height, row: r) }
    }
  }

  static func batch(_ rows: [Row]) -> CellBatch {
    var batch = CellBatch(styles: styles, rows: rows.count, cellsPerRow: 8)
    for row in rows {
      for (column, cell) in row.cells {
        switch cell {
        case .text(let string, let style):
          batch.text(string, column: column, style: style.map { styles[$0] })
        case .number(let value, let style):
          batch.number(value, column: column, style: style.map { styles[$0] })
        case .date(let date, let style): batch.date(date, column: column, style: styles[style])
        case .blank(let style): batch.blank(column: column, style: styles[style])
        }
      }
      if let height = row.height { batch.setRowHeight(height) }
      batch.endRow()
    }
    return batch
  }

  /// The parts of a workbook with one sheet: a header row, then `rows` written by `body`, then
  /// one more row and the fitted widths.
  static func workbook(constantMemory: Bool, _ body: (Worksheet) throws -> Void) throws
    -> XlsxFile
  {
    try writeAndRead(options: .init(constantMemory: constantMemory)) { workbook in
      // A fixed creation time, so the two files can be compared byte for byte.
      var properties = Workbook.DocumentProperties()
      properties.created = Date(timeIntervalSince1970: 1_700_000_000)
      try workbook.setProperties(properties)
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write("Header", row: 0, column: 0, format: CellFormat(bold: true))
      try body(sheet)
      try sheet.write("after", row: 10_000, column: 2)
      try sheet.fitColumnWidths()
    }
  }

  @Test(arguments: [true, false])
  func batchesWriteTheSameFileAsCellByCell(constantMemory: Bool) throws {
    for seed in UInt64(1)...12 {
      let rows = Self.randomRows(300, seed: seed)
      let expected = try Self.workbook(constantMemory: constantMemory) { sheet in
        try Self.writeOneByOne(rows, from: 1, on: sheet)
      }
      // In batches of uneven sizes, each laid out on another thread.
      let actual = try Self.workbook(constantMemory: constantMemory) { sheet in
        var start = 0
        var size = 1
        while start < rows.count {
          let slice = Array(rows[start..<min(start + size, rows.count)])
          let batch = try Self.onAnotherThread { Self.batch(slice) }
          try sheet.write(batch, startingAt: 1 + start)
          start += slice.count
          size = size * 3 + 1
        }
      }
      #expect(actual.parts.keys.sorted() == expected.parts.keys.sorted())
      for (name, data) in expected.parts where actual.parts[name] != data {
        Issue.record("seed \(seed): part \(name) differs")
      }
    }
  }

  @Test func aProblemCellIsThrownWithItsCellAfterTheCellsBeforeIt() throws {
    var batch = CellBatch(styles: Self.styles)
    batch.text("fine", column: 0)
    batch.endRow()
    batch.number(1, column: 0)
    batch.text("bad\u{0}id", column: 1)
    batch.text("never written", column: 2)
    batch.endRow()
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      let error = xlsxError { try sheet.write(batch, startingAt: 4) }
      #expect(error?.code == .stringContainsNul)
      #expect(error?.context == "sheet 'Data' cell B6")
    }
    #expect(try file.string("A5") == "fine")
    #expect(try file.cell("A6") != nil)
    #expect(try file.cell("C6") == nil)
  }

  @Test func otherProblemsNameTheirCell() throws {
    var batch = CellBatch(styles: Self.styles)
    batch.number(.nan, column: 3)
    batch.endRow()
    var tooLong = CellBatch(styles: Self.styles)
    tooLong.text(String(repeating: "x", count: ExcelLimits.maxStringLength + 1), column: 0)
    var badDate = CellBatch(styles: Self.styles)
    badDate.date(CalendarDate(year: 1899, month: 12, day: 31), column: 0, style: Self.styles[1])
    var undated = CellBatch(styles: Self.styles)
    undated.date(CalendarDate(year: 2020, month: 1, day: 1), column: 0, style: Self.styles[0])
    var outside = CellBatch(styles: Self.styles)
    outside.text("x", column: ExcelLimits.columnCount)
    _ = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      #expect(
        xlsxError { try sheet.write(batch, startingAt: 0) }?.context.hasPrefix(
          "sheet 'Data' cell D1") == true)
      #expect(
        xlsxError { try sheet.write(tooLong, startingAt: 1) }?.code == .maxStringLengthExceeded)
      #expect(xlsxError { try sheet.write(badDate, startingAt: 2) }?.code == .invalidDate)
      #expect(xlsxError { try sheet.write(undated, startingAt: 3) }?.code == .invalidArgument)
      #expect(
        xlsxError { try sheet.write(outside, startingAt: 4) }?.code == .worksheetIndexOutOfRange)
    }
  }

  @Test func constantMemoryRefusesABatchAboveRowsAlreadyWritten() throws {
    var batch = CellBatch(styles: Self.styles)
    batch.text("late", column: 0)
    batch.endRow()
    _ = try writeAndRead(options: .init(constantMemory: true)) { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write("row 10", row: 9, column: 0)
      #expect(xlsxError { try sheet.write(batch, startingAt: 3) }?.code == .rowOutOfOrder)
      #expect(
        xlsxError { try sheet.write(batch, startingAt: ExcelLimits.rowCount) }?.code
          == .worksheetIndexOutOfRange)
      try sheet.write(batch, startingAt: 10)
    }
  }

  /// A failure part-way: the same error (code and context) as writing the cells one by one,
  /// with the cells before it written and their widths and rows noted, so that what follows
  /// behaves the same too. The old batch writer trapped on some of these and differed on others.
  @Test(arguments: [true, false])
  func failuresAreThoseOfWritingCellByCell(constantMemory: Bool) throws {
    typealias Step = (Worksheet) throws -> Void
    let bad = CellStyles([CellFormat(indent: 20)])
    let other = CellStyles([CellFormat(bold: true)])
    let wide = String(repeating: "w", count: 30)
    let limit = ExcelLimits.rowCount
    // Each case: the cells one by one, the same as a batch and the row it starts at.
    let cases: [(String, Step, () -> CellBatch, Int)] = [
      (
        "NUL after written cells",
        { sheet in
          try sheet.write(wide, row: 5, column: 0)
          try sheet.write("x", row: 6, column: 0)
          try sheet.write("bad\u{0}", row: 6, column: 1)
        },
        {
          var batch = CellBatch(styles: Self.styles)
          batch.text(wide, column: 0)
          batch.endRow()
          batch.text("x", column: 0)
          batch.text("bad\u{0}", column: 1)
          return batch
        }, 5
      ),
      (
        "row height out of range",
        { sheet in
          try sheet.write("x", row: 4, column: 0)
          try sheet.setRowHeight(500, row: 4)
        },
        {
          var batch = CellBatch(styles: Self.styles)
          batch.text("x", column: 0)
          batch.setRowHeight(500)
          return batch
        }, 4
      ),
      (
        "a problem before an invalid format",
        { sheet in
          try sheet.write("ok", row: 11, column: 0)
          try sheet.write("nul\u{0}", row: 11, column: 1)
          try sheet.write("styled", row: 11, column: 2, format: CellFormat(indent: 20))
        },
        {
          var batch = CellBatch(styles: bad)
          batch.text("ok", column: 0)
          batch.text("nul\u{0}", column: 1)
          batch.text("styled", column: 2, style: bad[0])
          return batch
        }, 11
      ),
      (
        "an invalid format after written cells",
        { sheet in
          try sheet.write(wide, row: 2, column: 1)
          try sheet.write("styled", row: 3, column: 2, format: CellFormat(indent: 20))
        },
        {
          var batch = CellBatch(styles: bad)
          batch.text(wide, column: 1)
          batch.endRow()
          batch.text("styled", column: 2, style: bad[0])
          return batch
        }, 2
      ),
      (
        "negative column", { sheet in try sheet.write("a", row: 0, column: -1) },
        {
          var batch = CellBatch(styles: Self.styles)
          batch.text("a", column: -1)
          return batch
        }, 0
      ),
      (
        "column far outside the sheet",
        { sheet in
          try sheet.write(1, row: 3, column: 0)
          try sheet.write("a\u{0}", row: 3, column: 70_000)
        },
        {
          var batch = CellBatch(styles: Self.styles)
          batch.number(1, column: 0)
          batch.text("a\u{0}", column: 70_000)
          return batch
        }, 3
      ),
      (
        "rows past the end of the sheet",
        { sheet in
          for row in limit - 2...limit { try sheet.write("r", row: row, column: 0) }
        },
        {
          var batch = CellBatch(styles: Self.styles)
          for _ in 0..<3 {
            batch.text("r", column: 0)
            batch.endRow()
          }
          return batch
        }, limit - 2
      ),
      (
        "a style of another list",
        { sheet in
          try sheet.write("a", row: 1, column: 0)
          throw XlsxError(
            .invalidArgument, context: "sheet 'Data' cell B2 style of another CellStyles")
        },
        {
          var batch = CellBatch(styles: Self.styles)
          batch.text("a", column: 0)
          batch.text("b", column: 1, style: other[0])
          return batch
        }, 1
      ),
    ]
    for (name, oneByOne, makeBatch, start) in cases {
      var outcomes: [String] = []
      for useBatch in [false, true] {
        _ = try writeAndRead(options: .init(constantMemory: constantMemory)) { workbook in
          let sheet = try workbook.addWorksheet(named: "Data")
          var outcome = ""
          do {
            if useBatch {
              try sheet.write(makeBatch(), startingAt: start)
            } else {
              try oneByOne(sheet)
            }
            outcome = "written"
          } catch let error as XlsxError {
            outcome = "\(error.code.rawValue) \(error.context)"
          }
          outcome += " widths \((0...2).map { sheet.contentWidth(ofColumn: $0) ?? 0 })"
          // What follows: a write back on the batch's first row (refused in constant memory
          // only if a later row was written).
          let later = Result { try sheet.write("next", row: min(start, limit - 1), column: 5) }
          outcome += " then \((try? later.get()) == nil ? "refused" : "written")"
          outcomes.append(outcome)
        }
      }
      #expect(outcomes[1] == outcomes[0], "\(name)")
    }
  }

  @Test func heightsAloneAndHugeStartsAreWrittenOrRefusedWithoutATrap() throws {
    var heightOnly = CellBatch(styles: Self.styles)
    heightOnly.setRowHeight(30)
    let file = try writeAndRead(options: .init(constantMemory: true)) { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write(heightOnly, startingAt: 2)
      #expect(
        xlsxError { try sheet.write(heightOnly, startingAt: .max) }?.code
          == .worksheetIndexOutOfRange)
      #expect(
        xlsxError { try sheet.write(heightOnly, startingAt: -1) }?.code
          == .worksheetIndexOutOfRange)
    }
    #expect(file.text("xl/worksheets/sheet1.xml").contains("<row r=\"3\" ht=\"30\""))
  }

  static func onAnotherThread<T: Sendable>(_ body: @escaping @Sendable () -> T) throws -> T {
    let box = ResultBox<T>()
    let thread = Thread { box.value = body() }
    thread.start()
    while !box.isSet { usleep(100) }
    return try #require(box.value)
  }
}

private final class ResultBox<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: T?
  var value: T? {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
  var isSet: Bool { lock.withLock { stored != nil } }
}
