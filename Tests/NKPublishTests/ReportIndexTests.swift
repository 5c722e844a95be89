import Foundation
import HTMLReadBack
import NKRender
import NKSummary
import Testing

@testable import NKPublish

/// `Reports/index.html`: every report, newest first, from each folder's own run.json.
@Suite("The reports folder's index page")
struct ReportIndexTests {
  /// The sample's headline figures, as the publisher writes them into run.json.
  static let sampleFigures = [
    ReportFigure(.period, .text("2018-11")),
    ReportFigure(.arrivalsYTD, .count(1042)),
    ReportFigure(.arrivalsYTDPrevious, .count(1045)),
    ReportFigure(.arrivalsChange, .count(-3)),
    ReportFigure(.arrivalsChangeFraction, .fraction(-0.0029)),
    ReportFigure(.residents, .count(32381)),
    ReportFigure(.aidDeliveredValueKRW, .money(4_700_000_000, .krw)),
    ReportFigure(.aidDeliveredValueUSD, .money(Decimal(string: "4182377.66")!, .usd)),
    ReportFigure(.aidDeliveredProviders, .count(6)),
  ]

  static let files = [
    "digest.html": "<p>digest</p>\n", "nkreport-PERIOD.xlsx": "xlsx", "summary.csv": "s\n",
    "arrivals-by-year.csv": "a\n",
  ]

  /// Publishes a fake report of `period` with `figures` through the real publisher.
  @discardableResult
  func publish(_ period: String, figures: [ReportFigure] = sampleFigures, into reports: URL)
    throws -> PublishOutcome
  {
    var report = FakeReport()
    report.folderName = period
    report.files = Self.files.reduce(into: [:]) { files, file in
      files[file.key.replacingOccurrences(of: "PERIOD", with: period)] = file.value + period
    }
    report.figures = figures
    return try Publisher(reportsDirectory: reports).publish(report)
  }

  func page(_ reports: URL) throws -> HTMLElement {
    HTMLDocument.parse(
      try String(contentsOf: reports.appendingPathComponent("index.html"), encoding: .utf8))
  }

  func hrefs(_ element: HTMLElement) -> [String] {
    element.all("a").compactMap { $0.attributes["href"] }
  }

  @Test func withNoReportsThePageSaysSo() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    try ReportIndex.rewrite(reportsDirectory: reports)
    let html = try page(reports)
    #expect(html.all(class: "report").isEmpty)
    #expect(html.all(class: "intro").first?.text == "No report has been published here yet.")
    #expect(html.all("script").isEmpty)
    #expect(listing(reports) == ["index.html"])
  }

  @Test func oneReportShowsItsFiguresAndLinks() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    try publish("2018-11", into: reports)
    let html = try page(reports)
    let sections = html.all(class: "report")
    try #require(sections.count == 1)
    let report = sections[0]
    #expect(report.attributes["id"] == "report-2018-11")
    #expect(report.all("h2").first?.text == "November 2018")
    #expect(
      report.all(class: "window").first?.text
        == "January–November 2018 · data through November 2018")
    let figures = report.all("div").map {
      ($0.all("dt").first?.text ?? "", $0.all("dd").first?.text ?? "")
    }
    #expect(figures.map(\.0) == ["Arrivals", "Residents, end of November 2018", "Aid delivered"])
    #expect(
      figures.map(\.1) == [
        "1,042 -3 (-0.3%) on January–November 2017 (1,045)", "32,381",
        "US$ 4.2 million 4.7 billion won, by 6 providers",
      ])
    // Every link is a file the report holds, relative to the reports folder.
    #expect(
      hrefs(report) == [
        "2018-11/digest.html", "2018-11/nkreport-2018-11.xlsx", "2018-11/arrivals-by-year.csv",
        "2018-11/summary.csv",
      ])
    for href in hrefs(report) {
      #expect(FileManager.default.fileExists(atPath: reports.appendingPathComponent(href).path))
    }
    #expect(report.all(class: "badge").isEmpty)
    #expect(report.all(class: "notes").first?.text == "Digest not mailed yet.")
  }

  @Test func manyReportsAreListedNewestFirst() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    for period in ["2018-02", "2017-12", "2018-11", "2009-06"] {
      try publish(period, into: reports)
    }
    let ids = try page(reports).all(class: "report").map { $0.attributes["id"] ?? "" }
    #expect(ids == ["report-2018-11", "report-2018-02", "report-2017-12", "report-2009-06"])
  }

  @Test func aRevisedReportLinksItsEarlierVersionsAndSaysWhatChanged() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    var figures = Self.sampleFigures
    figures[1] = ReportFigure(.arrivalsYTD, .count(1040))
    try publish("2018-11", figures: figures, into: reports)
    figures[1] = ReportFigure(.arrivalsYTD, .count(1041))
    try publish("2018-11", figures: figures, into: reports)
    try publish("2018-11", into: reports)
    let report = try #require(try page(reports).all(class: "report").first)
    #expect(report.all("h2").first?.text == "November 2018 revised")
    #expect(
      report.all(class: "changes").first?.text == "Changed in this version: arrivals 1,041 → 1,042."
    )
    let earlier = try #require(report.all(class: "earlier").first)
    #expect(
      earlier.all("li").map(\.text) == [
        "2018-11.rev-2: digest, workbook (arrivals 1,041, residents 32,381)",
        "2018-11.rev-1: digest, workbook (arrivals 1,040, residents 32,381)",
      ])
    #expect(
      hrefs(earlier) == [
        "2018-11.rev-2/", "2018-11.rev-2/digest.html", "2018-11.rev-2/nkreport-2018-11.xlsx",
        "2018-11.rev-1/", "2018-11.rev-1/digest.html", "2018-11.rev-1/nkreport-2018-11.xlsx",
      ])
  }

  @Test func aForeignFolderAndAFileAreListedAsNotReports() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    try publish("2018-11", into: reports)
    try FileManager.default.createDirectory(
      at: reports.appendingPathComponent("old <drafts>"), withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      at: reports.appendingPathComponent("2018-11.rev-x"), withIntermediateDirectories: true)
    try Data("x".utf8).write(to: reports.appendingPathComponent("notes.txt"))
    try publish("2018-12", into: reports)
    let html = try page(reports)
    #expect(html.all(class: "report").count == 2)
    let others = try #require(html.all(class: "others").first)
    #expect(
      others.all("li").map(\.text) == [
        "2018-11.rev-x/ (a folder)", "notes.txt (a file)", "old <drafts>/ (a folder)",
      ])
    #expect(hrefs(others) == ["2018-11.rev-x/", "old%20%3Cdrafts%3E/"])
  }

  @Test(
    arguments: [
      ("{ not json", "its run.json is not a JSON object"),
      ("[1, 2]", "its run.json is not a JSON object"),
      ("{\"figures\": {}}", "its run.json names no report period"),
      ("{\"period\": \"2018-10\"}", "its run.json describes the report for 2018-10, not 2018-11"),
      (nil, "it has no run.json"),
    ] as [(String?, String)])
  func aBrokenRunJSONIsListedAsSuchAndFailsNothing(_ text: String?, _ reason: String) throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    try publish("2018-11", into: reports)
    let manifest = reports.appendingPathComponent("2018-11/run.json")
    if let text {
      try Data(text.utf8).write(to: manifest)
    } else {
      try FileManager.default.removeItem(at: manifest)
    }
    // Another report publishes, and rewrites the index, whatever 2018-11 holds.
    #expect(throws: Never.self) { try publish("2018-12", into: reports) }
    let sections = try page(reports).all(class: "report")
    #expect(sections.map { $0.attributes["id"] ?? "" } == ["report-2018-12", "report-2018-11"])
    #expect(
      sections.last?.all(class: "problem").first?.text
        == "Folder 2018-11 is not listed as a report: \(reason).")
  }

  @Test func aFigureNotComputableIsNotAZero() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    var figures = Self.sampleFigures
    figures[1] = ReportFigure(.arrivalsYTD, .notComputable(reason: .noAidLedger))
    figures[5] = ReportFigure(.residents, .notComputable(reason: .notSummarised))
    try publish("2018-11", figures: figures, into: reports)
    // The reasons are the report's warnings (FakeReport has none: add them as run.json would).
    let manifest = reports.appendingPathComponent("2018-11/run.json")
    var json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
    json["warnings"] = (1...7).map { ["kind": "not_computable", "message": "Reason <\($0)>."] }
    try JSONSerialization.data(withJSONObject: json).write(to: manifest)
    try ReportIndex.rewrite(reportsDirectory: reports)
    let html = try page(reports)
    let values = html.all("dd").map(\.text)
    #expect(values[0] == "n/a not computable (see the warnings)")
    #expect(values[1] == "n/a not computable (see the warnings)")
    #expect(
      html.all(class: "warnings").first?.all("li").map(\.text)
        == (1...5).map { "Reason <\($0)>." } + ["and 2 more (see the digest)"])
  }

  @Test func theDeliveryRecordIsShownAndSendRewritesTheIndex() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    try publish("2018-11", into: reports)
    try Data(
      """
      {"delivered": true, "attempts": [{"time": "2026-12-02T17:00:00Z", "sendmail_exit": 0}]}
      """.utf8
    ).write(to: reports.appendingPathComponent("2018-11/delivery.json"))
    try ReportIndex.rewrite(reportsDirectory: reports)
    #expect(try page(reports).all(class: "notes").first?.text == "Digest mailed on 2026-12-02.")
  }

  @Test func identicalFoldersGiveAByteIdenticalPageAndNoTemporaryFileIsLeft() throws {
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    try publish("2018-11", into: reports)
    try publish("2018-10", into: reports)
    let index = reports.appendingPathComponent("index.html")
    let first = try Data(contentsOf: index)
    try ReportIndex.rewrite(reportsDirectory: reports)
    try publish("2018-11", into: reports)  // unchanged: the index is still rewritten
    #expect(try Data(contentsOf: index) == first)
    #expect(listing(reports) == [".nkreport.lock", "2018-10", "2018-11", "index.html"])
  }

  @Test func onlyPeriodFoldersAndTheirRevisionsAreReports() throws {
    #expect(ReportListing.reportFolderName("index.html") == nil)
    #expect(ReportListing.reportFolderName("2018-11")! == ("2018-11", nil))
    #expect(ReportListing.reportFolderName("2018-11.rev-12")! == ("2018-11", 12))
    for name in ["2018-13", "2018-1", "2018-11.rev-0", "2018-11.rev-01", "2018-11.rev-", "18-11"] {
      #expect(ReportListing.reportFolderName(name) == nil, "\(name)")
    }
  }
}
