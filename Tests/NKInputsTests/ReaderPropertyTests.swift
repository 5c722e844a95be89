import Foundation
import NKPeriods
import PropertyBased
import TestRandom
import Testing

@testable import NKInputs

/// Writes `records` as CSV: random quoting (forced where needed), BOM or not, CRLF or LF,
/// blank lines between records. Returns the bytes and the physical line of each record.
func encodeCSV(_ records: [[String]], using random: inout SplitMix64) -> (
  bytes: [UInt8], lines: [Int]
) {
  let crlf = Bool.random(using: &random)
  let newline = crlf ? "\r\n" : "\n"
  var text = Bool.random(using: &random) ? "\u{FEFF}" : ""
  var line = 1
  var lines: [Int] = []
  for record in records {
    while Int.random(in: 0..<4, using: &random) == 0 {
      text += Bool.random(using: &random) ? newline : "  " + newline
      line += 1
    }
    lines.append(line)
    let cells = record.map { field -> String in
      let needsQuotes =
        field.contains(where: {
          $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
        })
        || field.hasPrefix(" ") || field.hasSuffix(" ")
        || (record.count == 1 && field.allSatisfy { $0 == " " || $0 == "\t" })
      guard needsQuotes || Bool.random(using: &random) else { return field }
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    text += cells.joined(separator: ",") + newline
    // Count line breaks inside quoted fields: CRLF, LF or CR each end one physical line.
    for field in record {
      for scalar in field.unicodeScalars where scalar == "\n" || scalar == "\r" { line += 1 }
      line -= field.components(separatedBy: "\r\n").count - 1
    }
    line += 1
  }
  if Bool.random(using: &random) { text += newline }
  return (Array(text.utf8), lines)
}

@Suite("Reader properties")
struct ReaderPropertyTests {
  static let pieces = [
    "a", "B", "7", " ", ",", "\"", "\n", "\r\n", "é", "한국", "😀", "x y", "\t", "",
  ]

  @Test func randomFilesReadBackExactly() async {
    await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var random = SplitMix64(seed: seed)
      let columns = Int.random(in: 1...5, using: &random)
      let records = (0..<Int.random(in: 1...30, using: &random)).map { _ in
        (0..<columns).map { _ in
          (0..<Int.random(in: 0...5, using: &random)).map { _ in
            Self.pieces.randomElement(using: &random)!
          }
          .joined()
        }
      }
      let (bytes, lines) = encodeCSV(records, using: &random)
      let chunk = [16, 17, 64, 4096].randomElement(using: &random)!
      do {
        let folder = try inputsFolder(["t.csv": bytes])
        let file = try ChunkedFile(
          path: folder.appendingPathComponent("t.csv").path, chunkBytes: chunk)
        var reader = CSVReader(file: file, limits: .standard)
        var read: [[String]] = []
        var readLines: [Int] = []
        while try reader.next() {
          #expect(reader.issue == nil)
          read.append((0..<reader.fieldCount).map { reader.string($0, trimmed: false) })
          readLines.append(reader.recordLine)
        }
        // A record of one blank-looking field is a blank line unless quoted; we always quote it.
        #expect(read == records)
        #expect(readLines == lines)
        #expect(file.bytesRead == bytes.count)
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }

  /// Random laminar arrivals (annual rows with consistent part-year and monthly rows inside)
  /// in random order and random CSV dress load with no problems and read back exactly.
  @Test func randomNestedArrivalsLoadClean() async {
    await propertyCheck(count: 100, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var random = SplitMix64(seed: seed)
      var rows: [(period: String, male: Int?, female: Int?, total: Int)] = []
      let firstYear = Int.random(in: 1990...2020, using: &random)
      if Bool.random(using: &random) {
        rows.append(("..\(firstYear - 1)", 100, 200, 300))
      }
      for year in firstYear..<firstYear + Int.random(in: 1...6, using: &random) {
        let male = Int.random(in: 0...500, using: &random)
        let female = Int.random(in: 0...1500, using: &random)
        rows.append(("\(year)", male, female, male + female))
        switch Int.random(in: 0...2, using: &random) {
        case 1:
          // A part-year span and, sometimes, the rest of the year covering it exactly.
          let months = Int.random(in: 1...11, using: &random)
          let part = Int.random(in: 0...(male + female), using: &random)
          rows.append(("\(year)-01..\(year)-\(String(format: "%02d", months))", nil, nil, part))
          if Bool.random(using: &random) {
            let rest = "\(year)-\(String(format: "%02d", months + 1))..\(year)-12"
            rows.append((months == 11 ? "\(year)-12" : rest, nil, nil, male + female - part))
          }
        case 2:
          // Twelve months splitting male and female exactly.
          var maleLeft = male
          var femaleLeft = female
          for month in 1...12 {
            let m = month == 12 ? maleLeft : Int.random(in: 0...maleLeft, using: &random)
            let f = month == 12 ? femaleLeft : Int.random(in: 0...femaleLeft, using: &random)
            maleLeft -= m
            femaleLeft -= f
            rows.append(("\(year)-\(String(format: "%02d", month))", m, f, m + f))
          }
        default: break
        }
      }
      rows.shuffle(using: &random)
      let withTotal = Bool.random(using: &random)
      var records = [
        withTotal ? ["total", "period", "female", "male"] : ["period", "male", "female"]
      ]
      for row in rows where row.male != nil || withTotal {
        let male = row.male.map(String.init) ?? ""
        let female = row.female.map(String.init) ?? ""
        records.append(
          withTotal ? [String(row.total), row.period, female, male] : [row.period, male, female])
      }
      let (bytes, _) = encodeCSV(records, using: &random)
      do {
        let dataset = try InputLoader(directory: inputsFolder(["arrivals.csv": bytes])).load()
        #expect(dataset.problems.map(\.description) == [])
        let expected = Set(
          rows.filter { $0.male != nil || withTotal }.map {
            "\($0.period)|\($0.male ?? -1)|\($0.female ?? -1)|\($0.total)"
          })
        let got = Set(
          dataset.arrivals.map { "\($0.period)|\($0.male ?? -1)|\($0.female ?? -1)|\($0.total)" })
        #expect(got == expected)
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }
}

@Suite("Reader bounds")
struct ReaderBoundTests {
  @Test func hugeFieldIsNotBuffered() throws {
    let limit = 1 << 20
    var bytes = Array("period,male,female,note\n2018,1,2,\"".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 20 << 20)
    bytes += Array("\"\n2019,1,2,fine\n".utf8)
    let folder = try inputsFolder(["arrivals.csv": bytes])
    let file = try ChunkedFile(
      path: folder.appendingPathComponent("arrivals.csv").path, chunkBytes: 64 << 10)
    var reader = CSVReader(file: file, limits: .standard)
    #expect(try reader.next())
    #expect(try reader.next())
    #expect(reader.recordLine == 2)
    #expect(reader.issue?.kind == .fieldTooLong(limit: limit))
    #expect(try reader.next())
    #expect(reader.recordLine == 3)
    #expect(reader.issue == nil)
    #expect(reader.string(3) == "fine")
    #expect(try !reader.next())
    #expect(reader.peakBufferedBytes < 2 * limit + (64 << 10))

    let dataset = try InputLoader(directory: folder).load()
    #expect(
      dataset.problems.map(\.description) == [
        "arrivals.csv:2: note: field is longer than 1048576 bytes (at line 2, byte 1048587 of the line); the rest of the row was skipped"
      ])
    #expect(dataset.arrivals.map(\.line) == [3])
  }

  @Test func unterminatedQuoteSwallowingTheFileIsReportedAsSuch() throws {
    var bytes = Array("period,male,female,note\n2018,1,2,\"".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 3 << 20)
    let dataset = try InputLoader(directory: inputsFolder(["arrivals.csv": bytes])).load()
    #expect(
      dataset.problems.map(\.description) == [
        "arrivals.csv:2: note: quoted field opened on line 2 is not closed before the end of the file"
      ])
  }
}
