import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// The Checks sheet: the reconciliation checks (a mismatch stands out), the warnings again,
/// and the rejected input rows when there are any.
///
/// Columns: A check / file · B expected / line · C computed / column · D difference / value ·
/// E status · F detail / reason. Sized from the model up front, because the warnings are
/// merged across A–F and need the total width for their row height.
extension WorkbookRenderer {
  func writeChecks() throws {
    let s = WorkbookStyle.self
    let checks = model.checks
    let rejects = model.rejects
    let sheet = try addSheet(named: WorkbookSheetName.checks)

    func width(_ texts: [String], minimum: Double, maximum: Double) -> Double {
      min(maximum, max(minimum, Double(texts.map(\.count).max() ?? 0) * 1.05 + 2))
    }
    let widths = [
      width(checks.map(\.name) + rejects.map(\.file), minimum: 14, maximum: 40),
      16,
      width(rejects.map(\.column), minimum: 16, maximum: 24),
      width(rejects.map(\.value), minimum: 16, maximum: 30),
      16,
      width(checks.map(\.detail.message) + rejects.map(\.reason), minimum: 24, maximum: 60),
    ]
    for (column, value) in widths.enumerated() {
      try sheet.sheet.setColumnWidth(value, column: column)
    }
    let wrap = s.wrap
    let okStyle = s.indented(s.ok)
    let mismatchStyle = s.indented(s.warningCell)
    let openStyle = s.indented(s.muted)

    try sheet.header(
      ["Check", "Expected", "Computed", "Difference", "Status", "Detail"],
      rightAligned: [1, 2, 3])
    for check in checks {
      var notes = WorkbookNotes()
      let isMismatch = check.status == .mismatch
      try sheet.text(check.name, column: 0, style: isMismatch ? s.warningCell : nil)
      for (column, figure) in [(1, check.expected), (2, check.computed)] {
        try sheet.figure(
          figure, column: column, style: s.plain(figure.value ?? 0), notes: &notes)
      }
      let whole = check.difference.value?.workbookIsWhole ?? true
      try sheet.figure(
        check.difference, column: 3,
        style: whole ? s.change : CellFormat(numberFormat: "+#,##0.00;-#,##0.00;0.00"),
        notes: &notes)
      switch check.status {
      case .ok: try sheet.text("ok", column: 4, style: okStyle)
      case .mismatch: try sheet.text("mismatch", column: 4, style: mismatchStyle)
      case .notComputable: try sheet.text("not computable", column: 4, style: openStyle)
      }
      let anchor = check.anchor.map { "computed from \($0.message)" } ?? ""
      let detail = ([check.detail.message, anchor] + notes.items).filter { !$0.isEmpty }.joined(
        separator: "; ")
      try sheet.text(detail, column: 5, style: wrap)
      try sheet.fitRowHeight(wrapping: [(detail, widths[5])])
      sheet.nextRow()
    }
    if checks.isEmpty { try noRows("No checks.", on: sheet) }
    sheet.nextRow()

    // What the report's cumulative figures stand on.
    try section("Anchors", on: sheet)
    let endOfP = "the end of \(MonthWords.name(model.period)) \(model.period.year)"
    let anchors = [
      ("Residents at \(endOfP)", model.headline.residentsBasis),
      ("Cumulative arrivals at \(endOfP)", model.headline.cumulativeArrivalsBasis),
    ]
    for (figure, anchor) in anchors {
      let text = anchor.isEmpty ? "not computable: no anchor reaches it" : anchor
      try sheet.text(figure, column: 0)
      try sheet.text(text, column: 5, style: wrap)
      try sheet.fitRowHeight(wrapping: [(text, widths[5])])
      sheet.nextRow()
    }
    sheet.nextRow()

    try section("Warnings", on: sheet)
    let totalWidth = widths.reduce(0, +)
    for warning in orderedWarnings {
      try sheet.notice(
        "⚠ " + warning.message, columns: 0...5, width: totalWidth, style: s.warning)
    }
    if model.warnings.isEmpty { try noRows("No warnings.", on: sheet) }

    guard !rejects.isEmpty else { return }
    sheet.nextRow()
    try section("Rejected input rows (\(rejects.count))", on: sheet)
    try sheet.header(["File", "Line", "Column", "Value", "", "Reason"], rightAligned: [1])
    for reject in rejects {
      // Everything read from the inputs stays a string cell, whatever it looks like.
      try sheet.text(reject.file, column: 0)
      try sheet.number(reject.line, column: 1, style: s.count)
      try sheet.text(reject.column, column: 2, style: s.textIndented)
      try sheet.text(reject.value, column: 3, style: wrap)
      try sheet.text(reject.reason, column: 5, style: wrap)
      try sheet.fitRowHeight(wrapping: [(reject.value, widths[3]), (reject.reason, widths[5])])
      sheet.nextRow()
    }
  }
}
