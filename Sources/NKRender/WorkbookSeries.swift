import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// The workbook's part of the report as one of a series: provisional cells, the footnote that
/// explains their mark, the lineage notes on the Summary sheet, and the Revisions sheet.
extension WorkbookRenderer {
  /// `#,##0` → `#,##0" p"` in each section: the cell stays a number and shows its mark.
  static func provisional(_ format: CellFormat) -> CellFormat {
    let sections = (format.numberFormat ?? "General").split(
      separator: ";", omittingEmptySubsequences: false)
    return format.withNumberFormat(sections.map { $0 + "\" p\"" }.joined(separator: ";"))
  }

  /// `style`, marked when `isProvisional`.
  static func marked(_ style: CellFormat, _ isProvisional: Bool) -> CellFormat {
    isProvisional ? provisional(style) : style
  }

  /// The footnote under a table holding provisional figures.
  static let provisionalFootnote =
    "p  provisional: the figure rests on rows the Ministry marks provisional (status column of"
    + " the inputs); a later report may revise it."

  /// The lineage note of `metric`'s cell: the input rows it was computed from, or why it is
  /// not computable and the rows it would have needed.
  func lineageNote(_ metric: Metric) -> String? {
    guard let lineage = model.series.lineageByMetric[metric] else { return nil }
    var text: String
    if let reason = lineage.notComputable {
      text = "Not computable: \(reason)."
      if !lineage.neededRows.isEmpty {
        text +=
          "\nRows it would need (split or replace them):\n"
          + lineage.neededRows.map(\.description).joined(separator: "\n")
      }
    } else {
      let items = lineage.items
      guard !items.isEmpty else { return nil }
      text = "Computed from:\n" + items.joined(separator: "\n")
    }
    // A cell comment holds at most 32,767 characters.
    if text.utf16.count > 30_000 {
      text = String(text.prefix(30_000)) + "\n…"
    }
    return text
  }

  /// Writes the lineage note on the cell at `column` of the current row.
  func writeLineageNote(_ metric: Metric, on sheet: WorkbookSheetWriter, column: Int) throws {
    guard let note = lineageNote(metric) else { return }
    let lines = note.split(separator: "\n").count
    try sheet.sheet.writeComment(
      note, row: sheet.row, column: column,
      options: .init(author: "nkreport", width: 420, height: min(600, 30 + 15 * lines)))
  }

  /// The Revisions sheet: what changed since the earlier report, one revision a row, numbers
  /// as numbers; or one line saying there was nothing to compare with.
  func writeRevisions() throws {
    let s = WorkbookStyle.self
    let sheet = try addSheet(named: WorkbookSheetName.revisions)
    let series = model.series
    let titles = [
      "Table", "Key", "Measure", "Kind", "Previously", "Now", "Change", "Earlier report",
      "Input rows now",
    ]
    try sheet.header(titles, rightAligned: [4, 5, 6])
    for revision in series.revisions {
      try sheet.text(RevisionWords.tableName(revision.table), column: 0)
      try sheet.text(revision.key, column: 1)
      try sheet.text(revision.measure, column: 2)
      try sheet.text(revision.kind.rawValue, column: 3)
      for (column, value) in [(4, revision.previous), (5, revision.now)] {
        switch value {
        case .number(let number)?:
          try sheet.number(number, column: column, style: s.plain(number))
        case .text(let text)?: try sheet.text(text, column: column, style: s.textIndented)
        case nil: break
        }
      }
      if let change = revision.change {
        try sheet.number(
          change, column: 6,
          style: change.workbookIsWhole
            ? s.change : CellFormat(numberFormat: "+#,##0.00;-#,##0.00;0.00"))
      }
      try sheet.text(revision.earlierReport, column: 7)
      try sheet.text(RevisionWords.sources(revision), column: 8)
      sheet.nextRow()
    }
    try sheet.fitColumns(maximum: Self.noteWidth)
    // Under the table, after fitting: the lines run across the columns and are not measured.
    sheet.nextRow()
    for line in RevisionWords.sheetLines(series, period: model.period) {
      try sheet.text(line, column: 0, style: s.note)
      sheet.nextRow()
    }
  }
}
