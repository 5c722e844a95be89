import Foundation
import NKImport
import NKInputs
import Testing

/// Merging the table into an inputs folder: new periods added, the same left alone,
/// revisions replaced and listed, nested rows kept, conflicts refused, nothing else touched.
@Suite("Merging into the inputs")
struct MergeTests {
  static let sampleInputs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Inputs")

  func importer(_ inputs: URL, table: String = Fixture.utf8.path) -> MinistryTableImport {
    MinistryTableImport(tablePath: table, inputs: inputs)
  }

  /// Plans and writes; returns the plan.
  @discardableResult
  func importTable(_ inputs: URL, table: String = Fixture.utf8.path) throws -> ImportPlan {
    let job = importer(inputs, table: table)
    let plan = try job.plan()
    try job.write(plan)
    return plan
  }

  func lines(_ inputs: URL, _ name: String) throws -> [String] {
    try String(contentsOf: inputs.appendingPathComponent(name), encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
  }

  @Test func intoAnEmptyFolderEveryColumnIsARowAndTheTotalACheckpoint() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let plan = try importTable(inputs)
    #expect(plan.changes.count == 22)
    let arrivals = try lines(inputs, "arrivals.csv")
    // A new file gets the status column, from the table's marks.
    #expect(arrivals.first == "period,male,female,total,note,status")
    #expect(arrivals[1] == "..1998,831,116,947,MOU table mou-2020-09.csv (column ~'98),final")
    #expect(arrivals[3] == "2002,510,632,1142,MOU table mou-2020-09.csv (column '02),final")
    #expect(
      arrivals[21]
        == "2020-01..2020-09,64,131,195,MOU table mou-2020-09.csv (column ’20.09 (잠정)): provisional,provisional"
    )
    #expect(arrivals.count == 23)  // header, 21 rows, and the final line end
    #expect(
      try lines(inputs, "checkpoints.csv") == [
        "date,residents,source,measure,status",
        "2020-09-30,33718,MOU table mou-2020-09.csv (column 합계): arrivals through 2020-09 including provisional figures,cumulative_arrivals,provisional",
        "",
      ])
    let dataset = try InputLoader(directory: inputs).load()
    #expect(dataset.arrivals.map(\.total) == Published.total)
    #expect(dataset.arrivals.map(\.status) == Array(repeating: .final, count: 20) + [.provisional])
    #expect(dataset.checkpoints.map(\.status) == [.provisional])
    #expect(dataset.problems.filter { $0.file == "arrivals.csv" }.isEmpty)
  }

  @Test func aSecondImportOfTheSameTableChangesNoByte() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try importTable(inputs)
    let before = try scratch.listing("Inputs").map {
      try Data(contentsOf: inputs.appendingPathComponent($0))
    }
    let modified =
      try FileManager.default.attributesOfItem(
        atPath: inputs.appendingPathComponent("arrivals.csv").path)[.modificationDate] as? Date
    // The same figures from another form of the table (CP949) are the same table.
    let again = try importTable(inputs, table: Fixture.cp949.path)
    #expect(again.isUnchanged)
    #expect(again.changes.isEmpty)
    #expect(again.unchangedRows == 22)
    let after = try scratch.listing("Inputs").map {
      try Data(contentsOf: inputs.appendingPathComponent($0))
    }
    #expect(before == after)
    #expect(scratch.listing("Inputs") == ["arrivals.csv", "checkpoints.csv"])
    let modifiedAfter =
      try FileManager.default.attributesOfItem(
        atPath: inputs.appendingPathComponent("arrivals.csv").path)[.modificationDate] as? Date
    #expect(modified == modifiedAfter)
  }

  @Test func intoTheSampleInputsOnlyTheNewPeriodAndCheckpointAreAdded() throws {
    let scratch = try Scratch()
    let inputs = scratch.url.appendingPathComponent("Inputs")
    try FileManager.default.copyItem(at: Self.sampleInputs, to: inputs)
    let originalArrivals = try lines(inputs, "arrivals.csv")
    let originalCheckpoints = try lines(inputs, "checkpoints.csv")
    let plan = try importTable(inputs)
    #expect(
      plan.changes.map(\.change) == [
        "2020-01..2020-09 added: 195 (male 64, female 131), provisional",
        "checkpoint 2020-09-30 (cumulative arrivals) added: 33,718",
      ])
    #expect(plan.unchangedRows == 20)
    let arrivals = try lines(inputs, "arrivals.csv")
    // Every row kept as it was, in its order (the part-year rows of 2017 and 2018 too), with
    // a blank status (final); the new row goes after the 2020 row it nests in.
    #expect(arrivals[0] == originalArrivals[0] + ",status")
    #expect(
      arrivals.dropFirst().filter { !$0.hasPrefix("2020-01..2020-09") }
        == originalArrivals.dropFirst().map { $0.isEmpty ? $0 : $0 + "," })
    let index = try #require(arrivals.firstIndex { $0.hasPrefix("2020-01..2020-09,") })
    #expect(arrivals[index - 1].hasPrefix("2020,72,157,229,"))
    // The measure column is added; the old rows leave it blank (= residents).
    let checkpoints = try lines(inputs, "checkpoints.csv")
    #expect(checkpoints[0] == "date,residents,source,measure,status")
    #expect(checkpoints[1] == originalCheckpoints[1] + ",,")
    #expect(checkpoints.count == originalCheckpoints.count + 1)
    #expect(checkpoints[4].hasPrefix("2020-09-30,33718,"))
    #expect(checkpoints[5] == originalCheckpoints[4] + ",,")
    let dataset = try InputLoader(directory: inputs).load()
    #expect(dataset.problems.filter { $0.file == "arrivals.csv" }.isEmpty)
  }

  @Test func aCheckpointPublishedBeforeARevisionIsNamedWithWhatTheRevisionMovesItBy() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try scratch.write(
      "period,male,female,total,note\n2002,507,632,1139,MOU table of 2019\n2019,202,844,1046,MOU table of 2019\n",
      to: "Inputs/arrivals.csv")
    try scratch.write(
      "date,residents,source\n2001-12-31,1990,MOU\n2018-11-30,32378,MOU\n2019-12-31,33522,MOU\n",
      to: "Inputs/checkpoints.csv")
    let plan = try importTable(inputs)
    let notices = plan.changes.filter { $0.file == "checkpoints.csv" }.map(\.change)
    #expect(
      notices.contains(
        "checkpoint 2018-11-30 (residents 32,378, line 3) is kept as published, but the revisions of 2002 (+3) change the arrivals up to it by +3: its check in the report moves by as much (update it, or remove it, when a revised total is published)"
      ))
    #expect(
      notices.contains {
        $0.hasPrefix(
          "checkpoint 2019-12-31 (residents 33,522, line 4) is kept as published, but the revisions of 2002 (+3) and 2019 (+1) change the arrivals up to it by +4:"
        )
      })
    // Before the revised years, and the table's own total: nothing to say.
    #expect(!notices.contains { $0.hasPrefix("checkpoint 2001-12-31") })
    #expect(!notices.contains { $0.hasPrefix("checkpoint 2020-09-30") && $0.contains("kept") })
    // The published figures stay as they were.
    let checkpoints = try lines(inputs, "checkpoints.csv")
    #expect(checkpoints.contains("2018-11-30,32378,MOU,,"))
    #expect(checkpoints.contains("2019-12-31,33522,MOU,,"))
  }

  @Test func anImportThatRevisesNothingNamesNoCheckpoint() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try scratch.write("date,residents,source\n2018-11-30,32381,MOU\n", to: "Inputs/checkpoints.csv")
    let plan = try importTable(inputs)
    #expect(!plan.changes.contains { $0.change.contains("kept as published") })
  }

  @Test func aRevisedFigureIsReplacedInPlaceAndListed() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try scratch.write(
      "period,male,female,total,note\r\n2001,1,2,3,kept\r\n2002,507,632,1139,MOU table of 2019\r\n2003,474,811,1285,hand-typed\r\n",
      to: "Inputs/arrivals.csv")
    let plan = try importTable(inputs)
    #expect(
      plan.changes.map(\.change).contains("2002 revised from 1,139 to 1,142 (male 507 → 510)"))
    let arrivals = try scratch.read("Inputs/arrivals.csv").components(separatedBy: "\r\n")
    // The row stays where it was, with the table's figures and note; the same 2003 keeps its
    // own note; CRLF line ends are kept.
    #expect(arrivals[0] == "period,male,female,total,note,status")
    #expect(arrivals.contains("2002,510,632,1142,MOU table mou-2020-09.csv (column '02),final"))
    #expect(arrivals.contains("2003,474,811,1285,hand-typed,"))
    #expect(
      arrivals.firstIndex(of: "2001,1,2,3,kept,")! < arrivals.firstIndex { $0.hasPrefix("2002,") }!)
    #expect(!plan.changes.map(\.change).contains { $0.hasPrefix("2003") })
    _ = arrivals
  }

  @Test func aSplitRevisedWithTheSameTotalIsListed() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try scratch.write("period,male,female,total\n2002,500,642,1142\n", to: "Inputs/arrivals.csv")
    let plan = try importTable(inputs)
    #expect(
      plan.changes.map(\.change).contains(
        "2002 revised: male 500 → 510, female 642 → 632 (total 1,142 unchanged)"))
    // The file had no note column: it is added, blank for rows that were there.
    #expect(try lines(inputs, "arrivals.csv")[0] == "period,male,female,total,note,status")
  }

  @Test func aNestedProvisionalRowStays() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let existing =
      "period,male,female,total,note\n2019-01..2019-06,,,555,\"press report, provisional\"\n"
    try scratch.write(existing, to: "Inputs/arrivals.csv")
    let plan = try importTable(inputs)
    #expect(plan.changes.count == 22)
    let arrivals = try lines(inputs, "arrivals.csv")
    #expect(arrivals.contains("2019-01..2019-06,,,555,\"press report, provisional\","))
    let yearIndex = try #require(arrivals.firstIndex { $0.hasPrefix("2019,") })
    #expect(arrivals[yearIndex + 1].hasPrefix("2019-01..2019-06,"))
  }

  @Test func aConflictWithARowInsideIsRefusedAndNamed() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let existing = "period,male,female,total,note\n2019-01..2019-11,,,1100,press report\n"
    try scratch.write(existing, to: "Inputs/arrivals.csv")
    let error = importError { () throws(ImportError) in _ = try importer(inputs).plan() }
    guard case .mergeConflicts(let lines) = error else {
      Issue.record("expected merge conflicts, got \(String(describing: error))")
      return
    }
    #expect(lines[0].hasPrefix("arrivals.csv would not validate after the import"))
    #expect(
      lines.contains(
        "  arrivals.csv:21: total: the rows inside 2019 (line 22) add up to 1100, more than 1047 (\"1047\")"
      ))
    #expect(lines.contains("  line 21 is the table's column ’19 (mou-2020-09.csv:3:’19)"))
    #expect(
      lines.contains(
        "  line 22 is 2019-01..2019-11, a row of arrivals.csv kept as it was (line 2 before the import)"
      ))
    #expect(try scratch.read("Inputs/arrivals.csv") == existing)
    #expect(scratch.listing("Inputs") == ["arrivals.csv"])
  }

  @Test func aRevisionThatNoLongerMatchesTheRowsInsideItIsRefusedNamingWhatEachLineIs() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let existing =
      "period,male,female,total,note\n2018,168,969,1137,annual\n2018-01..2018-11,,,1042,press\n2018-12,,,95,press\n"
    try scratch.write(existing, to: "Inputs/arrivals.csv")
    // The Ministry revises 2018 to 1,138 (one more man); the part-year rows still say 1,137.
    let table = ministryCSV { rows in
      setCell(&rows, row: 1, heading: "’18", to: "169")
      setCell(&rows, row: 3, heading: "’18", to: "1,138")
      setCell(&rows, row: 4, heading: "’18", to: "85.1%")
      setCell(&rows, row: 1, heading: "합계", to: "9,428")
      setCell(&rows, row: 3, heading: "합계", to: "33,719")
    }
    let path = try scratch.write(table, to: "mou.csv")
    let error = importError { () throws(ImportError) in _ = try importer(inputs, table: path).plan()
    }
    guard case .mergeConflicts(let lines) = error else {
      Issue.record("expected merge conflicts, got \(String(describing: error))")
      return
    }
    let yearLine = try #require(
      lines.first { $0.contains("the rows that cover 2018 exactly") })
    #expect(yearLine.contains("add up to 1137, not 1138"))
    #expect(
      lines.contains {
        $0.hasSuffix(" is 2018, revised from the table's column ’18 (mou.csv:3:’18)")
      })
    #expect(
      lines.contains {
        $0.hasSuffix(
          " is 2018-01..2018-11, a row of arrivals.csv kept as it was (line 3 before the import)")
      })
    #expect(try scratch.read("Inputs/arrivals.csv") == existing)
  }

  @Test func planningWritesNothing() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let plan = try importer(inputs).plan()
    #expect(!plan.isUnchanged)
    #expect(scratch.listing("Inputs").isEmpty)
  }

  @Test func provisionalFiguresConfirmedLaterAreListed() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try importTable(inputs)
    let final = ministryCSV(headings: Published.headings.dropLast() + ["'20.09"])
    let plan = try importTable(inputs, table: try scratch.write(final, to: "mou-final.csv"))
    #expect(
      plan.changes.map(\.change) == [
        "2020-01..2020-09 no longer provisional (195 unchanged)",
        "checkpoint 2020-09-30 (cumulative arrivals) no longer provisional (33,718 unchanged)",
      ])
    #expect(
      try lines(inputs, "arrivals.csv")[21]
        == "2020-01..2020-09,64,131,195,MOU table mou-final.csv (column '20.09),final")
    let dataset = try InputLoader(directory: inputs).load()
    #expect(dataset.arrivals.allSatisfy { $0.status == .final })
    #expect(dataset.checkpoints.map(\.status) == [.final])
  }

  @Test func aRevisedCheckpointIsReplacedAndListed() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try scratch.write(
      "\u{FEFF}date,residents,source,measure\n2020-09-30,33700,old table,cumulative_arrivals\n2020-09-30,33650,MOU residents,\n",
      to: "Inputs/checkpoints.csv")
    let plan = try importTable(inputs)
    #expect(
      plan.changes.map(\.change).contains(
        "checkpoint 2020-09-30 (cumulative arrivals) revised from 33,700 to 33,718"))
    let bytes = Array(try Data(contentsOf: inputs.appendingPathComponent("checkpoints.csv")))
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))  // the BOM is kept
    let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    #expect(text.hasPrefix("date,residents,source,measure,status\n2020-09-30,33718,"))
    // A residents checkpoint of the same date is another measure and stays.
    #expect(text.hasSuffix("\n2020-09-30,33650,MOU residents,,\n"))
  }
}
