import Foundation
import Testing

/// The sample's 2018-11 report, compared byte for byte with the files committed under
/// `Golden/2018-11`. An intended change regenerates them in the same commit:
/// `NKREPORT_UPDATE_GOLDEN=1 swift test --filter GoldenTests`, then review the diff.
@Suite("Golden files of the 2018-11 sample report")
struct GoldenTests {
  static let files = [
    "summary.csv", "arrivals-by-year.csv", "arrivals-detail.csv", "aid-by-year.csv",
    "aid-by-category.csv", "aid-records.csv", "checks.csv", "digest.txt", "digest.html",
  ]

  @Test func theSampleReportMatchesTheGoldenFiles() throws {
    let scratch = try Scratch()
    let result = try NKReport.run([
      "run", "--inputs", NKReport.sampleInputs.path, "--reports", scratch.path("Reports"),
      "--period", "2018-11",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let golden = NKReport.goldenDirectory.appendingPathComponent("2018-11")
    let update = ProcessInfo.processInfo.environment["NKREPORT_UPDATE_GOLDEN"] == "1"
    if update {
      try FileManager.default.createDirectory(at: golden, withIntermediateDirectories: true)
    }
    for file in Self.files {
      let produced = try Data(
        contentsOf: scratch.url.appendingPathComponent("Reports/2018-11/\(file)"))
      let expectedURL = golden.appendingPathComponent(file)
      if update { try produced.write(to: expectedURL) }
      let expected = try Data(contentsOf: expectedURL)
      #expect(produced == expected, "\(file) differs from Golden/2018-11/\(file)")
    }
  }
}
