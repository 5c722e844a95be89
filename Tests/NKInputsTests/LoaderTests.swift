import Foundation
import NKPeriods
import Testing

@testable import NKInputs

@Suite("Loading inputs")
struct LoaderTests {
  @Test func sampleInputsLoadClean() throws {
    let (dataset, records) = try loadWithRecords(sampleInputs)
    #expect(try InputLoader(directory: sampleInputs).load().files == dataset.files)
    #expect(dataset.problems.map(\.description) == [])
    let rows = Dictionary(uniqueKeysWithValues: dataset.files.map { ($0.name, $0) })
    #expect(dataset.files.map(\.name) == InputLoader.fileNames)
    #expect(rows["arrivals.csv"]?.rowsAccepted == 31)
    #expect(rows["departures.csv"]?.rowsRead == 0)
    #expect(rows["departures.csv"]?.isPresent == true)
    #expect(rows["checkpoints.csv"]?.rowsAccepted == 6)
    #expect(rows["aid.csv"]?.rowsAccepted == 29)
    #expect(rows["fx.csv"]?.rowsAccepted == 24)
    for file in dataset.files {
      #expect(file.rowsRejected == 0)
      #expect(file.sha256.count == 64)
    }
    #expect(dataset.arrivals.count == 31)
    #expect(dataset.checkpoints.count == 6)
    #expect(records.count == 29)
    let firstHalf2018 = dataset.arrivals.first { $0.period.description == "2018-01..2018-06" }
    #expect(firstHalf2018?.male == nil)
    #expect(firstHalf2018?.female == 430)
    #expect(firstHalf2018?.total == 488)

    var krw = Decimal(0)
    var count2018 = 0
    for record in records where record.authorised.year == 2018 {
      krw += record.amount
      count2018 += 1
    }
    #expect(krw == Decimal(4_700_000_000))
    #expect(count2018 == 14)
    #expect(
      dataset.exchangeRates.rate("USD", in: YearMonth(year: 2019, month: 6)!)?.isFallBack == true)
  }

  @Test func fileSummaryMatchesTheBytes() throws {
    let text = "period,male,female\n2018,1,2\n"
    let dataset = try load(["arrivals.csv": text])
    let arrivals = try #require(dataset.files.first)
    #expect(arrivals.bytes == text.utf8.count)
    // sha256 of "period,male,female\n2018,1,2\n"
    #expect(arrivals.sha256.count == 64)
    #expect(dataset.files.dropFirst().allSatisfy { !$0.isPresent && $0.rowsRead == 0 })
  }

  @Test func departuresOfDifferentReasonsMayShareAPeriod() throws {
    let folder = try inputsFolder(text: [
      "arrivals.csv": minimalArrivals,
      "departures.csv": "period,count,reason\n2018,20,death\n2018,10,emigration\n2018,4,death\n",
    ])
    let dataset = try InputLoader(directory: folder).load()
    #expect(dataset.departures.map(\.count) == [20, 10])
    #expect(
      dataset.problems.map(\.description) == [
        "departures.csv:4: period: repeats the period of line 2 (2018) (\"2018\")"
      ])
  }

  @Test func missingFolderAndFile() throws {
    let nowhere = URL(fileURLWithPath: "/nonexistent/\(UUID().uuidString)")
    #expect(throws: InputError.missingInputsFolder(path: nowhere.path)) {
      try InputLoader(directory: nowhere).load()
    }
    let folder = try inputsFolder(text: ["departures.csv": "period,count\n"])
    let path = folder.appendingPathComponent("arrivals.csv").path
    #expect(throws: InputError.missingRequiredFile(path: path)) {
      try InputLoader(directory: folder).load()
    }
  }

  @Test func folderNamedLikeAnInputIsRefused() throws {
    let folder = try inputsFolder(text: ["arrivals.csv": minimalArrivals])
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("aid.csv"), withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("aid.csv").path
    #expect(throws: InputError.notRegularFile(path: path, kind: "a folder")) {
      try InputLoader(directory: folder).load()
    }
  }

  @Test func physicalLinesAfterMultiLineQuotedField() throws {
    let text =
      "period,male,female,note\n2016,1,2,\"first\nsecond\r\nthird\"\n\n2017,1,2,x\n2018,1,\n"
    let dataset = try load(["arrivals.csv": text])
    #expect(dataset.arrivals.map(\.line) == [2, 6])
    #expect(dataset.arrivals.first?.note == "first\nsecond\r\nthird")
    #expect(
      dataset.problems.map(\.description) == [
        "arrivals.csv:7: row has 3 cells, the header has 4"
      ])
  }

  @Test func byteOrderMarkCRLFAndBlankLines() throws {
    let bytes: [UInt8] =
      [0xEF, 0xBB, 0xBF]
      + Array("period,male,female\r\n\r\n2018,1,2\r\n   \r\n2019,3,4\r\n\r\n".utf8)
    let dataset = try InputLoader(directory: inputsFolder(["arrivals.csv": bytes])).load()
    #expect(dataset.problems.isEmpty)
    #expect(dataset.arrivals.map(\.line) == [3, 5])
    #expect(dataset.arrivals.map(\.total) == [3, 7])
    #expect(dataset.files[0].rowsRead == 2)
  }

  @Test func quotedCommasAndQuotes() throws {
    let text = "note,period,female,male\n\"a, \"\"b\"\"\",2018,  2 ,1\n"
    let dataset = try load(["arrivals.csv": text])
    #expect(dataset.problems.isEmpty)
    #expect(dataset.arrivals.first?.note == "a, \"b\"")
    #expect(dataset.arrivals.first?.female == 2)
  }

  @Test func lastRowWithoutLineEnd() throws {
    let dataset = try load(["arrivals.csv": "period,male,female\n2018,1,2"])
    #expect(dataset.arrivals.count == 1)
  }

  @Test func allProblemsAtOnceSortedByFileThenLine() throws {
    let dataset = try load([
      "fx.csv": "month,currency,krw_per_unit\n2018-01,USD,0\n",
      "arrivals.csv": "period,male,female\n2018,x,2\n2019,1,-2\n",
      "checkpoints.csv": "date,residents,source\n2018-11-29,5,MOU\n",
    ])
    #expect(
      dataset.problems.map(\.description) == [
        "arrivals.csv:2: male: must be a whole number written with digits only (\"x\")",
        "arrivals.csv:3: female: must not be negative (\"-2\")",
        "checkpoints.csv:2: date: must be the last day of a month (2018-11-30) (\"2018-11-29\")",
        "fx.csv:2: krw_per_unit: must be greater than 0 (\"0\")",
      ])
    #expect(dataset.files[0].rowsRead == 2)
    #expect(dataset.files[0].rowsAccepted == 0)
  }

  @Test func laminarRowsAreAccepted() throws {
    // The sample's shape: part-year rows inside annual rows, open start, nested part-year.
    let text = """
      period,male,female,total
      ..1998,831,116,947
      1999..2001,565,478,1043
      2018,168,969,1137
      2018-01..2018-11,,,1042
      2018-12,,,95
      2018-01..2018-06,,430,488
      2018-03,,,80

      """
    let dataset = try load(["arrivals.csv": text])
    #expect(dataset.problems.isEmpty)
    #expect(dataset.arrivals.count == 7)
  }

  @Test func rejectedParentLeavesConsistentRows() throws {
    // 2018 disagrees with its two halves: 2018 is rejected, the halves stay and must then agree
    // with the span around them (..2019), which they do.
    let text =
      "period,male,female,total\n..2019,,,200\n2018,,,100\n2018-01..2018-06,,,40\n2018-07..2018-12,,,50\n"
    let dataset = try load(["arrivals.csv": text])
    #expect(dataset.arrivals.map(\.line) == [2, 4, 5])
    #expect(dataset.problems.map(\.line) == [3])
    #expect(dataset.files[0].rowsRejected == 1)
  }

  @Test func problemListingCapsPerFile() {
    let problems =
      (1...5).map {
        InputProblem(file: "aid.csv", line: $0, column: "id", value: "", reason: "is blank")
      }
      + [
        InputProblem(
          file: "fx.csv", line: 2, column: "", value: "",
          reason: "row has 1 cells, the header has 3")
      ]
    #expect(
      problemListing(problems, capPerFile: 2) == [
        "aid.csv:1: id: is blank", "aid.csv:2: id: is blank", "aid.csv: and 3 more problems",
        "fx.csv:2: row has 1 cells, the header has 3",
      ])
  }

  @Test func strayCSVFileIsWarned() throws {
    let dataset = try load(["arrivals.csv": minimalArrivals, "arrival.csv": "x\n"])
    #expect(dataset.warnings.count == 1)
    #expect(dataset.warnings.first?.message.hasPrefix("arrival.csv in the inputs folder") == true)
  }

  @Test func problemsKeptAreCapped() throws {
    let rows = String(repeating: "2018,x,1\n", count: 20)
    let dataset = try load(
      ["arrivals.csv": "period,male,female\n" + rows],
      limits: InputLimits(maxProblemsKeptPerFile: 5))
    #expect(dataset.problems.count == 6)
    #expect(
      dataset.problems.last?.description
        == "arrivals.csv: and 15 further problems not kept (limit 5 per file)")
    #expect(dataset.files[0].rowsRejected == 20)
  }
}

@Suite("Aid ledger")
struct AidLedgerTests {
  private func aidFolder() throws -> URL {
    var text = aidHeader
    for index in 0..<50 {
      text += "ID\(index),2018-01-05,Group,civic,flour,\(index).5,KRW,delivered,2018-02-01\n"
    }
    text += "BAD,2018-01-05,Group,civic,flour,x,KRW,delivered,2018-02-01\n"
    text += "ID3,2018-01-05,Group,civic,flour,1,KRW,delivered,2018-02-01\n"
    return try inputsFolder(text: ["arrivals.csv": minimalArrivals, "aid.csv": text])
  }

  @Test func theLedgerIsReadOnceYieldingTheAcceptedRecordsInFileOrder() throws {
    let (dataset, records) = try loadWithRecords(aidFolder())
    #expect(records.count == 50)
    #expect(dataset.files[3].rowsRead == 52)
    #expect(dataset.files[3].rowsAccepted == 50)
    #expect(dataset.files[3].rowsRejected == 2)
    #expect(dataset.problems.count == 2)
    #expect(records[3].amount == Decimal(string: "3.5"))
    #expect(records.map(\.line) == Array(2...51))
    // Opened, the dataset knows the file is there but not yet its rows or problems.
    let opened = try InputLoader(directory: aidFolder()).open()
    #expect(opened.files[3].isPresent && opened.files[3].rowsRead == 0)
    #expect(opened.problems.isEmpty)
  }

  @Test func theLedgerReadIsTheFileOpenedWithTheInputsAndOnlyOnce() throws {
    let folder = try aidFolder()
    let opened = try InputLoader(directory: folder).open()
    // Replaced after the inputs were opened: the report still reads the file it opened.
    let path = folder.appendingPathComponent("aid.csv")
    try FileManager.default.removeItem(at: path)
    try Data((aidHeader + "OTHER,2018-01-05,G,civic,flour,1,KRW,authorised,\n").utf8).write(
      to: path)
    var ids: [String] = []
    let reading = try #require(try opened.aid.read { ids.append($0.id) })
    #expect(ids.count == 50)
    #expect(!ids.contains("OTHER"))
    #expect(reading.summary.rowsRead == 52)
    // A second read is refused: nothing can count the ledger twice.
    #expect(throws: InputError.self) { try opened.aid.read { _ in } }
  }

  @Test func errorsFromTheBodyPassThrough() throws {
    struct Stop: Error {}
    let dataset = try InputLoader(directory: aidFolder()).open()
    #expect(throws: Stop.self) {
      try dataset.aid.read { _ in throw Stop() }
    }
  }
}
