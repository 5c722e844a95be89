import Foundation
import NKInputs
import NKPeriods
import NKSummary
import Testing

@testable import NKRender

let defaultOptions = RenderOptions(
  mailFrom: "nkreport@example.org",
  mailTo: ["analysts@example.org", "Desk Editor <desk@example.net>"],
  toolVersion: "1.0.0")

/// Writes a small stand-in workbook (any bytes will do for the attachment code).
func makeWorkbook(in directory: URL, size: Int = 10_001) throws -> URL {
  var generator: UInt64 = 0x9E37_79B9_7F4A_7C15
  var bytes = [UInt8]()
  bytes.reserveCapacity(size)
  for _ in 0..<size {
    generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    bytes.append(UInt8(truncatingIfNeeded: generator >> 56))
  }
  let url = directory.appendingPathComponent("workbook.bin")
  try Data(bytes).write(to: url)
  return url
}

/// The digest files, read back into memory (the temporary directory is removed).
struct RenderedDigest {
  var files: [String: Data]
}

func readText(_ rendered: RenderedDigest, _ name: String) throws -> String {
  String(decoding: try #require(rendered.files[name]), as: UTF8.self)
}

func renderDigest(_ model: ReportModel, options: RenderOptions = defaultOptions) throws
  -> RenderedDigest
{
  let directory = try temporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  let workbook = try makeWorkbook(in: directory)
  let output = directory.appendingPathComponent("out")
  let names = try writeDigest(model, options: options, workbook: workbook, into: output)
  #expect(names == ["digest.txt", "digest.html", "digest.eml"])
  var files: [String: Data] = [:]
  for name in names { files[name] = try Data(contentsOf: output.appendingPathComponent(name)) }
  return RenderedDigest(files: files)
}

@Suite("Digest text and HTML")
struct DigestTests {
  @Test func paragraphInTheSeedsStyle() throws {
    let text = try readText(try renderDigest(Fixture.model()), "digest.txt")
    let flat = flattened(text)
    #expect(
      flat.contains(
        "Between January and November 2018, 1,042 North Koreans arrived in South Korea, 3 fewer (-0.3%) than in the same period of 2017 (1,045)."
      ))
    #expect(flat.contains("32,381 were living in the South at the end of November 2018."))
    #expect(
      flat.contains(
        "Seoul authorised 14 aid shipments; 6 civic groups delivered aid worth 4.7 billion won (US$ 4.2 million): tuberculosis drugs, milk powder and flour."
      ))
    #expect(
      flat.contains(
        "2 shipments worth US$ 8.0 million authorised in 2017 for international organisations are still pending."
      ))
    #expect(text.hasPrefix("North Korean arrivals and aid, January–November 2018\n"))
    #expect(
      flat.contains(
        "Sources: arrivals.csv (40 rows), aid.csv (4 rows, 1 rejected). Data through November 2018."
      ))
    #expect(flat.contains("nkreport 1.0.0"))
    #expect(lines(text).allSatisfy { $0.count <= 72 })
    // A count never ends a line with its noun on the next one.
    for line in lines(text).dropFirst() where !line.contains("  ") {  // skip title and table
      let last = line.split(separator: " ").last ?? ""
      #expect(
        !(last.allSatisfy { $0.isNumber || $0 == "," } && !last.isEmpty) && last != "US$", "\(line)"
      )
    }
    #expect(!text.contains("\r"))
  }

  @Test func headlineTable() throws {
    let text = try readText(try renderDigest(Fixture.model()), "digest.txt")
    let table = lines(text)
    let header = try #require(table.first { $0.contains("Jan–Nov 2018") })
    #expect(header.contains("Jan–Nov 2017") && header.contains("Change"))
    let arrivals = try #require(table.first { $0.hasPrefix("Arrivals ") })
    #expect(
      arrivals.split(separator: " ", omittingEmptySubsequences: true) == [
        "Arrivals", "1,042", "1,045", "-3", "(-0.3%)",
      ])
    // Figures are right-aligned under their column heading.
    #expect(
      arrivals.range(of: "1,042")!.upperBound.utf16Offset(in: arrivals)
        == header.range(of: "Jan–Nov 2018")!.upperBound.utf16Offset(in: header))
    #expect(table.contains { $0.hasPrefix("Aid delivered, KRW") && $0.hasSuffix("4,700,000,000") })
    #expect(table.contains { $0.hasPrefix("Aid delivered, USD") && $0.hasSuffix("4,179,635") })
    #expect(table.contains { $0.hasPrefix("Residents, end of Nov 2018") && $0.hasSuffix("32,381") })
  }

  @Test func warningsComeFirst() throws {
    let text = try readText(
      try renderDigest(Fixture.model(rejects: [Fixture.reject])), "digest.txt")
    let flat = flattened(text)
    let rejected = try #require(flat.range(of: "WARNING: 1 input row was rejected"))
    let mismatch = try #require(flat.range(of: "WARNING: Residents at 2018-10-31"))
    let paragraph = try #require(flat.range(of: "Between January and November 2018"))
    #expect(
      rejected.lowerBound < paragraph.lowerBound && mismatch.lowerBound < paragraph.lowerBound)
    #expect(flat.contains("see rejects.csv"))
  }

  @Test func oneMonthWindow() throws {
    var headline = Fixture.headline
    headline.arrivalsYTD = .known(82)
    headline.arrivalsYTDPrevious = .known(82)
    headline.arrivalsChange = .known(0)
    headline.arrivalsChangeFraction = .known(0)
    let flat = flattened(
      try readText(
        try renderDigest(Fixture.model(period: "2018-01", headline: headline)), "digest.txt"))
    #expect(
      flat.contains(
        "In January 2018, 82 North Koreans arrived in South Korea, the same number as in the same month of 2017 (82)."
      ))
    #expect(flat.contains("at the end of January 2018"))
  }

  @Test func moreArrivalsAndSingulars() throws {
    var headline = Fixture.headline
    headline.arrivalsYTD = .known(1)
    headline.arrivalsYTDPrevious = .known(0)
    headline.arrivalsChange = .known(1)
    headline.arrivalsChangeFraction = .unavailable(reason: .earlierFigureIsZero)
    headline.residents = .known(1)
    headline.aidAuthorised = .known(1)
    headline.aidDeliveredProviders = .known(1)
    headline.aidDeliveredProviderTypes = ["international"]
    headline.aidPendingGroups = []
    headline.aidPending = .known(0)
    let flat = flattened(
      try readText(try renderDigest(Fixture.model(headline: headline)), "digest.txt"))
    #expect(
      flat.contains(
        "1 North Korean arrived in South Korea, 1 more than in the same period of 2017 (0)."))
    #expect(flat.contains("1 was living in the South"))
    #expect(
      flat.contains(
        "Seoul authorised 1 aid shipment; 1 international organisation delivered aid worth"))
    #expect(!flat.contains("still pending"))
  }

  @Test func unavailableComparisonIsSaidPlainlyWithoutANumber() throws {
    let reason = Reasons.noWindowRows
    var headline = Fixture.headline
    headline.arrivalsYTDPrevious = .unavailable(reason: reason)
    headline.arrivalsChange = .unavailable(reason: reason)
    headline.arrivalsChangeFraction = .unavailable(reason: reason)
    headline.aidDeliveredValueUSD = .unavailable(reason: Reasons.noUSDRate)
    let output = try renderDigest(Fixture.model(headline: headline))
    let text = try readText(output, "digest.txt")
    let flat = flattened(text)
    #expect(
      flat.contains(
        "1,042 North Koreans arrived in South Korea. The same months of 2017 cannot be compared: \(reason.message)."
      ))
    #expect(!flat.contains("1,045"))
    #expect(!flat.contains("fewer") && !flat.contains("more than"))
    #expect(flat.contains("delivered aid worth 4.7 billion won: tuberculosis drugs"))
    #expect(
      flat.contains("Its value in US dollars cannot be given: \(Reasons.noUSDRate.message)."))
    let arrivals = try #require(lines(text).first { $0.hasPrefix("Arrivals ") })
    #expect(
      arrivals.split(separator: " ", omittingEmptySubsequences: true) == [
        "Arrivals", "1,042", "n/a", "n/a",
      ])
    let html = try readText(output, "digest.html")
    #expect(html.contains("cannot be compared: \(reason.message)."))
    #expect(!html.contains("1,045"))
  }

  @Test func unavailableArrivalsAndResidents() throws {
    var headline = Fixture.headline
    let cut = UnavailableReason.rowCutsThrough(
      file: "arrivals.csv", line: 30, period: Reasons.months("2018-10", "2018-12"),
      window: Reasons.months("2018-01", "2018-11"))
    headline.arrivalsYTD = .unavailable(reason: cut)
    headline.arrivalsChange = .unavailable(reason: cut)
    headline.arrivalsChangeFraction = .unavailable(reason: .earlierFigureIsZero)
    headline.residents = .unavailable(reason: Reasons.arrivalsNotKnown)
    // The annual table agrees: the report's own year is not computable either.
    var model = Fixture.model(headline: headline)
    model.arrivalsByYear[4].total = headline.arrivalsYTD
    model.arrivalsByYear[4].male = headline.arrivalsYTD
    model.arrivalsByYear[4].female = headline.arrivalsYTD
    let flat = flattened(try readText(try renderDigest(model), "digest.txt"))
    #expect(
      flat.contains(
        "The number of North Koreans who arrived in South Korea between January and November 2018 cannot be given: \(cut.message)."
      ))
    #expect(flat.contains("In the same period of 2017, 1,045 North Koreans arrived."))
    #expect(
      flat.contains(
        "The number living in the South at the end of November 2018 cannot be given: \(Reasons.arrivalsNotKnown.message)."
      ))
    #expect(!flat.contains("1,042") && !flat.contains("32,381"))
  }

  @Test func htmlEscapesInputTextAndIsEmailSafe() throws {
    var headline = Fixture.headline
    headline.aidDeliveredCategories = ["<script>alert('x')</script>", "milk & powder"]
    let model = Fixture.model(
      headline: headline, warnings: [.inputs(InputWarning("Row <b>6</b> \"rejected\""))])
    let html = try readText(try renderDigest(model), "digest.html")
    #expect(!html.lowercased().contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
    #expect(html.contains("milk &amp; powder"))
    #expect(html.contains("Row &lt;b&gt;6&lt;/b&gt; &quot;rejected&quot;"))
    #expect(!html.contains("src=\"http"))
    #expect(!html.contains("<link") && !html.contains("<style") && !html.contains("@import"))
    #expect(!html.contains("url("))
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    let warning = try #require(html.range(of: "WARNING:"))
    let paragraph = try #require(html.range(of: "Between January and November 2018"))
    #expect(warning.lowerBound < paragraph.lowerBound)
  }

  @Test func htmlChartShowsStackedBarsAndNotComputableYears() throws {
    let html = try readText(try renderDigest(Fixture.model()), "digest.html")
    #expect(html.contains("Arrivals by year"))
    // ..1998: 831 men and 116 women out of a largest total of 1,127.
    #expect(html.contains("width:73.7%;height:10px;background-color:#2f6690"))
    #expect(html.contains("width:10.3%;height:10px;background-color:#d1495b"))
    let rows = DigestChartTests.chartRows(html)
    #expect(rows.map(\.label) == ["to 1998", "1999-2001 3 years", "2002", "2017", "2018 Jan-Nov"])
    // 2002 is not computable: a gap with its reason, no bar, never 0.
    let gap = rows[2]
    #expect(gap.value == "n/a")
    #expect(gap.bar == "not computable: \(Reasons.partial2002.message)")
    #expect(gap.barColours.isEmpty)
    // P's year is marked as part of the year, in the lighter shades.
    #expect(rows[4].barColours == [DigestHTML.partialMaleColour, DigestHTML.partialFemaleColour])
    #expect(rows[3].barColours == [DigestHTML.maleColour, DigestHTML.femaleColour])
  }
}

@Suite("Digest wording found in review")
struct DigestWordingReviewTests {
  @Test func millionsOfWonKeepATenthBelowAHundredMillion() {
    #expect(NumberText.won(2_350_000) == "2.4 million won")
    #expect(NumberText.won(520_000_000) == "520 million won")
    #expect(NumberText.won(4_700_000_000) == "4.7 billion won")
  }

  @Test func aSingleProviderTakesAnArticle() {
    #expect(
      Words.providerType("international", plural: false, withArticle: true)
        == "an international organisation")
    #expect(Words.providerType("civic", plural: false, withArticle: true) == "a civic group")
    #expect(Words.providerType("civic", plural: true, withArticle: true) == "civic groups")
  }
}
