import Foundation
import HTMLReadBack
import NKPeriods
import NKSummary
import TestRandom
import Testing

@testable import NKRender

/// The digest's "Arrivals by year": the whole annual table, in both formats.
@Suite("The digest's arrivals chart")
struct DigestChartTests {
  struct ChartRow {
    var label: String
    /// The text in the bar cell (a gap's note); empty for a bar.
    var bar: String
    var value: String
    /// Background colours of the bar's filled segments, left to right.
    var barColours: [String]
    /// Their widths in per-mille of the largest total.
    var barWidths: [Int]
  }

  /// The rows of the chart table that follows the "Arrivals by year" heading.
  static func chartRows(_ html: String) -> [ChartRow] {
    let document = HTMLDocument.parse(html)
    guard
      let chart = document.all("table").first(where: {
        $0.attributes["style"]?.contains("margin:0 0 6px 0") == true
      })
    else { return [] }
    // The rows of this table, not of the bars inside it (a browser adds a <tbody>).
    let children = chart.children.flatMap { node -> [HTMLNode] in
      if case .element(let body) = node, body.name == "tbody" { return body.children }
      return [node]
    }
    return children.compactMap { node -> ChartRow? in
      guard case .element(let row) = node, row.name == "tr" else { return nil }
      let cells = row.children.compactMap { cell -> HTMLElement? in
        if case .element(let element) = cell, element.name == "td" { return element }
        return nil
      }
      guard cells.count == 3 else { return nil }
      let segments = cells[1].all("td").filter { $0.attributes["title"] != nil }
      func style(_ element: HTMLElement, _ property: String) -> String {
        let style = element.attributes["style"] ?? ""
        guard let range = style.range(of: property + ":") else { return "" }
        return String(style[range.upperBound...].prefix { $0 != ";" })
      }
      return ChartRow(
        label: cells[0].text, bar: cells[1].text, value: cells[2].text,
        barColours: segments.map { style($0, "background-color") },
        barWidths: segments.map { Int((Double(style($0, "width").dropLast()) ?? 0) * 10) })
    }
  }

  /// The sample's annual table, from the golden `arrivals-by-year.csv` of its 2018-11 report.
  static func sampleHistory() throws -> [AnnualArrivals] {
    let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(
        "Fixtures/Golden/2018-11/arrivals-by-year.csv")
    let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
    return lines.map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      func count(_ index: Int) -> Figure<Int> {
        Int(cells[index]).map { .known($0) } ?? .unavailable(reason: Reasons.noSplit)
      }
      let lastYear = Int(cells[2])!
      let span =
        cells[0] == "2018"
        ? Fixture.period("2018-01..2018-11") : Fixture.period(cells[0])
      return AnnualArrivals(
        label: cells[0], firstYear: Int(cells[1]), lastYear: lastYear, span: span,
        male: count(3), female: count(4), total: count(5),
        femaleShare: .unavailable(reason: .earlierFigureIsZero),
        change: count(7), changeFraction: .unavailable(reason: .earlierFigureIsZero),
        cumulativeArrivals: count(9),
        departures: count(10), residents: count(11), isComplete: cells[12] == "true")
    }
  }

  func model(_ annual: [AnnualArrivals]) -> ReportModel {
    var model = Fixture.model()
    model.arrivalsByYear = annual
    return model
  }

  @Test func theSamplesWholeHistoryIsCharted() throws {
    let history = try Self.sampleHistory()
    #expect(history.count == 19)
    let rendered = try renderDigest(model(history))
    let rows = Self.chartRows(try readText(rendered, "digest.html"))
    #expect(
      rows.map(\.label)
        == ["to 1998", "1999-2001 3 years"] + (2002...2017).map(String.init) + ["2018 Jan-Nov"])
    #expect(rows.map(\.value) == history.map { NumberText.grouped($0.total.value!) })
    // The peak of 2009 is the full width; every other bar is to the same scale.
    let peak = rows[9]
    #expect(peak.label == "2009" && peak.barWidths.reduce(0, +) == 1000)
    for (row, annual) in zip(rows, history) {
      let expected = Int((Double(annual.total.value!) * 1000 / 2914).rounded())
      #expect(abs(row.barWidths.reduce(0, +) - expected) <= 1, "\(row.label)")
    }
    #expect(rows.last?.barColours == [DigestHTML.partialTotalColour])

    // digest.txt: a line per row, the same labels and figures, `+` for the partial year.
    let text = try readText(rendered, "digest.txt")
    let chart = text.components(separatedBy: "Arrivals by year\n\n")[1].split(
      separator: "\n", omittingEmptySubsequences: false)
    #expect(chart[0] == "to 1998                947  ##########")
    #expect(chart[1] == "1999-2001 (3 years)  1,043  ###########")
    #expect(chart[9] == "2009                 2,914  " + String(repeating: "#", count: 30))
    #expect(chart[18] == "2018 (Jan-Nov)       1,042  +++++++++++")
    #expect(chart[19] == "")
    #expect(chart.prefix(19).allSatisfy { $0.count <= DigestText.width })
  }

  @Test func aNotComputableYearIsAGapWithItsReasonInBothFormats() throws {
    let rendered = try renderDigest(Fixture.model())
    let rows = Self.chartRows(try readText(rendered, "digest.html"))
    #expect(rows[2].label == "2002" && rows[2].value == "n/a")
    #expect(rows[2].bar == "not computable: \(Reasons.partial2002.message)")
    #expect(rows[2].barWidths.isEmpty)
    let text = try readText(rendered, "digest.txt")
    #expect(
      text.contains("\n2002                   n/a  not computable: no row of arrivals.csv\n"))
    #expect(
      text.contains("\n                            covers July–December 2002 (unknown, not\n"))
    #expect(text.contains("\n                            zero)\n"))
  }

  @Test func aPartialYearIsNamedByItsMonthsWhereverItFalls() throws {
    var annual = Fixture.annual
    // Data that starts in July 2002: a known total for part of that year.
    annual[2].span = Fixture.period("2002-07..2002-12")
    annual[2].total = .known(500)
    annual[2].male = .known(100)
    annual[2].female = .known(400)
    let rendered = try renderDigest(model(annual))
    let rows = Self.chartRows(try readText(rendered, "digest.html"))
    #expect(rows[2].label == "2002 Jul-Dec")
    #expect(rows[2].barColours == [DigestHTML.partialMaleColour, DigestHTML.partialFemaleColour])
    #expect(rows[4].label == "2018 Jan-Nov")
    let html = try readText(rendered, "digest.html")
    #expect(html.contains("lighter: part of a year (the months named)"))
    #expect(try readText(rendered, "digest.txt").contains("\n2002 (Jul-Dec)"))
  }

  @Test func theDigestLinksToTheReportsIndexWhenAReportURLIsSet() throws {
    var options = defaultOptions
    options.reportURL = "https://reports.example.org/nk"
    let rendered = try renderDigest(Fixture.model(), options: options)
    let html = HTMLDocument.parse(try readText(rendered, "digest.html"))
    #expect(
      html.all("a").compactMap { $0.attributes["href"] }
        == ["https://reports.example.org/nk/index.html"])
    #expect(
      try readText(rendered, "digest.txt").hasSuffix(
        "\nEvery report: https://reports.example.org/nk/index.html\n"))
    let without = try renderDigest(Fixture.model())
    #expect(HTMLDocument.parse(try readText(without, "digest.html")).all("a").isEmpty)
    #expect(!(try readText(without, "digest.txt")).contains("Every report"))
  }

  /// Against a direct computation, on seeded random series: a known total's bar is its share of
  /// the largest total (within rounding), never past the full width; an unknown total has no
  /// bar and shows n/a.
  @Test func barsAreTheirShareOfTheLargestTotal() throws {
    var random = SplitMix64(seed: 0x19)
    for _ in 0..<300 {
      let count = random.int(1...25)
      let annual = (0..<count).map { index -> AnnualArrivals in
        var row = Fixture.annual[3]
        row.label = String(1990 + index)
        row.firstYear = 1990 + index
        row.lastYear = 1990 + index
        row.span = Fixture.period(String(1990 + index))
        if random.chance(0.15) {
          row.total = .unavailable(reason: Reasons.noWindowRows)
          row.male = .unavailable(reason: Reasons.noWindowRows)
          row.female = .unavailable(reason: Reasons.noWindowRows)
        } else if random.chance(0.5) {
          let men = random.int(0...5000)
          let women = random.int(0...5000)
          row.male = .known(men)
          row.female = .known(women)
          row.total = .known(men + women)
        } else {
          row.total = .known(random.int(0...10000))
          row.male = .unavailable(reason: Reasons.noSplit)
        }
        return row
      }
      let chart = DigestChart(annual)
      let rows = Self.chartRows(DigestHTML.render(chart))
      #expect(rows.count == count)
      let largest = annual.compactMap(\.total.value).max() ?? 0
      for (row, source) in zip(rows, annual) {
        guard let total = source.total.value else {
          #expect(row.value == "n/a" && row.barWidths.isEmpty)
          continue
        }
        #expect(row.value == NumberText.grouped(total))
        let width = row.barWidths.reduce(0, +)
        let expected = largest == 0 ? 0 : Int((Double(total) * 1000 / Double(largest)).rounded())
        #expect(width <= 1000 && abs(width - expected) <= 1)
      }
    }
  }
}
