internal import CXlsxWriter

/// Cell comments (Excel's notes): a small red triangle on the cell, the text shown on hover.
///
/// In constant-memory mode libxlsxwriter takes a comment only on the row being written or a
/// later one (rows already flushed to disk are gone); a comment on an earlier row throws
/// ``XlsxError/Code/rowOutOfOrder``. Write each comment with or before its cell's row there.
extension Worksheet {
  /// How a comment is shown. Sizes are in pixels (Excel's default box is 128 × 74).
  public struct CommentOptions: Hashable, Sendable {
    /// Shown in Excel's status bar; `nil` for the sheet's default author.
    public var author: String?
    /// Shown when the sheet opens, not only on hover.
    public var isVisible: Bool
    public var width: Int?
    public var height: Int?

    public init(
      author: String? = nil, isVisible: Bool = false, width: Int? = nil, height: Int? = nil
    ) {
      self.author = author
      self.isVisible = isVisible
      self.width = width
      self.height = height
    }
  }

  /// Attaches a comment to the cell at `row`, `column` (the cell itself may be written before or
  /// after, or not at all). The corresponding C functions are `worksheet_write_comment` and
  /// `worksheet_write_comment_opt`.
  public func writeComment(
    _ text: String, row: Int, column: Int, options: CommentOptions = .init()
  ) throws(XlsxError) {
    let context = commentContext(row, column)
    let sheet = try libraryWorksheet(context)
    try checkCell(row: row, column: column, context)
    try requireNoNul(text, context)
    if text.utf16.count > ExcelLimits.maxStringLength {
      throw XlsxError(
        .maxStringLengthExceeded, context: context + " comment of \(text.utf16.count) characters")
    }
    if let author = options.author { try requireNoNul(author, context + " author") }
    for (name, size) in [("width", options.width), ("height", options.height)] {
      if let size, !(1...Int(UInt16.max)).contains(size) {
        throw XlsxError(.invalidArgument, context: context + " comment \(name) \(size)")
      }
    }
    let result: lxw_error = text.withCString { cText in
      withOptionalCString(options.author) { cAuthor in
        var cOptions = lxw_comment_options()
        cOptions.visible = UInt8(
          options.isVisible
            ? LXW_COMMENT_DISPLAY_VISIBLE.rawValue : LXW_COMMENT_DISPLAY_DEFAULT.rawValue)
        cOptions.author = cAuthor.map { UnsafeMutablePointer(mutating: $0) }
        cOptions.width = UInt16(options.width ?? 0)
        cOptions.height = UInt16(options.height ?? 0)
        return worksheet_write_comment_opt(
          sheet, lxw_row_t(row), lxw_col_t(column), cText, &cOptions)
      }
    }
    guard result == LXW_NO_ERROR else {
      // The row is valid (checked above): in constant-memory mode the library refuses a row
      // already flushed with an index error; say what it means.
      if result == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE && state.constantMemory {
        throw XlsxError(.rowOutOfOrder, context: context + " (constant-memory mode)")
      }
      throw XlsxError(XlsxError.Code(result), context: context)
    }
  }

  /// The author of the sheet's comments that name none. The corresponding C function is
  /// `worksheet_set_comments_author`.
  public func setCommentsAuthor(_ author: String) throws(XlsxError) {
    let context = "sheet '\(name)' comments author"
    let sheet = try libraryWorksheet(context)
    try requireNoNul(author, context)
    author.withCString { worksheet_set_comments_author(sheet, $0) }
  }

  /// Shows every comment of the sheet when it opens. The corresponding C function is
  /// `worksheet_show_comments`.
  public func showComments() throws(XlsxError) {
    worksheet_show_comments(try libraryWorksheet("sheet '\(name)' show comments"))
  }

  private func commentContext(_ row: Int, _ column: Int) -> String {
    let cell =
      row >= 0 && column >= 0 && row < ExcelLimits.rowCount && column < ExcelLimits.columnCount
      ? ExcelLimits.cellName(row: row, column: column) : "row \(row) column \(column)"
    return "sheet '\(name)' comment on \(cell)"
  }

  /// The C worksheet, found by name in the open workbook (names are unique).
  private func libraryWorksheet(_ context: @autoclosure () -> String) throws(XlsxError)
    -> UnsafeMutablePointer<lxw_worksheet>
  {
    let workbook = try state.open(context())
    return try nonNull(context()) {
      name.withCString { workbook_get_worksheet_by_name(workbook, $0) }
    }
  }
}
