internal import CXlsxWriter

/// Writing a `CellBatch`: the cells laid out on another thread, sent with only the library calls.
extension Worksheet {
  /// Writes the cells of `batch` on the rows from `firstRow` down, in the order they were
  /// added, with one locale switch for the whole batch (see ``CellBatch``). Everything is as
  /// if the cells had been written one by one: the first cell that is a problem, falls outside
  /// the sheet or is refused by the library is thrown with its cell, the cells before it
  /// written (their widths and rows noted).
  public func write(_ batch: CellBatch, startingAt firstRow: Int) throws(XlsxError) {
    guard let first = batch.cells.first else { return }
    guard firstRow >= 0, firstRow < ExcelLimits.rowCount else {
      throw XlsxError(
        .worksheetIndexOutOfRange, context: "sheet '\(name)' batch at row index \(firstRow)")
    }
    _ = try state.open(batchContext(batch, first, firstRow))
    // As a cell's own checks: outside the sheet first, then out of order.
    if first.kind != .problem, Int(first.row) < ExcelLimits.rowCount - firstRow {
      try checkRowOrder(firstRow + Int(first.row), batchContext(batch, first, firstRow))
    }
    var written = BatchProgress()
    while true {
      let stop = try send(batch, firstRow: firstRow, from: written.next, progress: &written)
      guard let stop else { break }
      let cell = batch.cells[stop.cell]
      switch stop.reason {
      case .formatNeeded:
        do {
          batchFormats[Int(cell.style)] = try state.formatEntry(
            batch.styles.formats[Int(cell.style)]
          ).pointer
        } catch {
          noteWritten(batch, written, firstRow: firstRow)
          throw error
        }
      case .problem:
        noteWritten(batch, written, firstRow: firstRow)
        let problem = batch.problems[Int(cell.payload)]
        let location =
          problem.column.map { cellContext(firstRow + Int(cell.row), $0) }
          ?? "sheet '\(name)' row \(firstRow + Int(cell.row) + 1)"
        throw XlsxError(problem.code, context: location + problem.detail)
      case .outsideSheet:
        noteWritten(batch, written, firstRow: firstRow)
        throw XlsxError(.worksheetIndexOutOfRange, context: batchContext(batch, cell, firstRow))
      case .library(let error):
        noteWritten(batch, written, firstRow: firstRow)
        throw XlsxError(XlsxError.Code(error), context: batchContext(batch, cell, firstRow))
      }
    }
    noteWritten(batch, written, firstRow: firstRow)
  }

  /// How far a batch got: the next cell to send and the last row a cell was sent for.
  struct BatchProgress {
    var next = 0
    var lastRow: Int32 = -1
  }

  struct BatchStop {
    enum Reason {
      case formatNeeded, problem, outsideSheet
      case library(lxw_error)
    }
    var cell: Int
    var reason: Reason
  }

  /// Sends cells from `start` on to the library, up to the end (`nil`) or the first cell it
  /// cannot send: one whose format is not made yet, a problem, a row outside the sheet, or a
  /// library error.
  func send(
    _ batch: CellBatch, firstRow: Int, from start: Int, progress: inout BatchProgress
  ) throws(XlsxError) -> BatchStop? {
    if batchStyles !== batch.styles {
      batchStyles = batch.styles
      batchFormats = Array(repeating: nil, count: batch.styles.formats.count)
    }
    let handle = self.handle
    let formats = batchFormats
    let rowLimit = ExcelLimits.rowCount - firstRow
    return try cCall { () -> BatchStop? in
      batch.utf8.withUnsafeBufferPointer { utf8 -> BatchStop? in
        let strings = utf8.baseAddress.map {
          UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)
        }
        var index = start
        defer { progress.next = index }
        while index < batch.cells.count {
          let cell = batch.cells[index]
          if cell.kind == .problem { return BatchStop(cell: index, reason: .problem) }
          if Int(cell.row) >= rowLimit { return BatchStop(cell: index, reason: .outsideSheet) }
          let format: UnsafeMutablePointer<lxw_format>?
          if cell.style >= 0 {
            guard let made = formats[Int(cell.style)] else {
              return BatchStop(cell: index, reason: .formatNeeded)
            }
            format = made
          } else {
            format = nil
          }
          let r = lxw_row_t(firstRow + Int(cell.row))
          let c = lxw_col_t(cell.column)
          let result: lxw_error
          switch cell.kind {
          case .number:
            result = worksheet_write_number(handle, r, c, Double(bitPattern: cell.payload), format)
          case .text:
            // Every text cell adds its NUL-terminated bytes to `utf8`, so the storage is there;
            // its payload is an offset into it, never a problem's index.
            guard let strings else { preconditionFailure("a text cell in a batch without text") }
            result = worksheet_write_string(handle, r, c, strings + Int(cell.payload), format)
          case .blank:
            result = worksheet_write_blank(handle, r, c, format)
          case .date:
            var value = batch.dates[Int(cell.payload)].lxw
            result = worksheet_write_datetime(handle, r, c, &value, format)
          case .rowHeight:
            result = worksheet_set_row(handle, r, Double(bitPattern: cell.payload), nil)
          case .problem:
            result = LXW_NO_ERROR  // returned above
          }
          // A cell counts as written from its call on (as `prepareCell` notes the row first);
          // a row height once it is set.
          if cell.kind != .rowHeight || result == LXW_NO_ERROR {
            progress.lastRow = max(progress.lastRow, cell.row)
          }
          if result != LXW_NO_ERROR { return BatchStop(cell: index, reason: .library(result)) }
          index += 1
        }
        return nil
      }
    }
  }

  /// Notes the widths and the last row of the cells written: all of them, or those before the
  /// cell the batch stopped at.
  func noteWritten(_ batch: CellBatch, _ written: BatchProgress, firstRow: Int) {
    if written.next == batch.cells.count {
      for (column, width) in batch.widths.enumerated() where width > 0 {
        DisplayWidth.note(width, column: column, in: &contentWidths)
      }
    } else {
      for cell in batch.cells[..<written.next] where cell.width > 0 {
        DisplayWidth.note(cell.width, column: Int(cell.column), in: &contentWidths)
      }
    }
    if written.lastRow >= 0 {
      lastRowWritten = max(lastRowWritten, firstRow + Int(written.lastRow))
    }
  }

  /// Where a batch cell is, as writing it alone would say: its cell, or its row for a height.
  func batchContext(_ batch: CellBatch, _ cell: CellBatch.Cell, _ firstRow: Int)
    -> String
  {
    let row = firstRow + Int(cell.row)
    switch cell.kind {
    case .rowHeight: return "sheet '\(name)' row \(row + 1)"
    case .problem:
      if let column = batch.problems[Int(cell.payload)].column { return cellContext(row, column) }
      return "sheet '\(name)' row \(row + 1)"
    default: return cellContext(row, Int(cell.column))
    }
  }
}
