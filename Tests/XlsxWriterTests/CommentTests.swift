import Foundation
import Testing
import XlsxReadBack
import XlsxWriter

/// Cell comments, read back from the written .xlsx: the comments part names the cell, the
/// author and the text, and the sheet links the drawing that shows them.
@Suite struct CommentTests {
  @Test func aCommentIsWrittenOnItsCellWithItsAuthor() throws {
    let text = "Computed from arrivals.csv:31 (2024), arrivals.csv:32 (2025) — ≥ 2 rows & <notes>"
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet(named: "Summary")
      try sheet.write(236, row: 3, column: 2)
      try sheet.writeComment(text, row: 3, column: 2, options: .init(author: "nkreport"))
      try sheet.setCommentsAuthor("default author")
      try sheet.writeComment("second", row: 0, column: 0)
    }
    let comments = try XMLElementNode.parse(try #require(file.parts["xl/comments1.xml"]))
    let authors = comments.all("author").map(\.text)
    let byCell = Dictionary(
      uniqueKeysWithValues: comments.all("comment").map { comment in
        (
          comment.attributes["ref"] ?? "",
          (
            text: comment.all("t").map(\.text).joined(),
            author: Int(comment.attributes["authorId"] ?? "").map { authors[$0] }
          )
        )
      })
    #expect(byCell["C4"]?.text == text)
    #expect(byCell["C4"]?.author == "nkreport")
    #expect(byCell["A1"]?.text == "second")
    #expect(byCell["A1"]?.author == "default author")
    #expect(file.text("xl/worksheets/sheet1.xml").contains("legacyDrawing"))
    // Hidden by default: only shown on hover.
    #expect(file.text("xl/drawings/vmlDrawing1.vml").contains("visibility:hidden"))
  }

  @Test func aVisibleCommentIsShownWhenTheSheetOpens() throws {
    let file = try writeAndRead { workbook in
      let sheet = try workbook.addWorksheet()
      try sheet.writeComment("shown", row: 1, column: 1, options: .init(isVisible: true))
    }
    #expect(!file.text("xl/drawings/vmlDrawing1.vml").contains("visibility:hidden"))
  }

  @Test func badCommentsThrowNamingTheCell() throws {
    try withTemporaryDirectory { dir in
      let workbook = try Workbook(path: dir.appendingPathComponent("c.xlsx").path)
      let sheet = try workbook.addWorksheet(named: "S")
      let nul = xlsxError { try sheet.writeComment("a\u{0}b", row: 0, column: 0) }
      #expect(nul?.code == .stringContainsNul)
      #expect(nul?.context == "sheet 'S' comment on A1")
      let outside = xlsxError { try sheet.writeComment("x", row: -1, column: 0) }
      #expect(outside?.code == .worksheetIndexOutOfRange)
      let long = String(repeating: "x", count: 32_768)
      #expect(
        xlsxError { try sheet.writeComment(long, row: 0, column: 0) }?.code
          == .maxStringLengthExceeded)
      let wide = xlsxError {
        try sheet.writeComment("x", row: 0, column: 0, options: .init(width: 70_000))
      }
      #expect(wide?.code == .invalidArgument)
      try workbook.close()
      #expect(xlsxError { try sheet.writeComment("x", row: 0, column: 0) }?.code == .workbookClosed)
    }
  }

  /// Constant-memory mode: a comment on a row already flushed is refused, as a cell would be.
  @Test func constantMemoryTakesCommentsOnTheCurrentRowOrLater() throws {
    let file = try writeAndRead(options: .init(constantMemory: true)) { workbook in
      let sheet = try workbook.addWorksheet(named: "Data")
      try sheet.write(1, row: 5, column: 0)
      try sheet.writeComment("on the current row", row: 5, column: 0)
      let error = xlsxError { try sheet.writeComment("too late", row: 1, column: 0) }
      #expect(error?.code == .rowOutOfOrder)
      #expect(error?.context.hasPrefix("sheet 'Data' comment on A2") == true)
      try sheet.writeComment("ahead", row: 9, column: 1)
    }
    let comments = file.text("xl/comments1.xml")
    #expect(comments.contains("on the current row") && comments.contains("ahead"))
    #expect(!comments.contains("too late"))
  }
}
