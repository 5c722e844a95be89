import Foundation
import NKInputs
import NKPeriods
import NKSummary
import Testing

@testable import NKPublish

/// Reports published one after another into one reports folder, each compared with the one
/// before it: each revision, a report compared with itself, an older report lacking files and
/// columns, a provisional figure made final, and the resident change split into its parts.
@Suite("Comparing a report with the one published before it")
struct ComparisonTests {
  /// Whole years from the open start, 2002 published as 1,139 (510 men, 629 women) as the
  /// Ministry first gave it, then months of 2017 and 2018.
  static func dataset(year2002: (Int, Int) = (510, 629), june2018: Int = 80) -> Dataset {
    var rows: [ArrivalRow] = [
      ArrivalRow(period: period("..2001"), male: 1396, female: 594, total: 1990, line: 2),
      ArrivalRow(
        period: period("2002"), male: year2002.0, female: year2002.1,
        total: year2002.0 + year2002.1, line: 3),
    ]
    for year in 2003...2016 {
      rows.append(
        ArrivalRow(
          period: period(String(year)), male: 400, female: 900, total: 1300, line: rows.count + 2))
    }
    for ordinal in YearMonth(year: 2017, month: 1)!
      .ordinal...YearMonth(year: 2019, month: 3)!.ordinal
    {
      let month = YearMonth(ordinal: ordinal)!
      let total = month == YearMonth(year: 2018, month: 6)! ? june2018 : 90
      rows.append(
        ArrivalRow(
          period: .months(month, month), male: nil, female: nil, total: total, line: rows.count + 2)
      )
    }
    return Dataset(
      arrivals: rows,
      checkpoints: [
        Checkpoint(date: Day.parse("2016-12-31")!, residents: 21_200, source: "MOU", line: 2)
      ])
  }

  static let june = YearMonth(year: 2018, month: 6)!
  static let december = YearMonth(year: 2018, month: 12)!

  func keyed(_ comparison: ReportComparison) -> [String: FigureRevision] {
    Dictionary(
      comparison.revisions.map { (RevisionKey($0).description, $0) },
      uniquingKeysWith: { a, _ in a })
  }

  @Test func aPastYearRevisedBetweenJuneAndDecember() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let juneFolder = try publishCSV(Self.dataset(), period: Self.june, into: reports)
    let revised = Self.dataset(year2002: (512, 630))
    let (comparison, _) = try compare(revised, period: Self.december, with: juneFolder)
    let revisions = keyed(comparison)
    #expect(
      Set(revisions.keys) == [
        "arrivals-by-year/2002/total", "arrivals-by-year/2002/male", "arrivals-by-year/2002/female",
        "summary/2018-06/residents", "summary/2018-06/cumulative_arrivals",
      ])
    let total = try #require(revisions["arrivals-by-year/2002/total"])
    #expect(total.previous == .number(1139) && total.now == .number(1142) && total.change == 3)
    #expect(total.earlierReport == "2018-06")
    #expect(total.sources.map(\.description) == ["arrivals.csv:3 (2002)"])
    #expect(revisions["summary/2018-06/residents"]?.change == 3)
    // December's residents: June's, the arrivals of July–December, and the revision of 2002.
    let change = try #require(comparison.residentChange)
    #expect(change.arrivals == 6 * 90 && change.departures == 0 && change.revisions == 3)
    #expect(change.other == 0 && change.change == 6 * 90 + 3)
  }

  @Test func threeReportsEachComparedWithTheOneBefore() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let first = try publishCSV(Self.dataset(), period: Self.june, into: reports)
    var second = Self.dataset(year2002: (512, 630))
    let secondFolder = try publishCSV(second, period: Self.december, into: reports)
    #expect(try !compare(second, period: Self.december, with: first).comparison.revisions.isEmpty)
    second.checkpoints[0].residents = 21_250
    let third = try compare(second, period: YearMonth(year: 2019, month: 3)!, with: secondFolder)
    #expect(
      third.comparison.revisions.map { RevisionKey($0).description } == [
        "checks/residents 2016-12-31/expected"
      ])
    #expect(third.comparison.revisions.first?.change == 50)
    #expect(
      third.comparison.revisions.first?.sources.map(\.description) == [
        "checkpoints.csv:2 (2016-12-31)"
      ])
  }

  @Test func aReportComparedWithItselfListsNothing() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let folder = try publishCSV(Self.dataset(), period: Self.june, into: reports)
    let (comparison, _) = try compare(Self.dataset(), period: Self.june, with: folder)
    #expect(comparison.revisions.isEmpty)
    let change = try #require(comparison.residentChange)
    #expect(
      change.change == 0 && change.arrivals == 0 && change.revisions == 0 && change.other == 0)
  }

  /// The previous version of the same period: its headline figures are compared too.
  @Test func aRevisedVersionOfTheSamePeriod() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let folder = try publishCSV(Self.dataset(), period: Self.june, into: reports)
    let (comparison, _) = try compare(Self.dataset(june2018: 85), period: Self.june, with: folder)
    let revisions = keyed(comparison)
    #expect(
      Set(revisions.keys) == [
        "summary/2018-06/arrivals_ytd", "summary/2018-06/arrivals_change",
        "arrivals-by-year/2018/total", "arrivals-detail/2018-06/total",
        "summary/2018-06/residents", "summary/2018-06/cumulative_arrivals",
      ])
    #expect(
      revisions["arrivals-detail/2018-06/total"]?.sources.map(\.description) == [
        "arrivals.csv:35 (2018-06)"
      ])
  }

  /// A report from an older version: no arrivals-detail.csv, an annual table without the
  /// women's column, no run.json. It is compared on what it has and says what it could not.
  @Test func anOlderReportIsComparedOnWhatItHas() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let folder = try publishCSV(Self.dataset(), period: Self.june, into: reports)
    try FileManager.default.removeItem(at: folder.appendingPathComponent("arrivals-detail.csv"))
    try FileManager.default.removeItem(at: folder.appendingPathComponent("aid-records.csv"))
    let annual = folder.appendingPathComponent("arrivals-by-year.csv")
    let lines = try String(contentsOf: annual, encoding: .utf8).split(separator: "\n")
    let withoutWomen = lines.map { line in
      var fields = line.split(separator: ",", omittingEmptySubsequences: false)
      fields.remove(at: 4)
      return fields.joined(separator: ",")
    }
    try (withoutWomen.joined(separator: "\n") + "\n").write(
      to: annual, atomically: true, encoding: .utf8)
    let (comparison, earlier) = try compare(
      Self.dataset(year2002: (512, 630)), period: Self.december, with: folder)
    #expect(earlier.notCompared.contains("arrivals-detail.csv: absent"))
    #expect(earlier.notCompared.contains("arrivals-by-year.csv: no column female"))
    #expect(earlier.notCompared.contains("aid-records.csv: absent"))
    #expect(earlier.notCompared.contains("run.json: absent or unreadable"))
    #expect(comparison.notCompared == earlier.notCompared)
    let revisions = keyed(comparison)
    #expect(revisions["arrivals-by-year/2002/total"]?.change == 3)
    #expect(revisions["arrivals-by-year/2002/male"]?.change == 2)
    #expect(revisions["arrivals-by-year/2002/female"] == nil)
  }

  /// A hand-written report that marked 2017 provisional; the inputs now give it as final.
  @Test func aProvisionalFigureThatBecameFinal() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    let folder = reports.appendingPathComponent("2018-06")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try "metric,value\nperiod,2018-06\nresidents,\n".write(
      to: folder.appendingPathComponent("summary.csv"), atomically: true, encoding: .utf8)
    try
      "label,first_year,last_year,male,female,total,provisional\n2016,2016,2016,400,900,1300,false\n2017,2017,2017,,,1080,true\n"
      .write(
        to: folder.appendingPathComponent("arrivals-by-year.csv"), atomically: true, encoding: .utf8
      )
    let (comparison, _) = try compare(Self.dataset(), period: Self.december, with: folder)
    let revisions = keyed(comparison)
    let final = try #require(revisions["arrivals-by-year/2017/status"])
    #expect(final.kind == .provisionalBecameFinal)
    #expect(final.previous == .text("provisional") && final.now == .text("final"))
    #expect(revisions.count == 1)
    // Nothing to split: the earlier report stated no residents.
    #expect(comparison.residentChange == nil)
  }
}
