import Foundation
import NKPeriods
import NKSummary

/// The fixed-width table of headline figures: this year, last year, change.
struct HeadlineTable {
  struct Row {
    var label: String
    var current: String
    /// Blank for figures the report gives for the period only.
    var previous = ""
    var change = ""
  }

  var columns: [String]
  var rows: [Row]

  init(_ model: ReportModel) {
    let headline = model.headline
    columns = [
      "", Words.shortWindow(model.window), Words.shortWindow(model.previousWindow), "Change",
    ]
    // The summary.csv metrics come from the metric table; the split by sex and the delivered
    // records are figures of the headline only.
    func plain(_ metric: Metric) -> String {
      switch metric.value(in: model) {
      case .text(let text): return text
      case .count(let count): return NumberText.grouped(count)
      case .money(let amount, _): return NumberText.groupedWhole(amount) ?? "n/a"
      case .fraction(let fraction): return NumberText.percent(fraction, signed: false) ?? "n/a"
      case .notComputable: return "n/a"
      }
    }
    let marks = model.series.provisional
    // A figure resting on a provisional row says so: "224 (provisional)".
    func text(_ metric: Metric) -> String {
      let value = plain(metric)
      return marks.metrics.contains(metric) ? value + Self.provisionalMark : value
    }
    func count(_ figure: Figure<Int>, _ provisional: Bool = false) -> String {
      guard let value = figure.value else { return "n/a" }
      return NumberText.grouped(value) + (provisional ? Self.provisionalMark : "")
    }
    var change = "n/a"
    if case .count(let value) = Metric.arrivalsChange.value(in: model) {
      change = NumberText.signedGrouped(value)
      if case .fraction(let fraction) = Metric.arrivalsChangeFraction.value(in: model),
        let percent = NumberText.percent(fraction, signed: true)
      {
        change += " (\(percent))"
      }
      if marks.metrics.contains(.arrivalsChange) { change += Self.provisionalMark }
    }
    rows = [
      Row(
        label: "Arrivals", current: text(.arrivalsYTD), previous: text(.arrivalsYTDPrevious),
        change: change)
    ]
    if headline.maleYTD.isKnown || headline.femaleYTD.isKnown || headline.maleYTDPrevious.isKnown
      || headline.femaleYTDPrevious.isKnown
    {
      rows.append(
        Row(
          label: "  men", current: count(headline.maleYTD, marks.maleFemaleYTD),
          previous: count(headline.maleYTDPrevious, marks.maleFemaleYTDPrevious)))
      rows.append(
        Row(
          label: "  women", current: count(headline.femaleYTD, marks.maleFemaleYTD),
          previous: count(headline.femaleYTDPrevious, marks.maleFemaleYTDPrevious)))
    }
    rows += [
      Row(
        label: "Residents, end of \(Words.shortMonthYear(model.period))",
        current: text(.residents)),
      Row(label: "Aid shipments authorised", current: text(.aidAuthorised)),
      Row(label: "Aid shipments delivered", current: count(headline.aidDelivered)),
      Row(label: "Aid delivered, KRW", current: text(.aidDeliveredValueKRW)),
      Row(label: "Aid delivered, USD", current: text(.aidDeliveredValueUSD)),
      Row(label: "Providers delivering", current: text(.aidDeliveredProviders)),
      Row(label: "Aid shipments pending", current: text(.aidPending)),
      Row(label: "Aid pending, KRW", current: text(.aidPendingValueKRW)),
      Row(label: "Aid pending, USD", current: text(.aidPendingValueUSD)),
    ]
  }

  /// After a figure that rests on a provisional row.
  static let provisionalMark = " (provisional)"

  /// The table as fixed-width lines: label left-aligned, figures right-aligned.
  var textLines: [String] {
    let all =
      [Row(label: columns[0], current: columns[1], previous: columns[2], change: columns[3])] + rows
    func width(_ cell: (Row) -> String) -> Int { all.map { cell($0).count }.max() ?? 0 }
    let labelWidth = width(\.label)
    let currentWidth = width(\.current)
    let previousWidth = width(\.previous)
    return all.map { row in
      let cells: [String] = [
        Words.padRight(row.label, labelWidth), Words.padLeft(row.current, currentWidth),
        Words.padLeft(row.previous, previousWidth), row.change,
      ]
      let line = cells.joined(separator: "  ")
      return String(line.reversed().drop(while: { $0 == " " }).reversed())
    }
  }
}
