import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// The "Arrivals by year" and "Arrivals detail" sheets.
extension WorkbookRenderer {
  /// Columns of "Arrivals by year" (charts read them by index).
  enum AnnualColumn {
    static let label = 0
    static let male = 3
    static let female = 4
    /// Arrivals whose sex the data does not give: the total where the split is unknown. Keeps
    /// the stacked chart honest (men + women + not given = total for every bar).
    static let sexNotGiven = 5
    static let residents = 12
    static let note = 14
    static let titles = [
      "Period", "First year", "Last year", "Men", "Women", "Sex not given", "Total",
      "Women %", "Change", "Change %", "Cumulative arrivals", "Departures",
      "Residents at end", "Complete", "Note",
    ]
  }

  func writeArrivalsByYear() throws {
    let s = WorkbookStyle.self
    let rows = model.arrivalsByYear
    let sheet = try addSheet(named: WorkbookSheetName.arrivalsByYear)
    try sheet.header(AnnualColumn.titles, rightAligned: Set(1...12))
    let marks = model.series.provisional
    for (index, row) in rows.enumerated() {
      var notes = WorkbookNotes()
      let isProvisional = marks.annual(index)
      let count = Self.marked(s.count, isProvisional)
      try sheet.text(row.label, column: 0)
      if let firstYear = row.firstYear {
        try sheet.number(firstYear, column: 1, style: s.year)
      } else {
        // `..1998`: from the start of the data.
        try sheet.text("start", column: 1, style: s.unavailable)
      }
      try sheet.number(row.lastYear, column: 2, style: s.year)
      try sheet.figure(row.male, column: 3, style: count, notes: &notes)
      try sheet.figure(row.female, column: 4, style: count, notes: &notes)
      if row.male.value == nil || row.female.value == nil {
        let notGiven = row.total.map { $0 - (row.male.value ?? 0) - (row.female.value ?? 0) }
        try sheet.figure(notGiven, column: 5, style: count, notes: &notes)
      }
      try sheet.figure(row.total, column: 6, style: count, notes: &notes)
      try sheet.figure(row.femaleShare, column: 7, style: s.percent, notes: &notes)
      try sheet.figure(row.change, column: 8, style: s.change, notes: &notes)
      try sheet.figure(row.changeFraction, column: 9, style: s.changePercent, notes: &notes)
      try sheet.figure(row.cumulativeArrivals, column: 10, style: s.count, notes: &notes)
      try sheet.figure(row.departures, column: 11, style: s.count, notes: &notes)
      try sheet.figure(row.residents, column: 12, style: s.count, notes: &notes)
      try sheet.text(row.isComplete ? "yes" : "no", column: 13, style: s.textIndented)
      if !row.isComplete { notes.add("covers \(MonthWords.span(row.span)) only") }
      if isProvisional { notes.add("provisional") }
      try sheet.note(notes.text, column: AnnualColumn.note, width: Self.noteWidth)
      sheet.nextRow()
    }
    try sheet.sheet.autofilter(
      firstRow: 0, firstColumn: 0, lastRow: max(0, rows.count),
      lastColumn: AnnualColumn.titles.count - 1)
    try sheet.fitColumns(maximum: Self.noteWidth)
    // After fitting: the footnote runs across the columns and is not measured.
    if marks.annual.contains(true) {
      sheet.nextRow()
      try sheet.text(Self.provisionalFootnote, column: 0, style: s.note)
    }
    guard !rows.isEmpty else { return }

    // Charts to the right of the table, one above the other.
    let name = sheet.name
    let data = 1...rows.count
    let categories = CellRange(sheet: name, rows: data, column: AnnualColumn.label)
    let arrivals = try workbook.addChart(.stackedColumn)
    try arrivals.setTitle("Arrivals by year")
    for (title, column, color) in [
      ("Men", AnnualColumn.male, 0x44_72C4 as UInt32),
      ("Women", AnnualColumn.female, 0xED_7D31),
      ("Total, sex not given", AnnualColumn.sexNotGiven, 0xA5_A5A5),
    ] {
      let series = try arrivals.addSeries(
        name: title, categories: categories,
        values: CellRange(sheet: name, rows: data, column: column))
      try series.setFillColor(color)
    }
    try arrivals.setValueAxisNumberFormat(s.countFormat)
    try arrivals.setLegendPosition(.bottom)
    try sheet.sheet.insertChart(
      arrivals, row: 1, column: AnnualColumn.note + 2, xScale: 1.25, yScale: 1.1)

    let residents = try workbook.addChart(.line)
    try residents.setTitle("Residents in the South at period end")
    let line = try residents.addSeries(
      name: "Residents", categories: categories,
      values: CellRange(sheet: name, rows: data, column: AnnualColumn.residents))
    try line.setLineColor(0x1F_3864, width: 2.25)
    try residents.setValueAxisNumberFormat(s.countFormat)
    try residents.setLegendPosition(.none)
    try sheet.sheet.insertChart(
      residents, row: 19, column: AnnualColumn.note + 2, xScale: 1.25, yScale: 1.1)
  }

  func writeArrivalsDetail() throws {
    let s = WorkbookStyle.self
    let rows = model.arrivalsDetail
    let titles = [
      "Period", "First month", "Last month", "Men", "Women", "Total", "Year to date",
      "Residents at end", "Note",
    ]
    let sheet = try addSheet(named: WorkbookSheetName.arrivalsDetail)
    try sheet.header(titles, rightAligned: Set(1...7))
    let marks = model.series.provisional
    for (index, row) in rows.enumerated() {
      var notes = WorkbookNotes()
      let isProvisional = marks.detail(index)
      let count = Self.marked(s.count, isProvisional)
      try sheet.text(row.period.description, column: 0)
      try sheet.month(row.firstMonth, column: 1)
      try sheet.month(row.lastMonth, column: 2)
      if let male = row.male {
        try sheet.number(male, column: 3, style: count)
      } else {
        try sheet.notApplicable(column: 3)
      }
      if let female = row.female {
        try sheet.number(female, column: 4, style: count)
      } else {
        try sheet.notApplicable(column: 4)
      }
      if row.male == nil || row.female == nil { notes.add("split by sex not given") }
      if isProvisional { notes.add("provisional") }
      try sheet.number(row.total, column: 5, style: count)
      try sheet.figure(row.ytdTotal, column: 6, style: count, notes: &notes)
      try sheet.figure(row.residents, column: 7, style: s.count, notes: &notes)
      // The input's own note first (a string cell, whatever it holds), then the reasons.
      let note = ([row.note] + notes.items).filter { !$0.isEmpty }.joined(separator: "; ")
      try sheet.note(note, column: 8, width: Self.noteWidth)
      sheet.nextRow()
    }
    try sheet.sheet.autofilter(
      firstRow: 0, firstColumn: 0, lastRow: max(0, rows.count), lastColumn: titles.count - 1)
    try sheet.fitColumns(maximum: Self.noteWidth)
    // After fitting: the footnote runs across the columns and is not measured.
    if marks.detail.contains(true) {
      sheet.nextRow()
      try sheet.text(Self.provisionalFootnote, column: 0, style: s.note)
    }
  }

  /// The widest a note column gets before its notes wrap.
  static let noteWidth = 45.0
}
