import Foundation
import HTMLReadBack
import Testing

/// The sample's digest and `Reports/index.html` as a reader's browser shows them: headless
/// Chromium parses each page (its DOM, read back here, must hold every report, figure and
/// link) and screenshots it at a phone's width and a desktop's. `make test` installs Chromium
/// and sets NKREPORT_REQUIRE_BROWSER=1, so there the test cannot be skipped.
@Suite("The digest and the reports index in a browser", .enabled(if: Browser.isAvailable))
struct BrowserTests {
  static let reportURL = "https://reports.example.org/nk/"

  /// Publishes the sample for September to November 2018 with `report_url` set, November
  /// twice (first without it), so the folder holds three reports and one revision.
  static func publishSample(into scratch: Scratch) throws -> URL {
    try scratch.write("", to: "plain.toml")
    try scratch.write("[mail]\nreport_url = \"\(reportURL)\"\n", to: "nkreport.toml")
    let runs =
      [("plain.toml", "2018-11")] + ["2018-09", "2018-10", "2018-11"].map { ("nkreport.toml", $0) }
    for (config, period) in runs {
      let result = try NKReport.run([
        "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
        "--config", scratch.path(config), "--period", period,
      ])
      try #require(result.status == 0, "\(result.stderr)")
    }
    return scratch.url.appendingPathComponent("Reports")
  }

  @Test func theIndexListsEveryReportFigureAndLink() throws {
    let scratch = try Scratch()
    let reports = try Self.publishSample(into: scratch)
    let page = try Browser.dom(of: reports.appendingPathComponent("index.html"), scratch: scratch)
    let sections = page.all(class: "report")
    #expect(
      sections.map { $0.attributes["id"] ?? "" } == [
        "report-2018-11", "report-2018-10", "report-2018-09",
      ])
    #expect(
      sections.map { $0.all("h2").first?.text ?? "" } == [
        "November 2018 revised", "October 2018", "September 2018",
      ])
    let november = sections[0].all("dd").map(\.text)
    #expect(
      november == [
        "1,042 -3 (-0.3%) on January–November 2017 (1,045)", "32,381",
        "US$ 4.2 million 4.7 billion won, by 6 providers",
      ])
    // The revision set report_url: the digest changed, no figure did.
    #expect(
      sections[0].all(class: "changes").first?.text
        == "Changed in this version: no figure, only digest.eml, digest.html, digest.txt.")
    // October's arrivals cannot be computed from the sample: n/a with the reason, never 0.
    let october = sections[1]
    #expect(october.all("dd").first?.text == "n/a not computable (see the warnings)")
    #expect(
      october.all(class: "warnings").first?.text.contains(
        "are not computable: arrivals.csv line 24") == true)
    // Every link opens a file that is there; each report links its digest, workbook and CSVs.
    let links = page.all("a").compactMap { $0.attributes["href"] }
    #expect(links.count == 3 * 10 + 3)
    for link in links {
      #expect(
        FileManager.default.fileExists(
          atPath: reports.appendingPathComponent(link.removingPercentEncoding!).path), "\(link)")
    }
    for period in ["2018-09", "2018-10", "2018-11"] {
      #expect(links.contains("\(period)/digest.html"))
      #expect(links.contains("\(period)/nkreport-\(period).xlsx"))
      #expect(links.contains("\(period)/summary.csv"))
    }
    #expect(links.contains("2018-11.rev-1/"))
    #expect(page.all("script").isEmpty)
  }

  @Test func theDigestChartsTheWholeHistoryAndLinksTheIndex() throws {
    let scratch = try Scratch()
    let reports = try Self.publishSample(into: scratch)
    let page = try Browser.dom(
      of: reports.appendingPathComponent("2018-11/digest.html"), scratch: scratch)
    let table = try #require(
      page.all("table").first { $0.attributes["style"]?.contains("margin:0 0 6px 0") == true })
    // The chart's own rows (the browser put them in a <tbody>), not those of the bars inside.
    let rows = table.children.flatMap { node -> [HTMLElement] in
      guard case .element(let body) = node, body.name == "tbody" else { return [] }
      return body.children.compactMap { row in
        if case .element(let element) = row, element.name == "tr" { return element }
        return nil
      }
    }
    let labels = rows.compactMap { $0.all("td").first?.text }
    #expect(
      labels == ["to 1998", "1999-2001 3 years"] + (2002...2017).map(String.init) + ["2018 Jan-Nov"]
    )
    #expect(rows.last.map { $0.all("td").last?.text } == "1,042")
    let links = page.all("a").compactMap { $0.attributes["href"] }
    #expect(links == [Self.reportURL + "index.html"])
  }

  @Test(arguments: [("index.html", "index"), ("2018-11/digest.html", "digest")])
  func pagesRenderAtPhoneAndDesktopWidths(_ page: String, _ name: String) throws {
    let scratch = try Scratch()
    let reports = try Self.publishSample(into: scratch)
    for (width, height) in [(390, 1400), (1280, 1000)] {
      let png = scratch.url.appendingPathComponent("\(name)-\(width).png")
      try Browser.screenshot(
        reports.appendingPathComponent(page), to: png, width: width, height: height,
        scratch: scratch)
      let data = try Data(contentsOf: png)
      // A PNG of exactly the window's size (IHDR width and height, big-endian).
      #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
      #expect(Browser.pngSize(data).map { [$0.0, $0.1] } == [width, height])
      #expect(data.count > 10_000, "\(png.lastPathComponent) is nearly empty")
    }
  }

  @Test func theIndexPrints() throws {
    let scratch = try Scratch()
    let reports = try Self.publishSample(into: scratch)
    let pdf = scratch.url.appendingPathComponent("index.pdf")
    _ = try Browser.run(
      [
        "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
        reports.appendingPathComponent("index.html").absoluteString,
      ],
      scratch: scratch)
    let data = try Data(contentsOf: pdf)
    #expect(data.prefix(5) == Data("%PDF-".utf8))
    #expect(data.count > 5_000, "the printed index is nearly empty")
  }
}

/// Headless Chromium, found on PATH.
enum Browser {
  static let executable: URL? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      for name in ["chromium", "chromium-browser", "google-chrome"] {
        let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      }
    }
    return nil
  }()

  static var isAvailable: Bool {
    executable != nil || ProcessInfo.processInfo.environment["NKREPORT_REQUIRE_BROWSER"] == "1"
  }

  static func run(_ arguments: [String], scratch: Scratch) throws -> Data {
    let browser = try #require(executable, "NKREPORT_REQUIRE_BROWSER=1 but no chromium on PATH")
    let process = Process()
    process.executableURL = browser
    process.arguments =
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--force-device-scale-factor=1", "--user-data-dir=\(scratch.path("chromium-profile"))",
      ] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "chromium exited \(process.terminationStatus)")
    return data
  }

  /// The page as the browser parsed it (its serialised DOM).
  static func dom(of page: URL, scratch: Scratch) throws -> HTMLElement {
    let data = try run(["--dump-dom", page.absoluteString], scratch: scratch)
    return HTMLDocument.parse(String(decoding: data, as: UTF8.self))
  }

  static func screenshot(_ page: URL, to png: URL, width: Int, height: Int, scratch: Scratch)
    throws
  {
    _ = try run(
      ["--window-size=\(width),\(height)", "--screenshot=\(png.path)", page.absoluteString],
      scratch: scratch)
  }

  /// Width and height from a PNG's IHDR chunk.
  static func pngSize(_ data: Data) -> (Int, Int)? {
    guard data.count >= 24 else { return nil }
    let bytes = [UInt8](data.prefix(24))
    func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (word(16), word(20))
  }
}
