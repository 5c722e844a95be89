import Foundation
import Testing

/// The shapes of the Ministry's data a new user really meets, run through the whole job: the
/// sample inputs with a cumulative total, an enclosing span, late-starting data, departures by
/// reason, a split given as women and total, no aid ledger.
@Suite("Reported shapes of the data")
struct ReportedShapesTests {
  /// The sample inputs, changed by `edit`, run for `period`; returns the report folder's files.
  final class Report {
    let scratch: Scratch
    let inputs: URL
    var period = "2018-11"

    init() throws {
      scratch = try Scratch()
      inputs = try scratch.copyOfSampleInputs()
    }

    func appending(_ text: String, to file: String) throws {
      let url = inputs.appendingPathComponent(file)
      let old = try String(contentsOf: url, encoding: .utf8)
      try Data((old + text).utf8).write(to: url)
    }

    func replacing(_ file: String, with text: String) throws {
      try Data(text.utf8).write(to: inputs.appendingPathComponent(file))
    }

    func keepingArrivals(where keep: (Substring) -> Bool) throws {
      let url = inputs.appendingPathComponent("arrivals.csv")
      let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
      let kept = [lines[0]] + lines.dropFirst().filter(keep)
      try Data((kept.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    func remove(_ file: String) throws {
      try FileManager.default.removeItem(at: inputs.appendingPathComponent(file))
    }

    @discardableResult
    func run() throws -> NKReport.Result {
      let result = try NKReport.run([
        "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--period", period,
      ])
      #expect(result.status == 0, "\(result.stderr)")
      return result
    }

    func read(_ file: String) throws -> String { try scratch.read("Reports/\(period)/\(file)") }

    func workbook() throws -> WorkbookReader {
      try WorkbookReader(
        url: scratch.url.appendingPathComponent("Reports/\(period)/nkreport-\(period).xlsx"))
    }

    /// digest.txt with its line breaks and indents folded into single spaces.
    func digestText() throws -> String {
      try read("digest.txt").split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(
        separator: " ")
    }

    func summary() throws -> [String: String] { summaryFigures(try read("summary.csv")) }

    /// `label → line` of arrivals-by-year.csv.
    func annual() throws -> [(label: String, line: String)] {
      try read("arrivals-by-year.csv").split(separator: "\n").dropFirst().map { line in
        (String(line.prefix { $0 != "," }), String(line))
      }
    }

    func check(_ name: String) throws -> String? {
      try read("checks.csv").split(separator: "\n").first { $0.hasPrefix(name + ",") }
        .map(String.init)
    }
  }

  static let annualLabels =
    ["..1998", "1999..2001"] + (2002...2018).map(String.init)

  @Test func aCumulativeTotalRowKeepsEveryYearOfTheAnnualTable() throws {
    for (row, total) in [("..2024", 34_314), ("..2018", 32_476)] {
      let report = try Report()
      try report.appending("\(row),,,\(total),MOU total column\n", to: "arrivals.csv")
      try report.run()
      #expect(try report.annual().map(\.label) == Self.annualLabels, "\(row)")
      #expect(
        try report.check("arrivals annual total") == "arrivals annual total,32381,32381,0,ok,")
      #expect(try report.summary()["residents"] == "32381")
    }
  }

  @Test func anEnclosingSpanKeepsTheRowsInsideIt() throws {
    let report = try Report()
    try report.appending("1999..2018,,,31529,enclosing span\n", to: "arrivals.csv")
    try report.run()
    let annual = try report.annual()
    #expect(annual.map(\.label) == Self.annualLabels)
    #expect(annual[1].line.hasPrefix("1999..2001,1999,2001,565,478,1043,"))
    report.period = "2018-12"
    try report.run()
    #expect(try report.annual().map(\.label).suffix(2) == ["2017", "2018"])
    #expect(try report.annual().last?.line.hasSuffix(",true,false") == true)
    #expect(try report.check("arrivals annual total") == "arrivals annual total,32476,32476,0,ok,")
  }

  @Test func withArrivalsFrom2015OnlyResidentsAreNotComputableWithoutACheckpoint() throws {
    let report = try Report()
    try report.keepingArrivals { line in
      guard let year = Int(line.prefix(4)) else { return false }
      return year >= 2015
    }
    try report.replacing("checkpoints.csv", with: "date,residents,source\n")
    report.period = "2024-12"
    try report.run()
    #expect(try report.summary()["residents"] == "")
    let digest = try report.digestText()
    #expect(!digest.contains("6,795"))
    #expect(digest.contains("The number living in the South at the end of December 2024 cannot"))
    // The annual table gives the years the data has, its cumulative columns nothing.
    let lines = try report.annual()
    #expect(lines.first?.label == "2015")
    #expect(
      lines.allSatisfy {
        $0.line.split(separator: ",", omittingEmptySubsequences: false)[9].isEmpty
      })
  }

  @Test func withArrivalsFrom2015OnlyResidentsRunFromTheLatestCheckpoint() throws {
    let report = try Report()
    try report.keepingArrivals { line in
      guard let year = Int(line.prefix(4)) else { return false }
      return year >= 2015
    }
    report.period = "2024-12"
    try report.run()
    #expect(try report.summary()["residents"] == "34314")
    #expect(
      try report.digestText().contains(
        "34,314 were living in the South at the end of December 2024 (the published resident count, MOU)."
      ))
    report.period = "2023-12"
    try report.run()
    #expect(
      try report.digestText().contains(
        "were living in the South at the end of December 2023 (carried from the published resident count of December 2022, MOU)."
      ))
    report.period = "2024-12"
    // 2022-12's 33,882 carried by 2023 and 2024's arrivals reconciles with 2024-12's total.
    #expect(
      try report.check("residents 2024-12-31")
        == "residents 2024-12-31,34314,34314,0,ok,\"checkpoint 2022-12-31 (residents, MOU)\"")
    // The Checks sheet says what the report's residents stand on.
    let checksSheet = try report.workbook().cells("Checks").values.map(\.value)
    #expect(checksSheet.contains("Anchors"))
    #expect(checksSheet.contains("from checkpoint 2024-12-31 (residents, MOU)"))
    #expect(
      checksSheet.contains {
        $0.contains("computed from checkpoint 2022-12-31 (residents, MOU)")
      })
    // Nothing before the first checkpoint anchors it.
    #expect(try report.check("residents 2016-12-31")?.contains(",not_computable,") == true)
    #expect(try report.check("residents 2017-12-31")?.contains("31339,31339,0,ok") == true)
  }

  @Test func aCumulativeArrivalsCheckpointAnchorsCumulativeArrivals() throws {
    let report = try Report()
    try report.keepingArrivals { line in
      guard let year = Int(line.prefix(4)) else { return false }
      return year >= 2015
    }
    try report.replacing(
      "checkpoints.csv",
      with: """
        date,residents,source,measure
        2016-12-31,30212,MOU table,cumulative_arrivals
        2017-12-31,31339,MOU table,cumulative_arrivals
        2018-11-30,32381,MOU bulletin,

        """)
    try report.run()
    #expect(
      try report.check("cumulative arrivals 2017-12-31")
        == "cumulative arrivals 2017-12-31,31339,31339,0,ok,\"checkpoint 2016-12-31 (cumulative arrivals, MOU table)\""
    )
    // The residents checkpoint is reconciled against the cumulative total less departures.
    #expect(try report.check("residents 2018-11-30")?.contains("32381,32381,0,ok") == true)
    let annual = try report.annual()
    #expect(annual.first { $0.label == "2017" }?.line.contains(",31339,0,31339,true") == true)
  }

  @Test func aCheckpointMeasureMustBeOneOfTheTwo() throws {
    let report = try Report()
    try report.replacing(
      "checkpoints.csv", with: "date,residents,source,measure\n2018-11-30,32381,MOU,arrivals\n")
    let result = try NKReport.run(["validate", "--inputs", report.inputs.path])
    #expect(result.status == 65)
    #expect(
      result.stderr.contains(
        "checkpoints.csv:2: measure: must be residents or cumulative_arrivals (\"arrivals\")"))
  }

  @Test func departuresAsTotalsThenByReasonGiveResidents() throws {
    let report = try Report()
    try report.replacing(
      "departures.csv",
      with: """
        period,count,reason
        2010..2017,120,
        2018-01..2018-11,5,death
        2018-01..2018-11,3,emigration
        2018-01..2018-11,0,return

        """)
    let result = try report.run()
    #expect(try report.summary()["residents"] == "\(32_381 - 128)")
    let digest = try report.read("digest.txt")
    #expect(!digest.contains("ends at 2017-12"))
    #expect(!result.stderr.contains("no row of departures.csv covers 2018"))
    #expect(!digest.contains("no row of departures.csv"))
  }

  @Test func aReasonThatStopsEarlyIsNamed() throws {
    let report = try Report()
    try report.replacing(
      "departures.csv",
      with: """
        period,count,reason
        2010..2017,120,
        2018-01..2018-11,5,death
        2018-01..2018-06,3,emigration

        """)
    // No checkpoint to carry residents from either.
    try report.replacing("checkpoints.csv", with: "date,residents,source\n")
    try report.run()
    #expect(try report.summary()["residents"] == "")
    let digest = try report.digestText()
    #expect(digest.contains("no emigration row of departures.csv covers July 2018"))
    #expect(digest.contains("the emigration rows end at 2018-06"))
    // Jan–Jun 2018 has no total either: death is known only for Jan–Nov as a whole.
    #expect(digest.contains("The departures data is complete only through 2017-12"))
  }

  @Test func menFollowFromWomenAndTotalAndTheFemaleShareWithThem() throws {
    let report = try Report()
    let url = report.inputs.appendingPathComponent("arrivals.csv")
    var text = try String(contentsOf: url, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "2018-01..2018-11,,,1042", with: "2018-01..2018-11,,964,1042")
    try Data(text.utf8).write(to: url)
    try report.run()
    let line = try #require(try report.annual().last?.line)
    #expect(line.hasPrefix("2018,2018,2018,78,964,1042,0.9251,"))
  }

  @Test func withoutAnAidLedgerEveryAidFigureIsUnknown() throws {
    let report = try Report()
    try report.remove("aid.csv")
    try report.run()
    let summary = try report.summary()
    for metric in [
      "aid_authorised", "aid_delivered_value_krw", "aid_delivered_value_usd",
      "aid_delivered_providers", "aid_pending", "aid_pending_value_krw", "aid_pending_value_usd",
    ] {
      #expect(summary[metric] == "", "\(metric)")
    }
    let runJSON = try report.read("run.json")
    #expect(runJSON.contains("\"aid_authorised\" : null"))
    #expect(runJSON.contains("\"aid_pending_value_usd\" : null"))
    let digest = try report.digestText()
    #expect(digest.contains("No aid ledger was supplied"))
    #expect(!digest.contains("authorised no aid"))
    #expect(!digest.contains("no aid was delivered"))
    let cells = try report.workbook().cells("Summary")
    for label in [
      "Aid authorised (records)", "Aid delivered (records)", "Aid delivered: value in KRW",
      "Aid pending (records)", "Aid pending: value in US$",
    ] {
      let row = try #require(cells.first { $0.value.value == label }?.key.dropFirst(), "\(label)")
      #expect(cells["B\(row)"]?.value == "n/a", "\(label)")
    }
  }

  @Test func withoutAnAidLedgerTheSummarySheetDoesNotCountZeroAidRecords() throws {
    let report = try Report()
    try report.remove("aid.csv")
    try report.run()
    let cells = try report.workbook().cells("Summary")
    let row = try #require(cells.first { $0.value.value == "Aid records" }?.key.dropFirst())
    #expect(cells["B\(row)"]?.value == "n/a")
    #expect(cells["F\(row)"]?.value.hasPrefix("no aid ledger (aid.csv) was supplied") == true)
  }

  @Test func withAnAidLedgerTheSummarySheetCountsItsAidRecords() throws {
    let report = try Report()
    try report.run()
    let cells = try report.workbook().cells("Summary")
    let row = try #require(cells.first { $0.value.value == "Aid records" }?.key.dropFirst())
    // The 17 records authorised up to November 2018 (the 2022 ones are after P).
    #expect(cells["B\(row)"]?.value == "17")
  }

  @Test func withoutDeparturesTheSummarySaysResidentsAreCumulativeArrivals() throws {
    let report = try Report()
    try report.remove("departures.csv")
    try report.run()
    #expect(try report.summary()["residents"] == "32381")
    let summary = try report.workbook().cells("Summary").values
    #expect(
      summary.contains {
        $0.value.contains(
          "departures.csv is absent: no departures counted (residents = cumulative arrivals)")
      })
  }

  @Test func withoutDeparturesTheDigestSaysItsResidentsAreArrivalsToDate() throws {
    let report = try Report()
    try report.remove("departures.csv")
    try report.run()
    let digest = try report.digestText()
    #expect(digest.contains("32,381 were living in the South at the end of November 2018."))
    #expect(
      digest.contains(
        "No departures are counted in this figure: departures.csv was not supplied, so it is the number of arrivals to date."
      ))
  }

  @Test func withDeparturesTheDigestMakesNoSuchCaveat() throws {
    let report = try Report()
    try report.run()
    let digest = try report.digestText()
    #expect(!digest.contains("No departures are counted"))
  }

  @Test func aidAuthorisedAfterThePeriodIsNotInItsReport() throws {
    let report = try Report()
    try report.run()
    let records = try report.read("aid-records.csv")
    #expect(!records.contains("2022-"))
    #expect(records.split(separator: "\n").count == 1 + 17)
    #expect(!(try report.read("digest.txt")).contains("2022"))
    #expect(!(try report.read("run.json")).contains("2022-01"))
  }

  @Test func moneyIsWrittenAtItsMinorUnit() throws {
    let report = try Report()
    try report.run()
    let summary = try report.summary()
    #expect(summary["aid_delivered_value_usd"] == "4182377.66")
    #expect(summary["aid_delivered_value_krw"] == "4700000000")
    #expect(try report.read("run.json").contains("\"aid_delivered_value_usd\" : 4182377.66,"))
    let records = try report.read("aid-records.csv")
    #expect(records.contains(",4500000.00,USD,delivered,2019-06-30,5092200000,4500000.00\n"))
  }

  @Test func aCategoryWithALineBreakDoesNotBreakADigestSentence() throws {
    let report = try Report()
    let url = report.inputs.appendingPathComponent("aid.csv")
    var text = try String(contentsOf: url, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "2018-B-03,2018-10-04,Civic group B,civic,milk powder,",
      with: "2018-B-03,2018-10-04,Civic group B,civic,\"powdered\r\nmilk\",")
    try Data(text.utf8).write(to: url)
    try report.run()
    let digest = try report.read("digest.txt")
    #expect(!digest.contains("\r"))
    #expect(digest.replacingOccurrences(of: "\n", with: " ").contains("powdered milk"))
    let html = try report.read("digest.html")
    #expect(!html.contains("powdered\r\n"))
  }
}
