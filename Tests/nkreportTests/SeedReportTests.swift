import Foundation
import Testing
import ZIPFoundation

/// The seed report, end to end: `nkreport run --period 2018-11` on the sample inputs must give
/// the figures of the AsiaNews article in every output.
@Suite("The seed report from the sample inputs", .serialized)
final class SeedReportTests {
  let scratch: Scratch
  let run: NKReport.Result
  var folder: String { "Reports/2018-11" }

  init() throws {
    scratch = try Scratch()
    run = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-11", "--mail-from", "reports@example.org", "--mail-to", "desk@example.org",
      "--mail-to", "editor@example.org",
    ])
  }

  @Test func publishesEveryFileOfTheContract() throws {
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("published"))
    #expect(
      scratch.listing(folder) == [
        "SHA256SUMS", "aid-by-category.csv", "aid-by-year.csv", "aid-records.csv",
        "aid-records.digest", "arrivals-by-year.csv", "arrivals-detail.csv", "checks.csv",
        "digest.eml", "digest.html", "digest.txt", "nkreport-2018-11.xlsx", "revisions.csv",
        "run.json", "summary.csv",
      ])
    #expect(scratch.listing("Reports").filter { !$0.hasPrefix(".") } == ["2018-11", "index.html"])
  }

  @Test func summaryCSVHasTheSeedFigures() throws {
    let figures = summaryFigures(try scratch.read("\(folder)/summary.csv"))
    #expect(figures["period"] == "2018-11")
    #expect(figures["arrivals_ytd"] == "1042")
    #expect(figures["arrivals_ytd_prev"] == "1045")
    #expect(figures["arrivals_change"] == "-3")
    #expect(figures["arrivals_change_pct"] == "-0.0029")
    #expect(figures["residents"] == "32381")
    #expect(figures["aid_authorised"] == "14")
    #expect(figures["aid_delivered_value_krw"] == "4700000000")
    #expect(figures["aid_delivered_providers"] == "6")
    #expect(figures["aid_pending"] == "2")
    #expect(figures["aid_pending_value_usd"] == "8000000.00")
    let usd = try #require(Double(figures["aid_delivered_value_usd"] ?? ""))
    #expect((4_150_000...4_250_000).contains(usd))
  }

  @Test func digestReadsLikeTheSeed() throws {
    let text = try scratch.read("\(folder)/digest.txt")
    for phrase in [
      "January", "November 2018", "1,042", "1,045", "32,381", "14", "4.7 billion won", "US$ 8",
    ] {
      #expect(text.contains(phrase), "digest.txt lacks \(phrase)")
    }
    let html = try scratch.read("\(folder)/digest.html")
    #expect(html.contains("1,042"))
    #expect(!html.lowercased().contains("<script"))
  }

  @Test func mailMessageIsCompleteWithTheWorkbookAttached() throws {
    let eml = try scratch.read("\(folder)/digest.eml")
    #expect(eml.hasPrefix("") && eml.contains("\r\n"))
    let headers = eml.components(separatedBy: "\r\n\r\n").first ?? ""
    for header in [
      "From: reports@example.org", "To: desk@example.org, editor@example.org", "Subject:", "Date:",
      "Message-ID:", "MIME-Version: 1.0", "multipart/mixed",
    ] {
      #expect(headers.contains(header), "missing \(header)")
    }
    #expect(eml.contains("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    #expect(eml.contains("nkreport-2018-11.xlsx"))
    // The attachment decodes back to the published workbook.
    let workbook = try Data(
      contentsOf: scratch.url.appendingPathComponent("\(folder)/nkreport-2018-11.xlsx"))
    let parts = eml.components(separatedBy: "filename=\"nkreport-2018-11.xlsx\"")
    let afterHeaders = try #require(
      parts.last?.components(separatedBy: "\r\n\r\n").dropFirst().first)
    let base64 = afterHeaders.components(separatedBy: "\r\n--").first ?? ""
    #expect(base64.split(separator: "\r\n").allSatisfy { $0.count <= 76 })
    let decoded = Data(base64Encoded: base64.replacingOccurrences(of: "\r\n", with: ""))
    #expect(decoded == workbook)
  }

  @Test func workbookHasTheSheetsAndNumericFigures() throws {
    let reader = try WorkbookReader(
      url: scratch.url.appendingPathComponent("\(folder)/nkreport-2018-11.xlsx"))
    #expect(
      reader.sheetNames == [
        "Summary", "Arrivals by year", "Arrivals detail", "Aid by year", "Aid records", "Checks",
        "Revisions",
      ])
    let summary = try reader.cells("Summary")
    for figure in ["1042", "1045", "32381", "14", "4700000000", "-3"] {
      let cell = summary.values.first { $0.isNumber && $0.value == figure }
      #expect(cell != nil, "Summary has no numeric cell \(figure)")
      if let cell {
        #expect(
          try reader.numberFormat(ofStyle: cell.style) != "General",
          "\(figure) has no number format")
      }
    }
    #expect(!summary.values.contains { !$0.isNumber && $0.value == "1042" }, "1042 written as text")
    let byYear = try reader.cells("Arrivals by year")
    #expect(byYear.values.contains { $0.isNumber && $0.value == "947" })
    #expect(try reader.sheetXML("Arrivals by year").contains("state=\"frozen\""))
  }

  @Test func checksReconcileEveryPublishedResidentTotal() throws {
    let checks = try scratch.read("\(folder)/checks.csv")
    #expect(checks.hasPrefix("check,expected,computed,difference,status,anchor\n"))
    #expect(checks.contains("32381,32381,0,ok"))
    #expect(!checks.contains("mismatch"))
  }

  @Test func checksumsVerifyWithSha256sum() throws {
    let check = Process()
    check.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    check.arguments = ["-c", "--quiet", "SHA256SUMS"]
    check.currentDirectoryURL = scratch.url.appendingPathComponent(folder)
    try check.run()
    check.waitUntilExit()
    #expect(check.terminationStatus == 0)
  }

  @Test func aRerunChangesNothingAndSaysSo() throws {
    let before = try Data(
      contentsOf: scratch.url.appendingPathComponent("\(folder)/nkreport-2018-11.xlsx"))
    let again = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-11", "--mail-from", "reports@example.org", "--mail-to", "desk@example.org",
      "--mail-to", "editor@example.org",
    ])
    #expect(again.status == 0)
    #expect(again.stdout.contains("up to date"))
    let after = try Data(
      contentsOf: scratch.url.appendingPathComponent("\(folder)/nkreport-2018-11.xlsx"))
    #expect(before == after)
  }
}
