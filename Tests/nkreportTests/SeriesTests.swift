import Foundation
import Testing

/// Reports built one after another into one reports folder, as an analyst reads them: each
/// compares itself with the report before it, marks its provisional figures and names the rows
/// each headline figure comes from, and every output (revisions.csv, the Revisions sheet, the
/// digest, run.json) says the same.
@Suite("The report as a series")
struct SeriesTests {
  /// The sample inputs in a scratch folder, edited between runs into one reports folder.
  final class Series {
    let scratch: Scratch
    let inputs: URL

    init() throws {
      scratch = try Scratch()
      inputs = try scratch.copyOfSampleInputs()
      try withStatusColumn()
    }

    /// arrivals.csv with a `status` column: every row final, but those named provisional.
    func withStatusColumn(provisional: Set<Int> = []) throws {
      let url = inputs.appendingPathComponent("arrivals.csv")
      var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(
        String.init)
      if !lines[0].hasSuffix(",status") { lines[0] += ",status" }
      for index in lines.indices.dropFirst() {
        var line = lines[index]
        for status in [",final", ",provisional"] where line.hasSuffix(status) {
          line.removeLast(status.count)
        }
        // The line number in the file is index + 1.
        lines[index] = line + (provisional.contains(index + 1) ? ",provisional" : ",final")
      }
      try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    func replace(_ old: String, with new: String, in file: String) throws {
      let url = inputs.appendingPathComponent(file)
      let text = try String(contentsOf: url, encoding: .utf8)
      #expect(text.contains(old), "\(file) holds \(old)")
      try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
    }

    @discardableResult
    func run(_ period: String) throws -> NKReport.Result {
      let result = try NKReport.run([
        "run", "--inputs", inputs.path, "--reports", scratch.path("Reports"), "--period", period,
      ])
      #expect(result.status == 0, "\(result.stderr)")
      return result
    }

    func read(_ folder: String, _ file: String) throws -> String {
      try scratch.read("Reports/\(folder)/\(file)")
    }

    /// revisions.csv's rows as `table/key/measure → line`.
    func revisions(_ folder: String) throws -> [String: [String]] {
      let lines = try read(folder, "revisions.csv").split(separator: "\n").map(String.init)
      #expect(
        lines.first == "table,key,measure,kind,previous,now,change,earlier_report,sources")
      var rows: [String: [String]] = [:]
      for line in lines.dropFirst() {
        let fields = csvFields(line)
        rows["\(fields[0])/\(fields[1])/\(fields[2])"] = fields
      }
      return rows
    }

    func runJSON(_ folder: String) throws -> [String: Any] {
      let data = try Data(
        contentsOf: scratch.url.appendingPathComponent("Reports/\(folder)/run.json"))
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func workbook(_ folder: String) throws -> WorkbookReader {
      let period = String(folder.prefix(7))
      return try WorkbookReader(
        url: scratch.url.appendingPathComponent("Reports/\(folder)/nkreport-\(period).xlsx"))
    }

    /// digest.txt with its line breaks and indents folded into single spaces.
    func digest(_ folder: String) throws -> String {
      try read(folder, "digest.txt").split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(
        separator: " ")
    }
  }

  // MARK: Two reports

  /// November 2018 published with 2002 as 1,139, a checkpoint, an aid amount and the
  /// January–June and January–November 2018 rows provisional; December's inputs revise each, drop one record and
  /// add a late one authorised in a month November covered.
  static func twoReports() throws -> Series {
    let series = try Series()
    try series.withStatusColumn(provisional: [23, 24])
    try series.replace("2002,510,632,1142", with: "2002,510,629,1139", in: "arrivals.csv")
    try series.replace("2017-12-31,31339", with: "2017-12-31,31330", in: "checkpoints.csv")
    try series.replace(
      "not published\",600000000,KRW", with: "not published\",500000000,KRW", in: "aid.csv")
    try series.run("2018-11")

    try series.withStatusColumn()
    try series.replace("2002,510,629,1139", with: "2002,510,632,1142", in: "arrivals.csv")
    try series.replace("2017-12-31,31330", with: "2017-12-31,31339", in: "checkpoints.csv")
    try series.replace(
      "not published\",500000000,KRW", with: "not published\",600000000,KRW", in: "aid.csv")
    let aid = try String(
      contentsOf: series.inputs.appendingPathComponent("aid.csv"), encoding: .utf8)
    let removed = try #require(aid.split(separator: "\n").first { $0.hasPrefix("2018-D-02,") })
    try series.replace(
      String(removed) + "\n",
      with:
        "2018-L-01,2018-09-03,Civic group E,civic,flour,Reported late,100000000,KRW,delivered,2018-10-04\n",
      in: "aid.csv")
    try series.run("2018-12")
    return series
  }

  @Test func theFirstReportHasNothingToCompareWithAndMarksItsProvisionalFigures() throws {
    let series = try Self.twoReports()
    // Nothing to compare with: a header only, one line in the digest, null in run.json.
    #expect(try series.revisions("2018-11").isEmpty)
    #expect(try series.digest("2018-11").contains("There was nothing to compare with"))
    let comparison = try #require(try series.runJSON("2018-11")["comparison"] as? [String: Any])
    #expect(comparison["earlier_report"] is NSNull)

    // January–November 2018 rests on a provisional row: marked in every output.
    let summary = try series.read("2018-11", "summary.csv")
    #expect(summary.contains("\narrivals_ytd,1042,true\n"))
    #expect(summary.contains("\narrivals_ytd_prev,1045,false\n"))
    let june = try #require(
      try series.read("2018-11", "arrivals-detail.csv").split(separator: "\n").first {
        $0.hasPrefix("2018-01..2018-06,")
      })
    #expect(june.hasSuffix(",true"))
    #expect(try series.read("2018-11", "arrivals-by-year.csv").contains("\n2018,2018,2018,"))
    let annual2018 = try #require(
      try series.read("2018-11", "arrivals-by-year.csv").split(separator: "\n").first {
        $0.hasPrefix("2018,")
      })
    #expect(annual2018.hasSuffix(",true"))
    #expect(try series.digest("2018-11").contains("1,042 (provisional)"))
    #expect(try series.digest("2018-11").contains("(provisional): the figure rests on rows"))
    let provisional = try #require(
      try series.runJSON("2018-11")["provisional"] as? [String: [String]])
    #expect(provisional["summary.csv"]?.contains("arrivals_ytd") == true)
    #expect(provisional["arrivals-detail.csv"] == ["2018-01..2018-06"])
    // The workbook keeps the figure a number, with the mark in its number format.
    let book = try series.workbook("2018-11")
    let cells = try book.cells("Summary")
    let figure = try #require(cells.first { $0.value.isNumber && $0.value.value == "1042" })
    #expect(try book.numberFormat(ofStyle: figure.value.style) == "#,##0\" p\"")
    #expect(cells.values.contains { $0.value.hasPrefix("p  provisional") })
    // December's inputs are all final: nothing provisional there.
    #expect(try !series.read("2018-12", "summary.csv").contains(",true\n"))
  }

  @Test func theNextReportListsEachRevisionInEveryOutput() throws {
    let series = try Self.twoReports()
    let rows = try series.revisions("2018-12")
    // Each revision, with what it was, what it is, the change and the earlier report.
    let total = try #require(rows["arrivals-by-year/2002/total"])
    #expect(Array(total[3...7]) == ["revised", "1139", "1142", "3", "2018-11"])
    #expect(total[8].hasPrefix("arrivals.csv:4 (2002)"))
    #expect(rows["arrivals-by-year/2002/female"]?[4...6] == ["629", "632", "3"])
    #expect(rows["arrivals-by-year/2002/male"] == nil)  // unchanged: not listed
    #expect(
      rows["checks/residents 2017-12-31/expected"]?[3...6] == ["revised", "31330", "31339", "9"])
    #expect(rows["arrivals-detail/2018-01..2018-06/status"]?[3] == "provisional_became_final")
    #expect(rows["arrivals-by-year/2018/status"]?[3] == "provisional_became_final")
    #expect(
      rows["aid-records/2018-A-01/amount"]?[4...6] == ["500000000", "600000000", "100000000"])
    #expect(rows["aid-records/2018-D-02/amount KRW"]?[3] == "removed")
    #expect(rows["aid-records/2018-L-01/amount KRW"]?[3] == "added")
    // Nothing else: every other figure November stated is the same now.
    let expected: Set<String> = [
      "arrivals-by-year/2002/total", "arrivals-by-year/2002/female",
      "checks/residents 2017-12-31/expected", "arrivals-detail/2018-01..2018-06/status",
      "arrivals-by-year/2018/status", "aid-records/2018-A-01/amount",
      "aid-records/2018-D-02/amount KRW", "aid-records/2018-L-01/amount KRW",
    ]
    let listed = Set(rows.keys)
    #expect(expected.isSubset(of: listed), "\(expected.subtracting(listed))")
    // Cumulative arrivals at November moved by the revised 2002 (3 more); nothing else may.
    let others = listed.subtracting(expected)
    #expect(
      others.isSubset(of: ["summary/2018-11/cumulative_arrivals", "summary/2018-11/residents"]),
      "\(others)")

    // The same revisions in run.json …
    let comparison = try #require(try series.runJSON("2018-12")["comparison"] as? [String: Any])
    #expect(comparison["earlier_report"] as? String == "2018-11")
    let listedInJSON = try #require(comparison["revisions"] as? [[String: Any]])
    #expect(
      Set(listedInJSON.map { "\($0["table"]!)/\($0["key"]!)/\($0["measure"]!)" }) == listed)
    let total2002 = try #require(
      listedInJSON.first { $0["key"] as? String == "2002" && $0["measure"] as? String == "total" })
    #expect((total2002["previous"] as? NSNumber)?.intValue == 1139)
    #expect((total2002["now"] as? NSNumber)?.intValue == 1142)
    #expect((total2002["change"] as? NSNumber)?.intValue == 3)
    // … on the Revisions sheet, numbers as numbers …
    let sheet = try series.workbook("2018-12").cells("Revisions")
    let keys = sheet.filter { $0.key.hasPrefix("B") && $0.key != "B1" }.map(\.value.value)
    #expect(keys.count == rows.count)
    let previous = try #require(
      sheet.first { $0.key.hasPrefix("E") && $0.value.value == "1139" })
    #expect(previous.value.isNumber)
    // … and in the digest, under its heading.
    let digest = try series.digest("2018-12")
    #expect(digest.contains("Revised since the report for 2018-11"))
    #expect(digest.contains("Arrivals by year 2002, total: 1,139 → 1,142 (+3)"))
    #expect(digest.contains("Aid record 2018-D-02, amount KRW: removed"))
    #expect(digest.contains("Aid record 2018-L-01, amount KRW: added"))
    #expect(digest.contains("provisional, now final"))
    // The resident figure's change, split into its parts.
    #expect(
      digest.contains(
        "Residents: 32,378 at the end of November 2018 as published then, 32,476 at the end of"
          + " December 2018 now (+98): +95 arrivals, 0 departures, +3 revisions of earlier figures."
      ))
    #expect(comparison["resident_change"] is [String: Any])
  }

  @Test func eachHeadlineFigureNamesItsRows() throws {
    let series = try Series()
    try series.run("2018-11")
    let json = try series.runJSON("2018-11")
    let lineage = try #require(json["lineage"] as? [String: [String]])
    #expect(lineage["arrivals_ytd"] == ["arrivals.csv:24 (2018-01..2018-11)"])
    #expect(lineage["arrivals_ytd_prev"] == ["arrivals.csv:20 (2017-01..2017-11)"])
    #expect(lineage["aid_authorised"]?.first?.hasPrefix("aid.csv lines ") == true)
    // June's comparison window cuts a row: not computable, and the row it would need named.
    try series.run("2018-06")
    let june = try series.runJSON("2018-06")
    let notComputable = try #require(
      june["lineage_not_computable"] as? [String: [String: Any]])
    let previous = try #require(notComputable["arrivals_ytd_prev"])
    #expect((previous["reason"] as? String)?.isEmpty == false)
    #expect(
      (previous["rows_needed"] as? [String])?.contains { $0.hasPrefix("arrivals.csv:") } == true)
    // The Summary sheet carries the same rows as notes on the figures' cells.
    let comments = try series.workbook("2018-11").xml("xl/comments1.xml").all("t").map(\.text)
    #expect(comments.contains { $0.contains("arrivals.csv:24 (2018-01..2018-11)") })
  }

  // MARK: Three reports, reruns, older reports

  @Test func threeReportsEachComparedWithTheOneBefore() throws {
    let series = try Series()
    try series.replace("2002,510,632,1142", with: "2002,510,629,1139", in: "arrivals.csv")
    try series.run("2018-10")
    try series.replace("2002,510,629,1139", with: "2002,510,630,1140", in: "arrivals.csv")
    try series.run("2018-11")
    try series.replace("2002,510,630,1140", with: "2002,510,632,1142", in: "arrivals.csv")
    try series.run("2018-12")
    #expect(
      try series.revisions("2018-11")["arrivals-by-year/2002/total"]?[4...7] == [
        "1139", "1140", "1", "2018-10",
      ])
    #expect(
      try series.revisions("2018-12")["arrivals-by-year/2002/total"]?[4...7] == [
        "1140", "1142", "2", "2018-11",
      ])
    // A later period already in the folder is not "the report before" an earlier one.
    try series.run("2018-09")
    #expect(try series.digest("2018-09").contains("There was nothing to compare with"))
  }

  @Test func aRerunComparesWithTheVersionItReplacesAndAnUnchangedOneStaysSo() throws {
    let series = try Series()
    try series.run("2018-10")
    try series.run("2018-11")
    // The same inputs again: up to date (it says what it said, compared with October).
    #expect(try series.run("2018-11").stdout.contains("up to date"))
    #expect(
      try series.digest("2018-11").contains(
        "Nothing the report for 2018-10 stated has been revised"))
    // A revised input: the new version is compared with the one it replaces.
    try series.replace("2002,510,632,1142", with: "2002,510,633,1143", in: "arrivals.csv")
    try series.run("2018-11")
    let rows = try series.revisions("2018-11")
    #expect(rows["arrivals-by-year/2002/total"]?[4...7] == ["1142", "1143", "1", "2018-11.rev-1"])
    #expect(
      try series.digest("2018-11").contains(
        "Revised since the earlier version of this report (now 2018-11.rev-1)"))
  }

  @Test func aChangeOfRecipientsOrAnEditedFileIsNoNewVersion() throws {
    let series = try Series()
    func run(_ extra: [String]) throws -> NKReport.Result {
      try NKReport.run(
        [
          "run", "--inputs", series.inputs.path, "--reports", series.scratch.path("Reports"),
          "--period", "2018-11",
        ] + extra)
    }
    // A stand-in for sendmail that notes its arguments, one line a message.
    try series.scratch.write(
      "#!/bin/sh\necho \"$@\" >>\"$(dirname \"$0\")/sent\"\ncat >/dev/null\nexit 0\n",
      to: "sendmail")
    chmod(series.scratch.path("sendmail"), 0o755)
    try series.scratch.write("", to: "empty.toml")
    func send() throws -> [String] {
      let send = try NKReport.run([
        "send", "--config", series.scratch.path("empty.toml"), "--reports",
        series.scratch.path("Reports"), "--sendmail", series.scratch.path("sendmail"),
      ])
      #expect(send.status == 0, "\(send.stderr)")
      return ((try? series.scratch.read("sent")) ?? "").split(separator: "\n").map(String.init)
    }
    #expect(try run(["--mail-to", "desk@example.org"]).status == 0)
    #expect(try send().count == 1)
    // A recipient added: the digest is addressed anew in place, not published as a revision,
    // and mailed to the new recipient alone; once.
    let added = try run(["--mail-to", "desk@example.org", "--mail-to", "new@example.org"])
    #expect(added.status == 0)
    #expect(added.stdout.contains("is unchanged"))
    #expect(try series.read("2018-11", "digest.eml").contains("new@example.org"))
    let sent = try send()
    #expect(sent.count == 2)
    #expect(sent.last?.hasSuffix("-- new@example.org") == true, "\(sent)")
    #expect(try send().count == 2)
    // The workbook re-saved by hand on the share: put back as published, still no revision.
    let workbook = series.scratch.url.appendingPathComponent(
      "Reports/2018-11/nkreport-2018-11.xlsx")
    try Data("re-saved".utf8).write(to: workbook)
    let repaired = try run(["--mail-to", "desk@example.org", "--mail-to", "new@example.org"])
    #expect(repaired.stdout.contains("is unchanged"))
    #expect(try Data(contentsOf: workbook).count > 1000)
    #expect(series.scratch.listing("Reports").filter { $0.hasPrefix("2018-11") } == ["2018-11"])
    // A stray file where the period's folder goes is refused, never taken for a report.
    try FileManager.default.removeItem(at: workbook.deletingLastPathComponent())
    try Data("stray".utf8).write(to: workbook.deletingLastPathComponent())
    let refused = try run([])
    #expect(refused.status == 73)
    #expect(refused.stderr.contains("in the way of the report"))
  }

  @Test func anOlderReportWithoutTheNewFilesIsComparedOnWhatItHas() throws {
    let series = try Series()
    try series.replace("2002,510,632,1142", with: "2002,510,629,1139", in: "arrivals.csv")
    try series.replace(
      "not published\",600000000,KRW", with: "not published\",500000000,KRW", in: "aid.csv")
    try series.run("2018-11")
    // As an older version wrote it: no revisions.csv, no digest of its records, no provisional
    // column, no comparison or lineage in run.json.
    let folder = series.scratch.url.appendingPathComponent("Reports/2018-11")
    for file in ["revisions.csv", "aid-records.digest"] {
      try FileManager.default.removeItem(at: folder.appendingPathComponent(file))
    }
    for file in ["arrivals-by-year.csv", "arrivals-detail.csv"] {
      let url = folder.appendingPathComponent(file)
      // Every line without its last field (the provisional column).
      let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
        String($0[..<($0.lastIndex(of: ",") ?? $0.endIndex)])
      }
      try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }
    let manifest = folder.appendingPathComponent("run.json")
    var json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
    for key in ["comparison", "lineage", "lineage_not_computable", "provisional"] {
      json[key] = nil
    }
    try JSONSerialization.data(withJSONObject: json).write(to: manifest)

    try series.replace("2002,510,629,1139", with: "2002,510,632,1142", in: "arrivals.csv")
    try series.replace(
      "not published\",500000000,KRW", with: "not published\",600000000,KRW", in: "aid.csv")
    try series.run("2018-12")
    let rows = try series.revisions("2018-12")
    #expect(rows["arrivals-by-year/2002/total"]?[4...6] == ["1139", "1142", "3"])
    // Its aid records are read from its aid-records.csv instead.
    #expect(rows["aid-records/2018-A-01/amount"]?[4...5] == ["500000000", "600000000"])
    // What it lacks is said, not taken as zero.
    let digest = try series.digest("2018-12")
    #expect(digest.contains("Not compared"))
    #expect(digest.contains("arrivals-by-year.csv: no column provisional"))
  }
}

/// The fields of one CSV line: quoted fields may hold commas and doubled quotes.
func csvFields(_ line: String) -> [String] {
  var fields: [String] = []
  var field = ""
  var quoted = false
  var characters = Array(line)[...]
  while let character = characters.popFirst() {
    if quoted {
      if character == "\"" {
        if characters.first == "\"" {
          field.append("\"")
          characters.removeFirst()
        } else {
          quoted = false
        }
      } else {
        field.append(character)
      }
    } else if character == "\"" {
      quoted = true
    } else if character == "," {
      fields.append(field)
      field = ""
    } else {
      field.append(character)
    }
  }
  fields.append(field)
  return fields
}
