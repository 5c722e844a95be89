import Foundation
import NKDurableFiles
import NKImport
import NKInputs
import NKPeriods
import Testing

/// Which release a table is, what the inputs hold, provisional figures as data, and writing
/// through a symbolic link.
@Suite("Releases and what the inputs hold")
struct ReleaseTests {
  /// The current table made into the release of January 2026: no 2026 column, '25 provisional.
  static func january2026() throws -> String {
    var grid = try Current.grid()
    for index in grid.indices { grid[index].remove(at: 27) }
    grid[0][26] = "'25(잠정)"
    for (row, total) in [(1, "9,594"), (2, "24,944"), (3, "34,538"), (4, "72.2%")] {
      grid[row][27] = total
    }
    return Current.csv(grid)
  }

  func run(_ table: String, into inputs: URL, allowOlder: Bool = false) throws -> ImportPlan {
    let job = MinistryTableImport(tablePath: table, inputs: inputs, allowOlder: allowOlder)
    let plan = try job.plan()
    try job.write(plan)
    return plan
  }

  func contents(_ folder: URL) throws -> [String: Data] {
    var found: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      found[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return found
  }

  @Test func theAsAtMonthIsTheEndOfTheLatestColumn() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let plan = try MinistryTableImport(tablePath: Current.fixture.path, inputs: inputs).plan()
    #expect(plan.asAt == YearMonth(year: 2026, month: 3))
    #expect(plan.inputsAsAt == nil)
    let older = try scratch.write(try Self.january2026(), to: "mou-2026-01.csv")
    #expect(try TableSource.read(path: older).table.asAt == YearMonth(year: 2025, month: 12))
  }

  @Test func anOlderTableIsRefusedNamingBothMonthsAndTheFiguresItWouldMakeProvisional() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try _ = run(Current.fixture.path, into: inputs)
    let before = try contents(inputs)
    let older = try scratch.write(try Self.january2026(), to: "mou-2026-01.csv")
    let error = importError { () throws(ImportError) in
      _ = try MinistryTableImport(tablePath: older, inputs: inputs).plan()
    }
    guard case .olderTable(let table, let held, let backToProvisional) = error else {
      Issue.record("expected an older table, got \(String(describing: error))")
      return
    }
    #expect(table == YearMonth(year: 2025, month: 12))
    #expect(held == YearMonth(year: 2026, month: 3))
    #expect(
      backToProvisional == [
        "2025: final 224 in arrivals.csv (line 27) would become provisional again (224 in the table's column '25(잠정))"
      ])
    #expect(
      error?.description.hasPrefix(
        "the table is as at 2025-12, older than the release the inputs already hold (as at 2026-03); nothing was written"
      ) == true)
    #expect(try contents(inputs) == before)

    // --allow-older imports it, and says so in the changes.
    let plan = try run(older, into: inputs, allowOlder: true)
    #expect(plan.inputsAsAt == YearMonth(year: 2026, month: 3))
    #expect(plan.changes.map(\.change).contains(backToProvisional[0]))
    let dataset = try InputLoader(directory: inputs).load()
    #expect(dataset.arrivals.first { $0.period.description == "2025" }?.status == .provisional)
  }

  @Test func aNewerTableMakesProvisionalFiguresFinal() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let older = try scratch.write(try Self.january2026(), to: "mou-2026-01.csv")
    try _ = run(older, into: inputs)
    var dataset = try InputLoader(directory: inputs).load()
    #expect(dataset.arrivals.last?.status == .provisional)
    #expect(dataset.checkpoints.map(\.status) == [.provisional])
    let plan = try run(Current.fixture.path, into: inputs)
    #expect(plan.inputsAsAt == YearMonth(year: 2025, month: 12))
    #expect(plan.changes.map(\.change).contains("2025 no longer provisional (224 unchanged)"))
    dataset = try InputLoader(directory: inputs).load()
    #expect(dataset.arrivals.first { $0.period.description == "2025" }?.status == .final)
    #expect(dataset.arrivals.last?.status == .provisional)
    // The earlier release's checkpoint is confirmed by the table's final columns through
    // 2025 (the same 34,538); the new one is provisional.
    #expect(
      plan.changes.map(\.change).contains(
        "checkpoint 2025-12-31 (cumulative arrivals) no longer provisional (34,538 unchanged: the table's columns through 2025-12 are final)"
      ))
    #expect(dataset.checkpoints.map(\.date.description) == ["2025-12-31", "2026-03-31"])
    #expect(dataset.checkpoints.map(\.status) == [.final, .provisional])
  }

  @Test func aCheckpointTheTableDoesNotAddUpToStaysAsPublished() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    try _ = run(try scratch.write(try Self.january2026(), to: "mou-2026-01.csv"), into: inputs)
    let path = inputs.appendingPathComponent("checkpoints.csv")
    let edited = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(
      of: "2025-12-31,34538,", with: "2025-12-31,34540,")
    try Data(edited.utf8).write(to: path)
    let plan = try run(Current.fixture.path, into: inputs)
    #expect(!plan.changes.contains { $0.change.hasPrefix("checkpoint 2025-12-31") })
    let dataset = try InputLoader(directory: inputs).load()
    #expect(dataset.checkpoints.map(\.status) == [.provisional, .provisional])
  }

  @Test(arguments: ["csv", "cp949", "xlsx"])
  func reimportingTheSameTableChangesNoByte(_ form: String) throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let table: String
    switch form {
    case "csv": table = Current.fixture.path
    case "cp949": table = Current.cp949.path
    default:
      table = scratch.path("mou.xlsx")
      try WorkbookBuilder(sheets: [WorkbookBuilder.tableSheet(name: "T", grid: try Current.grid())])
        .write(to: table)
    }
    try _ = run(table, into: inputs)
    let before = try contents(inputs)
    let again = try run(table, into: inputs)
    #expect(again.isUnchanged)
    #expect(again.changes.isEmpty)
    #expect(try contents(inputs) == before)
  }

  @Test func aSymbolicLinkInTheInputsIsWrittenThroughToItsTarget() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let shared = scratch.url.appendingPathComponent("shared")
    try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
    try scratch.write(
      "period,male,female,total,note\n2002,510,632,1142,shared\n", to: "shared/arrivals.csv")
    // A relative link, as `ln -s ../shared/arrivals.csv` makes it.
    try FileManager.default.createSymbolicLink(
      atPath: inputs.appendingPathComponent("arrivals.csv").path,
      withDestinationPath: "../shared/arrivals.csv")
    try _ = run(Current.fixture.path, into: inputs)
    let link = inputs.appendingPathComponent("arrivals.csv").path
    #expect(
      try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../shared/arrivals.csv")
    let written = try scratch.read("shared/arrivals.csv")
    #expect(written.contains("2026-01..2026-03,3,40,43,"))
    #expect(written.contains("2002,510,632,1142,shared,"))
    // No temporary file left in either folder.
    #expect(scratch.listing("shared") == ["arrivals.csv"])
    #expect(scratch.listing("Inputs") == ["arrivals.csv", "checkpoints.csv"])
    #expect(try InputLoader(directory: inputs).load().arrivals.count == 27)
  }

  @Test func aWriteThatFailsThroughALinkNamesTheLinkAndChangesNoFile() throws {
    let scratch = try Scratch()
    let inputs = try scratch.inputs()
    let shared = scratch.url.appendingPathComponent("shared")
    try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
    try scratch.write(
      "period,male,female,total,note\n2002,510,632,1142,shared\n", to: "shared/arrivals.csv")
    let link = inputs.appendingPathComponent("arrivals.csv").path
    // An absolute link, so the fault below can name the target's folder as the write sees it.
    try FileManager.default.createSymbolicLink(
      atPath: link, withDestinationPath: shared.appendingPathComponent("arrivals.csv").path)
    let before = try scratch.read("shared/arrivals.csv")
    let job = MinistryTableImport(tablePath: Current.fixture.path, inputs: inputs)
    let plan = try job.plan()
    // The disk holding the link's target is full.
    let fault = FaultInjection.Fault(.write, under: shared.path, errno: ENOSPC)
    #expect(throws: ImportError.cannotWrite(path: link, reason: String(cString: strerror(ENOSPC))))
    {
      try FaultInjection.with(fault) { try job.write(plan) }
    }
    #expect(try scratch.read("shared/arrivals.csv") == before)
    #expect(scratch.listing("shared") == ["arrivals.csv"])
    // checkpoints.csv, written beside it, is not there either: all or none.
    #expect(scratch.listing("Inputs") == ["arrivals.csv"])
  }
}
