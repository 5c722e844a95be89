import Foundation
import NKPeriods
import NKSummary
import XlsxWriter

/// The Summary sheet: it reads like the report. Title and period, the warnings right under
/// them, the headline figures against the same period last year, the pending aid in words,
/// how far the data reaches, and the source files.
///
/// Columns: A label · B this period · C same period last year · D change · E change % ·
/// F note. The columns are sized from the content up front (the warnings are merged across
/// A–F and need the total width to get their row height while the sheet streams).
extension WorkbookRenderer {
  /// One line of the headline table.
  struct HeadlineLine {
    enum Emphasis { case main, plain, indented }
    var label: String
    var emphasis: Emphasis = .plain
    var current: (Figure<Double>, CellFormat)?
    var previous: (Figure<Double>, CellFormat)? = nil
    var change: (Figure<Double>, CellFormat)? = nil
    var changePercent: (Figure<Double>, CellFormat)? = nil
    var note: String = ""
    /// The metrics whose cells carry their lineage note, by column (1: this period, 2: last year,
    /// 3: change, 4: change %).
    var lineage: [Int: Metric] = [:]
  }

  func headlineLines() -> [HeadlineLine] {
    let h = model.headline
    let s = WorkbookStyle.self
    // The summary.csv metrics shown here come from the metric table; the lines between them
    // (the split by sex, delivered records) are figures of the headline only.
    func metric(_ metric: Metric, style: CellFormat? = nil) -> (Figure<Double>, CellFormat)? {
      let kindStyle: CellFormat
      switch metric.kind {
      case .count, .text: kindStyle = s.count
      case .money(.krw): kindStyle = s.krw
      case .money(.usd): kindStyle = s.usd
      case .fraction: kindStyle = s.changePercent
      }
      return metric.value(in: model).workbookFigure.map {
        ($0, Self.marked(style ?? kindStyle, marks.metrics.contains(metric)))
      }
    }
    func count(_ figure: Figure<Int>, provisional: Bool = false) -> (Figure<Double>, CellFormat) {
      (figure.map(\.workbookValue), Self.marked(s.count, provisional))
    }
    let marks = model.series.provisional
    let endOfP = "the end of \(MonthWords.name(model.period)) \(model.period.year)"
    let typesNote =
      h.aidDeliveredProviderTypes.isEmpty
      ? "" : "provider types: " + h.aidDeliveredProviderTypes.joined(separator: ", ")
    return [
      HeadlineLine(
        label: "Arrivals from North Korea", emphasis: .main, current: metric(.arrivalsYTD),
        previous: metric(.arrivalsYTDPrevious), change: metric(.arrivalsChange, style: s.change),
        changePercent: metric(.arrivalsChangeFraction),
        lineage: [
          1: .arrivalsYTD, 2: .arrivalsYTDPrevious, 3: .arrivalsChange,
          4: .arrivalsChangeFraction,
        ]),
      HeadlineLine(
        label: "of whom men", emphasis: .indented,
        current: count(h.maleYTD, provisional: marks.maleFemaleYTD),
        previous: count(h.maleYTDPrevious, provisional: marks.maleFemaleYTDPrevious)),
      HeadlineLine(
        label: "of whom women", emphasis: .indented,
        current: count(h.femaleYTD, provisional: marks.maleFemaleYTD),
        previous: count(h.femaleYTDPrevious, provisional: marks.maleFemaleYTDPrevious)),
      HeadlineLine(
        label:
          "Residents in the South, end of \(MonthWords.name(model.period)) \(model.period.year)",
        emphasis: .main,
        current: metric(.residents), note: h.residentsBasis, lineage: [1: .residents]),
      HeadlineLine(
        label: "Aid authorised (records)", emphasis: .main,
        current: metric(.aidAuthorised),
        note: "authorised in \(windowWords), any status", lineage: [1: .aidAuthorised]),
      HeadlineLine(
        label: "Aid delivered (records)", emphasis: .main, current: count(h.aidDelivered),
        note: h.aidDeliveredCategories.joined(separator: ", ")),
      HeadlineLine(
        label: "Aid delivered: providers", emphasis: .indented,
        current: metric(.aidDeliveredProviders), note: typesNote,
        lineage: [1: .aidDeliveredProviders]),
      HeadlineLine(
        label: "Aid delivered: value in KRW", emphasis: .indented,
        current: metric(.aidDeliveredValueKRW), lineage: [1: .aidDeliveredValueKRW]),
      HeadlineLine(
        label: "Aid delivered: value in US$", emphasis: .indented,
        current: metric(.aidDeliveredValueUSD), lineage: [1: .aidDeliveredValueUSD]),
      HeadlineLine(
        label: "Aid pending (records)", emphasis: .main, current: metric(.aidPending),
        note: "authorised by \(endOfP) and not delivered by then", lineage: [1: .aidPending]),
      HeadlineLine(
        label: "Aid pending: value in KRW", emphasis: .indented,
        current: metric(.aidPendingValueKRW), lineage: [1: .aidPendingValueKRW]),
      HeadlineLine(
        label: "Aid pending: value in US$", emphasis: .indented,
        current: metric(.aidPendingValueUSD), lineage: [1: .aidPendingValueUSD]),
    ]
  }

  /// "2 international records authorised in 2017, on hold".
  func describe(_ group: PendingAidGroup) -> String {
    let noun = group.records == 1 ? "record" : "records"
    let states = group.statuses.map { status -> String in
      switch status {
      case "on_hold": return "on hold"
      case "authorised": return "not yet delivered"
      case "delivered":
        return "delivered after \(MonthWords.name(model.period)) \(model.period.year)"
      default: return status.replacingOccurrences(of: "_", with: " ")
      }
    }
    let state = states.isEmpty ? "" : ", " + states.joined(separator: " / ")
    return "\(group.records) \(group.providerType) \(noun) authorised in \(group.yearAuthorised)"
      + state
  }

  /// The warnings, rejected rows first (a reader must see those before any figure).
  var orderedWarnings: [ReportWarning] {
    model.warnings.filter { $0.kind == .rejectedRows }
      + model.warnings.filter { $0.kind != .rejectedRows }
  }

  var recordSheetsText: String {
    let first = WorkbookSheetName.aidRecords(part: 0)
    if recordSheetCount == 1 { return "listed on the sheet “\(first)”" }
    let last = WorkbookSheetName.aidRecords(part: recordSheetCount - 1)
    return "listed on the sheets “\(first)” to “\(last)”"
  }

  func writeSummary() throws {
    let s = WorkbookStyle.self
    let lines = headlineLines()
    let groups = model.headline.aidPendingGroups
    let sheet = try addSheet(named: WorkbookSheetName.summary, titleRows: 0...1)
    try sheet.sheet.hideGridlines()

    // Column widths from the content, before any row is written.
    let columnHeaders = [
      "Figure", windowWords, previousWindowWords, "Change", "Change %", "Note",
    ]
    var labels = lines.map { $0.label + ($0.emphasis == .indented ? "  " : "") }
    labels += groups.map { describe($0) + "  " }
    labels += model.sources.map(\.name) + ["Data through", "Aid records", "Rejected input rows"]
    let labelWidth = min(55, max(28, Double(labels.map(\.count).max() ?? 0) + 2))
    // Headers wrap ("January–November / 2018"); the widest value is "9,063,200,000 KRW".
    let valueWidth = 19.0
    let noteWidth = 62.0
    try sheet.sheet.setColumnWidth(labelWidth, column: 0)
    try sheet.sheet.setColumnWidth(valueWidth, columns: 1...4)
    try sheet.sheet.setColumnWidth(noteWidth, column: 5)
    let totalWidth = labelWidth + 4 * valueWidth + noteWidth

    // Title and period.
    try sheet.sheet.setRowHeight(24, row: 0)
    try sheet.sheet.mergeRange(
      rows: 0...0, columns: 0...5, string: "North Korean arrivals and humanitarian aid",
      format: s.title)
    sheet.nextRow()
    try sheet.sheet.mergeRange(
      rows: 1...1, columns: 0...5,
      string: "\(windowWords) · report period \(model.period) · data through \(model.dataThrough)",
      format: s.subtitle)
    sheet.nextRow()

    // Warnings at the top, one a row.
    let warnings = orderedWarnings
    if warnings.isEmpty {
      try sheet.text("No warnings.", column: 0, style: s.muted)
      sheet.nextRow()
    }
    for warning in warnings {
      try sheet.notice(
        "⚠ " + warning.message, columns: 0...5, width: totalWidth, style: s.warning)
    }
    sheet.nextRow()

    // Headline figures.
    try sheet.header(columnHeaders, rightAligned: [1, 2, 3, 4], wrapped: true)
    for line in lines {
      var notes = WorkbookNotes()
      let labelStyle: CellFormat
      switch line.emphasis {
      case .main: labelStyle = s.labelBold
      case .plain: labelStyle = s.label
      case .indented: labelStyle = s.labelIndented
      }
      try sheet.text(line.label, column: 0, style: labelStyle)
      // Comments first: in constant-memory mode a row's notes go before the row is passed.
      for (column, metric) in line.lineage.sorted(by: { $0.key < $1.key }) {
        try writeLineageNote(metric, on: sheet, column: column)
      }
      for (column, cell) in [line.current, line.previous, line.change, line.changePercent]
        .enumerated()
      {
        guard let cell else { continue }
        try sheet.figure(cell.0, column: column + 1, style: cell.1, notes: &notes)
      }
      notes.add(line.note)
      try sheet.note(notes.text, column: 5, width: noteWidth)
      sheet.nextRow()
    }
    if model.series.provisional.any {
      try sheet.text(Self.provisionalFootnote, column: 0, style: s.note)
      sheet.nextRow()
    }
    sheet.nextRow()

    // Pending aid, in words.
    if !groups.isEmpty {
      try sheet.sheet.mergeRange(
        rows: sheet.row...sheet.row, columns: 0...5,
        string:
          "Pending aid at the end of \(MonthWords.name(model.period)) \(model.period.year)",
        format: s.section)
      sheet.nextRow()
      try sheet.header(
        ["Group", "Records", "Value in KRW", "Value in US$", "", "Providers"],
        rightAligned: [1, 2, 3])
      for group in groups {
        var notes = WorkbookNotes()
        try sheet.text(describe(group), column: 0, style: s.labelIndented)
        try sheet.number(group.records, column: 1, style: s.count)
        try sheet.figure(group.valueKRW, column: 2, style: s.krw, notes: &notes)
        try sheet.figure(group.valueUSD, column: 3, style: s.usd, notes: &notes)
        var providers = WorkbookNotes()
        providers.add(group.providers.joined(separator: ", "))
        for reason in notes.items { providers.add(reason) }
        try sheet.note(providers.text, column: 5, width: noteWidth)
        sheet.nextRow()
      }
      sheet.nextRow()
    }

    // How far the data reaches, and where the rest is.
    try sheet.text("Data through", column: 0, style: s.labelBold)
    try sheet.month(model.dataThrough, column: 1, atEnd: true)
    try sheet.text(
      "the latest month the arrivals data reaches", column: 5, style: s.note)
    sheet.nextRow()
    try sheet.text("Aid records", column: 0, style: s.labelBold)
    // Without a ledger the number of aid records is unknown, not 0.
    var recordNotes = WorkbookNotes()
    let recordCount: Figure<Int> =
      model.headline.aidLedgerSupplied
      ? .known(model.aidRecordCount)
      : .unavailable(
        reason: model.headline.aidAuthorised.unavailableReason ?? .noAidLedger)
    try sheet.figure(recordCount, column: 1, style: s.count, notes: &recordNotes)
    recordNotes.add(recordSheetsText)
    try sheet.text(recordNotes.text, column: 5, style: s.note)
    sheet.nextRow()
    if !model.rejects.isEmpty {
      try sheet.text("Rejected input rows", column: 0, style: s.warningCell)
      try sheet.number(
        model.rejects.count, column: 1, style: s.warningCell.withNumberFormat(s.countFormat))
      try sheet.text("listed on the sheet “Checks”", column: 5, style: s.note)
      sheet.nextRow()
    }
    sheet.nextRow()

    // Source files.
    try sheet.sheet.mergeRange(
      rows: sheet.row...sheet.row, columns: 0...5, string: "Source files", format: s.section)
    sheet.nextRow()
    try sheet.header(
      ["File", "Rows read", "Accepted", "Rejected", "Bytes", "SHA-256"],
      rightAligned: [1, 2, 3, 4])
    let hashStyle = WorkbookStyle.fileDigest
    for source in model.sources {
      try sheet.text(source.name, column: 0)
      if source.isPresent {
        try sheet.number(source.rowsRead, column: 1, style: s.count)
        try sheet.number(source.rowsAccepted, column: 2, style: s.count)
        try sheet.number(
          source.rowsRejected, column: 3,
          style: source.rowsRejected > 0
            ? s.warningCell.withNumberFormat(s.countFormat) : s.count)
        try sheet.number(source.bytes, column: 4, style: s.count)
        try sheet.text(source.sha256, column: 5, style: hashStyle)
      } else {
        var absent = s.muted
        absent.indent = 1
        try sheet.text("not present", column: 5, style: absent)
      }
      sheet.nextRow()
    }
  }
}

extension MetricValue {
  /// The exact value as a number cell's figure. Text (only `period`) is no headline line: it
  /// has no number, and would show as "n/a" without a note.
  var workbookFigure: Figure<Double>? {
    switch self {
    case .count(let count): return .known(count.workbookValue)
    case .money(let amount, _): return .known(amount.workbookValue)
    case .fraction(let fraction): return .known(fraction)
    case .notComputable(let reason): return .unavailable(reason: reason)
    case .text: return nil
    }
  }
}
