import Foundation
import NKPeriods
import NKSummary
import Testing

@testable import NKRender

/// The revisions and the provisional marks of one model, written as a whole report folder and
/// read back: revisions.csv, the Revisions sheet, the digest and the summary say the same.
@Suite("Revisions and provisional marks in every output")
struct SeriesOutputTests {
  /// The fixture's model compared with an earlier report that gave 2016 as 1,411 (1,109
  /// women) and listed a record since removed, its arrivals of this period provisional.
  static func model() -> ReportModel {
    var model = WorkbookFixture.model()
    let earlier = EarlierReport(
      folder: "2018-10", period: YearMonth(year: 2018, month: 10),
      annual: [
        EarlierReport.PeopleRow(
          label: "2016", first: YearMonth(year: 2016, month: 1),
          last: YearMonth(year: 2016, month: 12)!, total: 1411, male: 302, female: 1109)
      ])
    let current = CurrentFigures(
      period: model.period,
      annual: [
        CurrentFigures.PeopleRow(
          label: "2016", first: YearMonth(year: 2016, month: 1),
          last: YearMonth(year: 2016, month: 12)!, total: 1418, male: 302, female: 1116,
          sources: [InputRowReference(file: "arrivals.csv", line: 18, period: "2016")])
      ])
    let removed = FigureRevision(
      table: .aidRecords, key: "2018-Z-09", measure: "amount KRW", kind: .removed,
      previous: .number(Decimal(string: "1250000.50")!), now: nil, earlierReport: "2018-10")
    var marks = ProvisionalMarks()
    marks.metrics = [.arrivalsYTD, .arrivalsChange, .arrivalsChangeFraction, .residents]
    marks.annual = model.arrivalsByYear.map { $0.label == "2018" }
    model.series = ReportSeries(
      comparison: .compared(
        ReportComparison(earlier: earlier, current: current, aidRevisions: [removed])),
      provisional: marks)
    return model
  }

  @Test func theRevisionsAreTheSameInTheCSVTheSheetAndTheDigest() throws {
    let model = Self.model()
    let revisions = model.series.revisions
    #expect(revisions.count == 3)  // 2016 total, 2016 women, the removed record
    try withWorkbookScratch { directory in
      _ = try writeReport(
        model, records: WorkbookFixture.records, options: defaultOptions, into: directory)
      let csv = try String(
        contentsOf: directory.appendingPathComponent("revisions.csv"), encoding: .utf8
      ).split(separator: "\n").map(String.init)
      #expect(
        csv == [
          "table,key,measure,kind,previous,now,change,earlier_report,sources",
          "arrivals-by-year,2016,total,revised,1411,1418,7,2018-10,arrivals.csv:18 (2016)",
          "arrivals-by-year,2016,female,revised,1109,1116,7,2018-10,arrivals.csv:18 (2016)",
          "aid-records,2018-Z-09,amount KRW,removed,1250000.5,,,2018-10,",
        ])
      let book = try WorkbookFile(
        url: directory.appendingPathComponent("nkreport-2018-11.xlsx"))
      let sheet = WorkbookSheetName.revisions
      #expect(book.sheetNames.last == sheet)
      // Row by row as in the CSV, numbers as number cells.
      for (index, revision) in revisions.enumerated() {
        let row = index + 2
        #expect(try book.string("B\(row)", in: sheet) == revision.key)
        #expect(try book.string("C\(row)", in: sheet) == revision.measure)
        #expect(
          try book.number("E\(row)", in: sheet)
            == revision.previous?.number.map {
              NSDecimalNumber(decimal: $0).doubleValue
            })
        #expect(
          try book.number("G\(row)", in: sheet)
            == revision.change.map {
              NSDecimalNumber(decimal: $0).doubleValue
            })
      }
      #expect(try book.cell("B5", in: sheet) == nil)
      let digest = try String(
        contentsOf: directory.appendingPathComponent("digest.txt"), encoding: .utf8
      ).split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
      #expect(digest.contains("Revised since the report for 2018-10"))
      for revision in revisions {
        #expect(digest.contains(RevisionWords.line(revision)), "\(revision.key)")
      }
      #expect(digest.contains("Arrivals by year 2016, total: 1,411 → 1,418 (+7)"))
      #expect(digest.contains("Aid record 2018-Z-09, amount KRW: removed (was 1250000.5)"))
    }
  }

  @Test func aProvisionalFigureIsMarkedInEveryOutputAndStaysANumber() throws {
    let model = Self.model()
    try withWorkbookScratch { directory in
      _ = try writeReport(
        model, records: WorkbookFixture.records, options: defaultOptions, into: directory)
      func read(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      }
      #expect(try read("summary.csv").contains("\narrivals_ytd,1042,true\n"))
      #expect(try read("summary.csv").contains("\naid_authorised,14,false\n"))
      let annual = try read("arrivals-by-year.csv").split(separator: "\n")
      #expect(annual.first { $0.hasPrefix("2018,") }?.hasSuffix(",true") == true)
      #expect(annual.first { $0.hasPrefix("2016,") }?.hasSuffix(",false") == true)
      #expect(try read("digest.txt").contains("1,042 (provisional)"))
      #expect(try read("digest.html").contains("1,042 (provisional)"))

      let book = try WorkbookFile(
        url: directory.appendingPathComponent("nkreport-2018-11.xlsx"))
      let summary = WorkbookSheetName.summary
      let arrivals = try #require(
        try book.row(labelled: "Arrivals from North Korea", in: summary))
      #expect(try book.number("B\(arrivals)", in: summary) == 1042)
      #expect(try book.numberFormat("B\(arrivals)", in: summary) == "#,##0\" p\"")
      // The comparison window rests on final rows: no mark there.
      #expect(try book.numberFormat("C\(arrivals)", in: summary) == "#,##0")
      let footnote = try #require(
        try book.row(labelled: WorkbookRenderer.provisionalFootnote, in: summary))
      #expect(footnote > arrivals)
      // The annual table marks its 2018 row's counts, and says why.
      let byYear = WorkbookSheetName.arrivalsByYear
      let row2018 = try #require(try book.row(labelled: "2018", in: byYear))
      #expect(try book.numberFormat("G\(row2018)", in: byYear) == "#,##0\" p\"")
      #expect(try book.number("G\(row2018)", in: byYear) == 1042)
      #expect(try book.row(labelled: WorkbookRenderer.provisionalFootnote, in: byYear) != nil)
    }
  }

  @Test func provisionalFormatsKeepEverySection() {
    let change = WorkbookRenderer.provisional(WorkbookStyle.change)
    #expect(change.numberFormat == "+#,##0\" p\";-#,##0\" p\";0\" p\"")
  }
}
