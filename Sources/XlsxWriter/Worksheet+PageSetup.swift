internal import CXlsxWriter

/// The sheet's view, print setup and charts.
extension Worksheet {
  // MARK: View

  /// Freezes the rows above `row` and the columns left of `column` (e.g. `row: 1, column: 0`
  /// freezes the header row). The corresponding C function is `worksheet_freeze_panes`.
  public func freezePanes(row: Int, column: Int) throws(XlsxError) {
    let context =
      "sheet '\(name)' freeze panes at \(ExcelLimits.cellName(row: row, column: column))"
    _ = try state.open(context)
    try checkCell(row: row, column: column, context)
    try cCall { worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(column)) }
  }

  /// Adds an autofilter (drop-down filter buttons) over a range, usually the header row down to
  /// the last data row. The corresponding C function is `worksheet_autofilter`.
  public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int)
    throws(XlsxError)
  {
    let context =
      "sheet '\(name)' autofilter \(rangeName(firstRow...max(firstRow, lastRow), firstColumn...max(firstColumn, lastColumn)))"
    _ = try state.open(context)
    try checkCell(row: firstRow, column: firstColumn, context)
    try checkCell(row: lastRow, column: lastColumn, context)
    try checked(context) {
      worksheet_autofilter(
        handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow),
        lxw_col_t(lastColumn))
    }
  }

  /// Hides the screen and print gridlines. The corresponding C function is `worksheet_gridlines`.
  public func hideGridlines() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' hideGridlines")
    try cCall { worksheet_gridlines(handle, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue)) }
  }

  /// Makes this the sheet shown when the file is opened. The corresponding C function is
  /// `worksheet_activate`.
  public func activate() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' activate")
    try cCall { worksheet_activate(handle) }
  }

  /// Makes this the first visible tab in the tab bar. The corresponding C function is
  /// `worksheet_set_first_sheet`.
  public func setFirstSheet() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setFirstSheet")
    try cCall { worksheet_set_first_sheet(handle) }
  }

  // MARK: Print setup

  /// Prints in landscape orientation. The corresponding C function is `worksheet_set_landscape`.
  public func setLandscape() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setLandscape")
    try cCall { worksheet_set_landscape(handle) }
  }

  /// Prints in portrait orientation (the default). The corresponding C function is
  /// `worksheet_set_portrait`.
  public func setPortrait() throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setPortrait")
    try cCall { worksheet_set_portrait(handle) }
  }

  /// Scales printing to fit `width` pages across and `height` pages down; 0 means "as many as
  /// needed" in that direction. The corresponding C function is `worksheet_fit_to_pages`.
  public func fitToPages(width: Int, height: Int) throws(XlsxError) {
    let context = "sheet '\(name)' fitToPages \(width)x\(height)"
    _ = try state.open(context)
    guard (0...Int(UInt16.max)).contains(width), (0...Int(UInt16.max)).contains(height) else {
      throw XlsxError(.invalidArgument, context: context)
    }
    try cCall { worksheet_fit_to_pages(handle, UInt16(width), UInt16(height)) }
  }

  /// Repeats `rows` at the top of every printed page (print titles).
  /// The corresponding C function is `worksheet_repeat_rows`.
  public func repeatRows(_ rows: ClosedRange<Int>) throws(XlsxError) {
    let context = "sheet '\(name)' repeatRows \(rows.lowerBound + 1)-\(rows.upperBound + 1)"
    _ = try state.open(context)
    try checkCell(row: rows.lowerBound, column: 0, context)
    try checkCell(row: rows.upperBound, column: 0, context)
    try checked(context) {
      worksheet_repeat_rows(handle, lxw_row_t(rows.lowerBound), lxw_row_t(rows.upperBound))
    }
  }

  /// Sets the paper size. The corresponding C function is `worksheet_set_paper`.
  public func setPaper(_ paper: Paper) throws(XlsxError) {
    _ = try state.open("sheet '\(name)' setPaper")
    try cCall { worksheet_set_paper(handle, paper.rawValue) }
  }

  /// Sets the page margins in inches. The corresponding C function is `worksheet_set_margins`.
  public func setMargins(left: Double, right: Double, top: Double, bottom: Double)
    throws(XlsxError)
  {
    let context = "sheet '\(name)' setMargins"
    _ = try state.open(context)
    guard [left, right, top, bottom].allSatisfy({ $0.isFinite && $0 >= 0 }) else {
      throw XlsxError(.invalidArgument, context: context)
    }
    try cCall { worksheet_set_margins(handle, left, right, top, bottom) }
  }

  /// Sets the printed page header, using Excel's codes (`&L`, `&C`, `&R`, `&P`, `&N`, `&D`, …).
  /// At most 255 characters. The corresponding C function is `worksheet_set_header`.
  public func setHeader(_ text: String) throws(XlsxError) {
    let context = "sheet '\(name)' header"
    _ = try state.open(context)
    try requireNoNul(text, context)
    try checked(context) { text.withCString { worksheet_set_header(handle, $0) } }
  }

  /// Sets the printed page footer (see ``setHeader(_:)``). The corresponding C function is
  /// `worksheet_set_footer`.
  public func setFooter(_ text: String) throws(XlsxError) {
    let context = "sheet '\(name)' footer"
    _ = try state.open(context)
    try requireNoNul(text, context)
    try checked(context) { text.withCString { worksheet_set_footer(handle, $0) } }
  }

  // MARK: Charts

  /// Places a chart with its top-left corner in a cell, scaled from the default 480×288 pixels
  /// and offset in pixels. A chart can be inserted once, and must have at least one series.
  /// The corresponding C function is `worksheet_insert_chart_opt`.
  public func insertChart(
    _ chart: Chart, row: Int, column: Int, xScale: Double = 1, yScale: Double = 1,
    xOffset: Int = 0, yOffset: Int = 0
  ) throws(XlsxError) {
    let context = "sheet '\(name)' chart at \(ExcelLimits.cellName(row: row, column: column))"
    _ = try state.open(context)
    guard chart.state === state else {
      throw XlsxError(.invalidArgument, context: context + ": chart belongs to another workbook")
    }
    try checkCell(row: row, column: column, context)
    guard xScale.isFinite, yScale.isFinite, xScale > 0, yScale > 0,
      let x = Int32(exactly: xOffset), let y = Int32(exactly: yOffset)
    else {
      throw XlsxError(.invalidArgument, context: context + " scale/offset")
    }
    var options = lxw_chart_options()
    options.x_scale = xScale
    options.y_scale = yScale
    options.x_offset = x
    options.y_offset = y
    try checked(context) {
      worksheet_insert_chart_opt(handle, lxw_row_t(row), lxw_col_t(column), chart.handle, &options)
    }
  }
}
