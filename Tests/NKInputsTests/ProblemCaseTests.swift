import Foundation
import NKInputs
import Testing

/// One bad input and the exact message it must produce.
struct ProblemCase: CustomTestStringConvertible, Sendable {
  var name: String
  var files: [String: [UInt8]]
  var expected: String
  var limits: InputLimits = .standard

  var testDescription: String { name }

  init(
    _ name: String, _ files: [String: String], _ expected: String, limits: InputLimits = .standard
  ) {
    self.name = name
    self.files = files.mapValues { Array($0.utf8) }
    self.expected = expected
    self.limits = limits
  }

  init(_ name: String, bytes: [String: [UInt8]], _ expected: String) {
    self.name = name
    self.files = bytes
    self.expected = expected
  }
}

private func arrivals(_ body: String, header: String = "period,male,female,total,note") -> [String:
  String]
{
  ["arrivals.csv": header + "\n" + body]
}

private func withArrivals(_ name: String, _ text: String) -> [String: String] {
  ["arrivals.csv": minimalArrivals, name: text]
}

let problemCases: [ProblemCase] = [
  // Headers and files
  .init(
    "missing required column", arrivals("2018,1,3\n", header: "period,male,total"),
    "arrivals.csv:1: female: required column is missing from the header"),
  .init(
    "unknown column", arrivals("2018,1,2\n", header: "period,male,female,totl"),
    "arrivals.csv:1: totl: unknown column (arrivals.csv has period, male, female, total, note, status): did you mean total?"
  ),
  .init(
    "duplicate header", arrivals("2018,1,2,1\n", header: "period,male,female,male"),
    "arrivals.csv:1: male: column appears twice in the header (columns 2 and 4)"),
  .init(
    "column without a name", arrivals("2018,1,2,\n", header: "period,male,female,"),
    "arrivals.csv:1: column 4 of the header has no name"),
  .init(
    "empty file", ["arrivals.csv": ""], "arrivals.csv: file is empty: a header row is required"),
  .init(
    "blank lines only", ["arrivals.csv": "\n  \n\r\n"],
    "arrivals.csv: file is empty: a header row is required"),
  .init(
    "header only", ["arrivals.csv": "period,male,female\n"],
    "arrivals.csv:1: no data rows after the header (arrivals.csv needs at least one row)"),
  .init(
    "empty optional file", withArrivals("departures.csv", ""),
    "departures.csv: file is empty: a header row is required"),
  // Reader
  .init(
    "invalid UTF-8",
    bytes: [
      "arrivals.csv": Array("period,male,female,note\n2018,1,2,caf".utf8) + [0xFF]
        + Array("\n".utf8)
    ],
    "arrivals.csv:2: note: invalid UTF-8: byte 0xFF at line 2, byte 13 of the line"),
  .init(
    "overlong UTF-8 encoding",
    bytes: [
      "arrivals.csv": Array("period,male,female,note\n2018,1,2,".utf8) + [0xC0, 0xAF]
        + Array("\n".utf8)
    ],
    "arrivals.csv:2: note: invalid UTF-8: byte 0xC0 at line 2, byte 10 of the line"),
  .init(
    "truncated UTF-8 before a comma",
    bytes: [
      "arrivals.csv": Array("period,male,female,note\n2018,1,".utf8) + [0xE2, 0x82]
        + Array(",x\n".utf8)
    ],
    "arrivals.csv:2: female: invalid UTF-8: a character is cut short at line 2, byte 10 of the line"
  ),
  .init(
    "NUL byte",
    bytes: ["arrivals.csv": Array("period,male,female\n2018,1".utf8) + [0] + Array(",2\n".utf8)],
    "arrivals.csv:2: male: NUL byte at line 2, byte 7 of the line (save the file as UTF-8 text, not UTF-16)"
  ),
  .init(
    "over-long field", arrivals("2018,1,2,,\(String(repeating: "x", count: 40))\n"),
    "arrivals.csv:2: note: field is longer than 16 bytes (at line 2, byte 27 of the line); the rest of the row was skipped",
    limits: InputLimits(maxFieldBytes: 16)),
  .init(
    "over-long row", arrivals("2018,1,2,,\(String(repeating: "x,", count: 20))\n"),
    "arrivals.csv:2: row is longer than 32 bytes (at line 2, byte 33 of the line); the rest of the row was skipped",
    limits: InputLimits(maxFieldBytes: 16, maxRowBytes: 32)),
  .init(
    "unterminated quote", arrivals("2018,1,2,,\"oops\n2019,1,2,,\n"),
    "arrivals.csv:2: note: quoted field opened on line 2 is not closed before the end of the file"),
  .init(
    "stray quote", arrivals("2018,1,2,,ab\"c\n"),
    "arrivals.csv:2: note: quote character inside an unquoted field at line 2, byte 13 of the line: quote the whole field and double the quote"
  ),
  .init(
    "text after closing quote", arrivals("2018,1,2,,\"ab\"c\n"),
    "arrivals.csv:2: note: text after the closing quote at line 2, byte 15 of the line: quote the whole field and double any quote in it"
  ),
  .init(
    "wrong cell count", arrivals("2018,1\n", header: "period,male,female"),
    "arrivals.csv:2: row has 2 cells, the header has 3"),
  // Counts
  .init(
    "non-integer", arrivals("2018,abc,2,,\n"),
    "arrivals.csv:2: male: must be a whole number written with digits only (\"abc\")"),
  .init(
    "negative", arrivals("2018,-5,2,,\n"), "arrivals.csv:2: male: must not be negative (\"-5\")"),
  .init(
    "decimal count", arrivals("2018,2.5,2,,\n"),
    "arrivals.csv:2: male: must be a whole number (\"2.5\")"),
  .init(
    "thousands separator", arrivals("2018,,,\"1,042\",\n"),
    "arrivals.csv:2: total: thousands separators are not allowed: write 1042 (\"1,042\")"),
  .init(
    "overflow", arrivals("2018,99999999999999999999,2,,\n"),
    "arrivals.csv:2: male: is too large (at most 1000000000) (\"99999999999999999999\")"),
  .init(
    "absurd count", arrivals("2018,1000000001,2,,\n"),
    "arrivals.csv:2: male: is too large (at most 1000000000) (\"1000000001\")"),
  // Periods
  .init(
    "impossible month", arrivals("2018-13,1,2,,\n"),
    "arrivals.csv:2: period: no such month (\"2018-13\")"),
  .init(
    "reversed span", arrivals("2019..2018,1,2,,\n"),
    "arrivals.csv:2: period: the span ends before it starts (\"2019..2018\")"),
  .init(
    "mixed span", arrivals("2018..2019-05,1,2,,\n"),
    "arrivals.csv:2: period: a span must join two months or two years (\"2018..2019-05\")"),
  .init(
    "malformed period", arrivals("18,1,2,,\n"),
    "arrivals.csv:2: period: must be YYYY-MM, YYYY, A..B or ..B (\"18\")"),
  .init("blank period", arrivals(",1,2,,\n"), "arrivals.csv:2: period: is blank"),
  // Arrival figures
  .init(
    "total is not male + female", arrivals("2018,1,2,4,\n"),
    "arrivals.csv:2: total: is not male + female = 1 + 2 = 3 (\"4\")"),
  .init(
    "female blank, no total", arrivals("2018,1,,,\n"),
    "arrivals.csv:2: female: is blank while male is given: give both, or give total"),
  .init(
    "no figures", arrivals("2018,,,,\n"),
    "arrivals.csv:2: total: no figures: give male and female, or total"),
  .init(
    "female more than total", arrivals("2018,,150,100,\n"),
    "arrivals.csv:2: female: is more than the total 100 (\"150\")"),
  // Nesting
  .init(
    "partial overlap", arrivals("2018-01..2018-06,,,10,\n2018-04..2018-09,,,10,\n"),
    "arrivals.csv:3: period: partly overlaps 2018-01..2018-06 on line 2: rows must nest or be disjoint (\"2018-04..2018-09\")"
  ),
  .init(
    "duplicate period", arrivals("2018,1,2,,\n2018-01..2018-12,1,2,,\n"),
    "arrivals.csv:3: period: repeats the period of line 2 (2018) (\"2018-01..2018-12\")"),
  .init(
    "nested rows covering the parent disagree",
    arrivals("2018,,,100,\n2018-01..2018-06,,,40,\n2018-07..2018-12,,,50,\n"),
    "arrivals.csv:2: total: the rows that cover 2018 exactly (lines 3 and 4) add up to 90, not 100 (\"100\")"
  ),
  .init(
    "nested rows covering part exceed", arrivals("2018,,,100,\n2018-01..2018-06,,,140,\n"),
    "arrivals.csv:2: total: the rows inside 2018 (line 3) add up to 140, more than 100 (\"100\")"),
  .init(
    "nested female disagree",
    arrivals("2018,10,90,,\n2018-01..2018-06,5,45,,\n2018-07..2018-12,5,40,,\n"),
    "arrivals.csv:2: female: the rows that cover 2018 exactly (lines 3 and 4) add up to 85, not 90 (\"90\")"
  ),
  .init(
    "split disagrees through a row without one",
    arrivals(
      "2018,50,50,100,\n2018-01..2018-06,,,60,\n2018-01..2018-03,10,20,30,\n"
        + "2018-04..2018-06,15,15,30,\n2018-07..2018-12,30,10,40,\n"),
    "arrivals.csv:2: male: the rows that cover 2018 exactly (lines 3 and 6) add up to 55, not 50 (\"50\")"
  ),
  .init(
    "open start contains", arrivals("..2001,,,100,\n1999..2001,,,120,\n"),
    "arrivals.csv:2: total: the rows inside ..2001 (line 3) add up to 120, more than 100 (\"100\")"),
  // departures.csv
  .init(
    "unknown departure reason", withArrivals("departures.csv", "period,count,reason\n2018,3,war\n"),
    "departures.csv:2: reason: must be death, emigration, return or other (\"war\")"),
  .init(
    "departures nesting",
    withArrivals("departures.csv", "period,count\n2018,5\n2018-01..2018-06,7\n"),
    "departures.csv:2: count: the rows inside 2018 (line 3) add up to 7, more than 5 (\"5\")"),
  .init(
    "departures blank count", withArrivals("departures.csv", "period,count\n2018,\n"),
    "departures.csv:2: count: is blank"),
  // checkpoints.csv
  .init(
    "checkpoint not a month end",
    withArrivals("checkpoints.csv", "date,residents,source\n2018-11-29,5,MOU\n"),
    "checkpoints.csv:2: date: must be the last day of a month (2018-11-30) (\"2018-11-29\")"),
  .init(
    "impossible date", withArrivals("checkpoints.csv", "date,residents,source\n2018-02-30,5,MOU\n"),
    "checkpoints.csv:2: date: no such date (\"2018-02-30\")"),
  .init(
    "malformed date", withArrivals("checkpoints.csv", "date,residents,source\n30/11/2018,5,MOU\n"),
    "checkpoints.csv:2: date: must be a date YYYY-MM-DD (\"30/11/2018\")"),
  .init(
    "duplicate checkpoint date",
    withArrivals("checkpoints.csv", "date,residents,source\n2018-11-30,5,MOU\n2018-11-30,6,MOU\n"),
    "checkpoints.csv:3: date: the same date is already given on line 2 (\"2018-11-30\")"),
  .init(
    "checkpoint without source",
    withArrivals("checkpoints.csv", "date,residents,source\n2018-11-30,5,\n"),
    "checkpoints.csv:2: source: is blank: say where the figure was published"),
  // aid.csv
  .init(
    "duplicate aid id",
    withArrivals("aid.csv", aidHeader + aidRow + "B1" + aidRow.dropFirst(2) + aidRow),
    "aid.csv:4: id: duplicate id: first used on line 2 (\"A1\")"),
  .init(
    "unknown status",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,100,KRW,sent,\n"),
    "aid.csv:2: status: must be authorised, delivered, on_hold or cancelled (\"sent\")"),
  .init(
    "upper-case status",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,100,KRW,On_Hold,\n"),
    "aid.csv:2: status: must be lower case: write on_hold (\"On_Hold\")"),
  .init(
    "unknown provider type",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,ngo,flour,100,KRW,authorised,\n"),
    "aid.csv:2: provider_type: must be civic, government or international (\"ngo\")"),
  .init(
    "delivered date missing",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,100,KRW,delivered,\n"),
    "aid.csv:2: delivered: is blank but status is delivered: give the delivery date"),
  .init(
    "delivered before authorised",
    withArrivals(
      "aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,100,KRW,delivered,2018-01-01\n"),
    "aid.csv:2: delivered: is before the authorised date 2018-01-05 (\"2018-01-01\")"),
  .init(
    "delivered date with another status",
    withArrivals(
      "aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,100,KRW,on_hold,2018-02-01\n"),
    "aid.csv:2: delivered: a delivery date is only allowed with status delivered (status is on_hold) (\"2018-02-01\")"
  ),
  .init(
    "negative amount",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,-100,KRW,authorised,\n"),
    "aid.csv:2: amount: must not be negative (\"-100\")"),
  .init(
    "amount with exponent",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,1e6,KRW,authorised,\n"),
    "aid.csv:2: amount: must be written without an exponent (\"1e6\")"),
  .init(
    "malformed amount",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,12..5,KRW,authorised,\n"),
    "aid.csv:2: amount: must be a decimal number such as 1900000000 or 4500000.50 (\"12..5\")"),
  .init(
    "decimal comma",
    withArrivals(
      "aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,\"12,5\",KRW,authorised,\n"),
    "aid.csv:2: amount: must use a . decimal point and no thousands separators (\"12,5\")"),
  .init(
    "amount with thousands separators",
    withArrivals(
      "aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,\"1,900,000,000\",KRW,authorised,\n"),
    "aid.csv:2: amount: thousands separators are not allowed: write 1900000000 (\"1,900,000,000\")"),
  .init(
    "blank provider",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05, ,civic,flour,100,KRW,authorised,\n"),
    "aid.csv:2: provider: is blank"),
  .init(
    "lower-case currency",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,100,usd,authorised,\n"),
    "aid.csv:2: currency: ISO 4217 codes are upper case: write USD (\"usd\")"),
  .init(
    "malformed currency",
    withArrivals("aid.csv", aidHeader + "A1,2018-01-05,Group,civic,flour,100,US$,authorised,\n"),
    "aid.csv:2: currency: must be a three-letter ISO 4217 code such as KRW or USD (\"US$\")"),
  .init(
    "currency with no rate",
    withArrivals(
      "aid.csv", aidHeader + "A1,2017-06-05,WFP,international,food,100,USD,delivered,2017-06-20\n"),
    "aid.csv:2: currency: no KRW rate for USD in or before 2017-06 in fx.csv (\"USD\")"),
  .init(
    "rate only after the month",
    [
      "arrivals.csv": minimalArrivals,
      "fx.csv": "month,currency,krw_per_unit\n2017-07,USD,1131.75\n",
      "aid.csv": aidHeader + "A1,2017-06-05,WFP,international,food,100,USD,on_hold,\n",
    ],
    "aid.csv:2: currency: no KRW rate for USD in or before 2017-06 in fx.csv (\"USD\")"),
  // fx.csv
  .init(
    "zero rate", withArrivals("fx.csv", "month,currency,krw_per_unit\n2018-01,USD,0\n"),
    "fx.csv:2: krw_per_unit: must be greater than 0 (\"0\")"),
  .init(
    "negative rate", withArrivals("fx.csv", "month,currency,krw_per_unit\n2018-01,USD,-1065.64\n"),
    "fx.csv:2: krw_per_unit: must be greater than 0 (\"-1065.64\")"),
  .init(
    "duplicate rate",
    withArrivals("fx.csv", "month,currency,krw_per_unit\n2018-01,USD,1065.64\n2018-01,USD,1066\n"),
    "fx.csv:3: month: a USD rate for 2018-01 is already given on line 2 (\"2018-01\")"),
  .init(
    "rate for KRW", withArrivals("fx.csv", "month,currency,krw_per_unit\n2018-01,KRW,1\n"),
    "fx.csv:2: currency: needs no rate: amounts in KRW are used as they are (\"KRW\")"),
  .init(
    "rate month not a month",
    withArrivals("fx.csv", "month,currency,krw_per_unit\n2018,USD,1065.64\n"),
    "fx.csv:2: month: must be a month YYYY-MM (\"2018\")"),
]

@Suite("Every input problem has its exact message")
struct ProblemCaseTests {
  @Test(arguments: problemCases)
  func reportsProblem(_ testCase: ProblemCase) throws {
    let folder = try inputsFolder(testCase.files)
    let dataset = try InputLoader(directory: folder, limits: testCase.limits).load()
    let messages = dataset.problems.map(\.description)
    #expect(messages.contains(testCase.expected), "got \(messages)")
    // Row accounting holds whatever went wrong.
    for file in dataset.files where file.isPresent {
      #expect(file.rowsRead == file.rowsAccepted + file.rowsRejected)
      #expect(file.rowsRejected >= 0)
    }
  }
}
