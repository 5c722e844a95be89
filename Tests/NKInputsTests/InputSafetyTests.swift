import Foundation
import NKInputs
import NKPeriods
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Inputs that are not plain UTF-8 files in the folder: links, pipes, other encodings.
@Suite("Inputs read safely")
struct InputSafetyTests {
  private let aidText =
    aidHeader + aidRow + "A2,2018-03-01,Group,civic,rice,250,KRW,authorised,\n"

  @Test func symlinkedAidLedgerIsRead() throws {
    let folder = try inputsFolder(text: ["arrivals.csv": minimalArrivals])
    let elsewhere = try inputsFolder(text: ["ledger.csv": aidText])
    try FileManager.default.createSymbolicLink(
      at: folder.appendingPathComponent("aid.csv"),
      withDestinationURL: elsewhere.appendingPathComponent("ledger.csv"))
    let (dataset, records) = try loadWithRecords(folder)
    #expect(dataset.problems.isEmpty)
    #expect(records.map(\.id) == ["A1", "A2"])
  }

  /// Loads `folder` on another thread; `nil` when the load has not returned after 20 s.
  private func loadWithDeadline(_ folder: URL) -> Result<Dataset, InputError>? {
    final class Box: @unchecked Sendable { var result: Result<Dataset, InputError>? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      box.result = Result { () throws(InputError) in try InputLoader(directory: folder).load() }
      done.signal()
    }
    guard done.wait(timeout: .now() + 20) == .success else { return nil }
    return box.result
  }

  @Test(arguments: ["aid.csv", "arrivals.csv"])
  func namedPipeIsRefusedWithoutHanging(_ name: String) throws {
    let folder = try inputsFolder(
      text: name == "arrivals.csv" ? [:] : ["arrivals.csv": minimalArrivals])
    let path = folder.appendingPathComponent(name).path
    #expect(mkfifo(path, 0o644) == 0)
    let outcome = try #require(loadWithDeadline(folder), "reading a named pipe hung")
    #expect(throws: InputError.notRegularFile(path: path, kind: "a named pipe")) {
      try outcome.get()
    }
    #expect(
      InputError.notRegularFile(path: path, kind: "a named pipe").description
        == "cannot read \(path): it is a named pipe, not a regular file")
  }

  @Test func linkToNothingIsUnreadableNotAbsent() throws {
    let folder = try inputsFolder(text: ["arrivals.csv": minimalArrivals])
    let link = folder.appendingPathComponent("aid.csv")
    try FileManager.default.createSymbolicLink(
      at: link, withDestinationURL: folder.appendingPathComponent("moved-away.csv"))
    #expect(throws: InputError.unreadable(path: link.path, reason: "No such file or directory")) {
      try InputLoader(directory: folder).load()
    }
  }

  @Test func deviceIsRefused() throws {
    let folder = try inputsFolder(text: ["arrivals.csv": minimalArrivals])
    let link = folder.appendingPathComponent("fx.csv")
    try FileManager.default.createSymbolicLink(
      at: link, withDestinationURL: URL(fileURLWithPath: "/dev/zero"))
    #expect(throws: InputError.notRegularFile(path: link.path, kind: "a character device")) {
      try InputLoader(directory: folder).load()
    }
  }

  // MARK: - encodings

  /// 통일부 (Ministry of Unification) and 남북협력기금 (inter-Korean cooperation fund) in CP949.
  private let ministryInCP949: [UInt8] = [0xC5, 0xEB, 0xC0, 0xCF, 0xBA, 0xCE]
  private let fundInCP949: [UInt8] = [
    0xB3, 0xB2, 0xBA, 0xCF, 0xC7, 0xF9, 0xB7, 0xC2, 0xB1, 0xE2, 0xB1, 0xDD,
  ]

  private var cp949Ledger: [UInt8] {
    Array("id,authorised,provider,provider_type,category,description,amount,currency,status\n".utf8)
      + Array("A1,2018-01-05,".utf8) + ministryInCP949 + Array(",government,flour,".utf8)
      + fundInCP949 + Array(",100,KRW,authorised\n".utf8)
  }

  private let iconvAdvice =
    "iconv -f CP949 -t UTF-8 aid.csv > aid.csv.utf8 && mv aid.csv.utf8 aid.csv"

  @Test(arguments: [16, 64 << 10])
  func cp949FileIsNamedWithTheIconvCommand(chunkBytes: Int) throws {
    let folder = try inputsFolder([
      "arrivals.csv": Array(minimalArrivals.utf8), "aid.csv": cp949Ledger,
    ])
    let dataset = try InputLoader(directory: folder, limits: InputLimits(chunkBytes: chunkBytes))
      .load()
    #expect(
      dataset.problems.map(\.description) == [
        "aid.csv:2: provider: invalid UTF-8: byte 0xEB at line 2, byte 16 of the line; the file "
          + "looks like CP949/EUC-KR (Korean Windows), not UTF-8: convert it with " + iconvAdvice
      ])
  }

  // Found by FuzzCSVReader: the encoding was judged on the chunk where bad bytes showed, so
  // 17-byte chunks called this file CP949 and one chunk did not.
  @Test func encodingAdviceDoesNotDependOnTheChunkSize() throws {
    let bytes =
      Array("period,male,female,note\n2018,1,2,".utf8) + [0xEA, 0xB0, 0x80, 0xEB, 0x82, 0x98]
      + Array("\n2019,1,2,".utf8) + [0xB0, 0xA1] + Array("\n2020,1,2,".utf8) + [0xED, 0xA0, 0x80]
      + Array("\n".utf8)
    let folder = try inputsFolder(["arrivals.csv": bytes])
    let messages = try [16, 17, 64 << 10].map { chunkBytes in
      try InputLoader(directory: folder, limits: InputLimits(chunkBytes: chunkBytes)).load()
        .problems.map(\.description)
    }
    #expect(messages[0] == messages[2])
    #expect(messages[1] == messages[2])
    #expect(!messages[2].joined().contains("CP949"))
  }

  /// Runs the command a problem gives, in the inputs folder.
  private func runAdvice(_ command: String, in folder: URL) throws {
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/sh")
    shell.arguments = ["-c", command]
    shell.currentDirectoryURL = folder
    try shell.run()
    shell.waitUntilExit()
    #expect(shell.terminationStatus == 0, "\(command)")
  }

  @Test func cp949FileConvertedAsAdvisedLoadsClean() throws {
    let folder = try inputsFolder([
      "arrivals.csv": Array(minimalArrivals.utf8), "aid.csv": cp949Ledger,
    ])
    try runAdvice(iconvAdvice, in: folder)
    let (dataset, records) = try loadWithRecords(folder)
    #expect(dataset.problems.isEmpty, "\(dataset.problems)")
    #expect(records.map(\.provider) == ["통일부"])
    #expect(records.map(\.description) == ["남북협력기금"])
  }

  @Test func westernLegacyBytesGetNoKoreanAdvice() throws {
    // "Café" in Windows-1252: not UTF-8, and not Korean either.
    let bytes = Array("period,male,female,note\n2018,1,2,Caf".utf8) + [0xE9] + Array("\n".utf8)
    let dataset = try InputLoader(directory: inputsFolder(["arrivals.csv": bytes])).load()
    #expect(
      dataset.problems.map(\.description) == [
        "arrivals.csv:2: note: invalid UTF-8: a character is cut short at line 2, byte 14 of the line"
      ])
  }

  private func utf16(_ text: String, bigEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
    var bytes: [UInt8] = byteOrderMark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
    for unit in text.utf16 {
      let high = UInt8(unit >> 8)
      let low = UInt8(unit & 0xFF)
      bytes += bigEndian ? [high, low] : [low, high]
    }
    return bytes
  }

  @Test(arguments: [(false, true), (true, true), (false, false), (true, false)])
  func utf16FileIsNamedWithTheIconvCommand(bigEndian: Bool, byteOrderMark: Bool) throws {
    let name = bigEndian ? "UTF-16BE" : "UTF-16LE"
    let folder = try inputsFolder([
      "arrivals.csv": utf16(minimalArrivals, bigEndian: bigEndian, byteOrderMark: byteOrderMark)
    ])
    let dataset = try InputLoader(directory: folder).load()
    let how =
      byteOrderMark
      ? "it starts with the byte order mark \(bigEndian ? "FE FF" : "FF FE")"
      : "every other byte is NUL"
    let command =
      "iconv -f \(name) -t UTF-8 arrivals.csv > arrivals.csv.utf8 && mv arrivals.csv.utf8 arrivals.csv"
    #expect(
      dataset.problems.map(\.description)
        == [
          "arrivals.csv: the file is \(name) text (\(how)), not UTF-8: convert it with \(command)"
        ])
    #expect(dataset.arrivals.isEmpty)
    try runAdvice(command, in: folder)
    let converted = try InputLoader(directory: folder).load()
    #expect(converted.problems.isEmpty, "\(converted.problems)")
    #expect(converted.arrivals.map(\.total) == [3])
  }

  @Test func doubledByteOrderMarkIsNamed() throws {
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let folder = try inputsFolder(["arrivals.csv": bom + bom + Array(minimalArrivals.utf8)])
    let dataset = try InputLoader(directory: folder).load()
    let command = "sed -i '1s/^\\xEF\\xBB\\xBF//' arrivals.csv"
    #expect(
      dataset.problems.map(\.description).first
        == "arrivals.csv: the file starts with the UTF-8 byte order mark twice (EF BB BF EF BB BF), "
        + "so the first column's name begins with an invisible U+FEFF: remove one with \(command)")
    try runAdvice(command, in: folder)
    #expect(try InputLoader(directory: folder).load().problems.isEmpty)
  }

  // MARK: - headers

  @Test func capitalisedFemaleSuggestsFemale() throws {
    let dataset = try load(["arrivals.csv": "period,male,Female\n2018,1,2\n"])
    #expect(
      dataset.problems.map(\.description).first
        == "arrivals.csv:1: Female: unknown column (arrivals.csv has period, male, female, total, note, status): did you mean female?"
    )
  }

  @Test func typoSuggestsTheNearestColumnIgnoringCase() throws {
    let dataset = try load(["arrivals.csv": "period,MALE,Femal\n2018,1,2\n"])
    let messages = dataset.problems.map(\.description)
    #expect(
      messages.contains {
        $0.hasPrefix("arrivals.csv:1: MALE:") && $0.hasSuffix("did you mean male?")
      })
    #expect(
      messages.contains {
        $0.hasPrefix("arrivals.csv:1: Femal:") && $0.hasSuffix("did you mean female?")
      })
  }

  // Found by FuzzArrivals: a header name with a line-ending character broke the message line.
  @Test func headerNameWithInvisibleCharactersPrintsOnOneLine() throws {
    let dataset = try load(["arrivals.csv": "pe\u{85}riod,male,female\n2018,1,2\n"])
    #expect(
      dataset.problems.map(\.description).first
        == "arrivals.csv:1: \"pe\\u{85}riod\": unknown column (arrivals.csv has period, male, female, total, note, status): did you mean period?"
    )
  }

  // Found by FuzzExchangeRates: a row's syntax problem named a raw header cell.
  @Test func rowProblemUnderAnInvisibleHeaderNamePrintsOnOneLine() throws {
    let dataset = try load([
      "arrivals.csv": minimalArrivals,
      "fx.csv": "mo\u{4}nth,currency,krw_per_unit\n2018-01\0,USD,1\n",
    ])
    #expect(
      dataset.problems.map(\.description).contains(
        "fx.csv:2: \"mo\\u{4}nth\": NUL byte at line 2, byte 8 of the line (save the file as UTF-8 text, not UTF-16)"
      ))
  }

  @Test func valueWithALineSeparatorIsEscaped() throws {
    let dataset = try load(["arrivals.csv": "period,male,female\n2018\u{2028},1,2\n"])
    #expect(
      dataset.problems.map(\.description)
        == ["arrivals.csv:2: period: must be YYYY-MM, YYYY, A..B or ..B (\"2018\\u{2028}\")"])
  }
}

/// Which of two conflicting rows goes: always the later one in the file.
@Suite("Conflicting rows")
struct ConflictingRowTests {
  private func loadArrivals(_ rows: [String]) throws -> Dataset {
    try load(["arrivals.csv": "period,male,female,total\n" + rows.map { $0 + "\n" }.joined()])
  }

  @Test func partialOverlapIsReportedAtTheLaterLineWhicheverStartsFirst() throws {
    let laterStartsLater = try loadArrivals(["2018-01..2018-06,,,10", "2018-04..2018-09,,,10"])
    #expect(
      laterStartsLater.problems.map(\.description) == [
        "arrivals.csv:3: period: partly overlaps 2018-01..2018-06 on line 2: rows must nest or be disjoint (\"2018-04..2018-09\")"
      ])
    let laterStartsEarlier = try loadArrivals(["2018-04..2018-09,,,10", "2018-01..2018-06,,,10"])
    #expect(
      laterStartsEarlier.problems.map(\.description) == [
        "arrivals.csv:3: period: partly overlaps 2018-04..2018-09 on line 2: rows must nest or be disjoint (\"2018-01..2018-06\")"
      ])
    #expect(laterStartsEarlier.arrivals.map(\.line) == [2])
  }

  @Test func allowRejectsKeepsTheOfficialAnnualRowAndDropsTheLaterOne() throws {
    // The annual row comes first; a later mid-year row starts before it and overlaps it.
    let dataset = try loadArrivals(["2018,400,600,1000", "2017-07..2018-06,,,900", "2019,1,2,3"])
    #expect(dataset.arrivals.map(\.period.description) == ["2018", "2019"])
    #expect(dataset.problems.map(\.line) == [3])
  }

  @Test func openStartRowsConflictOnlyWhenTheyPartlyOverlap() throws {
    let dataset = try loadArrivals([
      "..2018,15,15,30", "..2017,5,5,10", "2017..2019,1,1,2", "2018,10,10,20", "..2016,2,2,4",
    ])
    // ..2017 nests in ..2018, ..2016 in ..2017, 2018 in ..2018; 2017..2019 partly overlaps
    // ..2018 (line 2).
    #expect(dataset.problems.map(\.line) == [4])
    #expect(dataset.problems.first?.reason.hasPrefix("partly overlaps ..2018 on line 2") == true)
  }

  @Test func samePeriodWrittenTwoWaysIsARepeat() throws {
    let dataset = try loadArrivals(["2018-01..2018-12,,,10", "2018,,,10"])
    #expect(
      dataset.problems.map(\.description) == [
        "arrivals.csv:3: period: repeats the period of line 2 (2018-01..2018-12) (\"2018\")"
      ])
  }

  @Test func aLongStaircaseOfOverlapsKeepsEveryOtherRow() throws {
    // Each two-month row overlaps the one before: the first of every pair stays. 40,000 rows
    // that all conflict in a chain (a quadratic check would take minutes).
    let count = 40_000
    var rows: [String] = []
    var month = try #require(YearMonth(year: 1001, month: 1))
    for _ in 0..<count {
      let next = try #require(month.next)
      rows.append("\(month)..\(next),,,1")
      month = next
    }
    let dataset = try loadArrivals(rows)
    #expect(dataset.arrivals.count == count / 2)
    #expect(dataset.problems.count == count / 2)
    #expect(dataset.problems.allSatisfy { $0.line % 2 == 1 })
  }
}
