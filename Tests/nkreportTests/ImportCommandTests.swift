import Foundation
import Testing

/// `nkreport import mou-table` as an analyst runs it.
@Suite("Importing the Ministry's table")
struct ImportCommandTests {
  static let fixtures = NKReport.packageRoot.appendingPathComponent("Tests/NKImportTests/Fixtures")
  static let table = fixtures.appendingPathComponent("mou-2020-09.csv").path
  static let cp949Table = fixtures.appendingPathComponent("mou-2020-09-cp949.csv").path

  @Test
  func importedIntoAnEmptyFolderTheReportGivesTheMinistrysFigures() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(
      atPath: scratch.path("Inputs"), withIntermediateDirectories: true)
    let imported = try NKReport.run([
      "import", "mou-table", Self.cp949Table, "--inputs", scratch.path("Inputs"),
    ])
    #expect(imported.status == 0, "\(imported.stderr)")
    let run = try NKReport.run([
      "run", "--inputs", scratch.path("Inputs"), "--reports", scratch.path("Reports"), "--period",
      "2020-09",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let summary = summaryFigures(try scratch.read("Reports/2020-09/summary.csv"))
    #expect(summary["arrivals_ytd"] == "195")
    // 2019 is one annual row: January–September 2019 is not computable.
    #expect(summary["arrivals_ytd_prev"] == "")
    let checks = try scratch.read("Reports/2020-09/checks.csv").split(separator: "\n")
    // check,expected,computed,difference,status[,…]: the Ministry's total, reconciled.
    let reconciled = checks.first { $0.hasPrefix("cumulative arrivals 2020-09-30,") }
    #expect(
      reconciled?.split(separator: ",").dropFirst().prefix(4) == ["33718", "33718", "0", "ok"])
  }

  @Test func importListsEveryRowAndASecondImportChangesNothing() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(
      atPath: scratch.path("Inputs"), withIntermediateDirectories: true)
    let first = try NKReport.run([
      "import", "mou-table", Self.table, "--inputs", scratch.path("Inputs"),
    ])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(
      first.stdout.contains(
        "CSV, UTF-8, table at mou-2020-09.csv:3:구분, 21 period columns ..1998 to 2020-01..2020-09, total 33,718 through 2020-09"
      ))
    #expect(first.stdout.contains("arrivals.csv: 2002 added: 1,142 (male 510, female 632)"))
    #expect(
      first.stdout.contains(
        "checkpoints.csv: checkpoint 2020-09-30 (cumulative arrivals) added: 33,718"))
    let arrivals = try scratch.read("Inputs/arrivals.csv")
    let second = try NKReport.run([
      "import", "mou-table", Self.cp949Table, "--inputs", scratch.path("Inputs"),
    ])
    #expect(second.status == 0)
    #expect(second.stdout.contains("CSV, CP949 (EUC-KR)"))
    #expect(second.stdout.contains("already holds this table; nothing changed"))
    #expect(try scratch.read("Inputs/arrivals.csv") == arrivals)
  }

  @Test func aRevisionIsListedAndADryRunWritesNothing() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    let path = inputs.appendingPathComponent("arrivals.csv")
    let edited = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(
      of: "2002,510,632,1142,", with: "2002,507,632,1139,")
    try Data(edited.utf8).write(to: path)
    let dryRun = try NKReport.run([
      "import", "mou-table", Self.table, "--inputs", inputs.path, "--dry-run",
    ])
    #expect(dryRun.status == 0, "\(dryRun.stderr)")
    #expect(
      dryRun.stdout.contains("arrivals.csv: 2002 revised from 1,139 to 1,142 (male 507 → 510)"))
    #expect(
      dryRun.stdout.contains(
        "arrivals.csv: 2020-01..2020-09 added: 195 (male 64, female 131), provisional"))
    #expect(dryRun.stdout.contains("dry run; nothing written"))
    #expect(try String(contentsOf: path, encoding: .utf8) == edited)
    let real = try NKReport.run(["import", "mou-table", Self.table, "--inputs", inputs.path])
    #expect(real.status == 0)
    #expect(
      try String(contentsOf: path, encoding: .utf8).contains(
        "\n2002,510,632,1142,MOU table mou-2020-09.csv"))
  }

  @Test func aTableThatDoesNotAddUpIsExit65WithEveryProblemAndNothingWritten() throws {
    let scratch = try Scratch()
    try FileManager.default.createDirectory(
      atPath: scratch.path("Inputs"), withIntermediateDirectories: true)
    let broken = try String(contentsOfFile: Self.table, encoding: .utf8)
      .replacingOccurrences(of: "남(명),831,565,510,", with: "남(명),831,565,511,")
      .replacingOccurrences(of: ",67.2%,", with: ",72.1%,")
    try scratch.write(broken, to: "mou.csv")
    let result = try NKReport.run([
      "import", "mou-table", scratch.path("mou.csv"), "--inputs", scratch.path("Inputs"),
    ])
    #expect(result.status == 65)
    #expect(result.stderr.contains("mou.csv:6:'02: male + female = 511 + 632 = 1,143, not 1,142"))
    #expect(result.stderr.contains("mou.csv:4:합계: the period columns add up to 9,428, not 9,427"))
    // The ratio beside them is a warning, not one of the problems.
    #expect(!result.stderr.contains("72.1%"))
    #expect(result.stderr.contains("the table has 2 problems; nothing was written"))
    #expect(scratch.listing("Inputs").isEmpty)
  }

  @Test func aDryRunShowsTheAsAtMonthTheSheetAndEveryWarningAndAnOlderTableIsExit65() throws {
    let scratch = try Scratch()
    let inputs = try scratch.copyOfSampleInputs()
    let current = Self.fixtures.appendingPathComponent("mou-2026-03.csv").path
    let dryRun = try NKReport.run([
      "import", "mou-table", current, "--inputs", inputs.path, "--dry-run",
    ])
    #expect(dryRun.status == 0, "\(dryRun.stderr)")
    #expect(dryRun.stdout.contains("mou-2026-03.csv: CSV, UTF-8, table at mou-2026-03.csv:3:구분"))
    #expect(dryRun.stdout.contains("\nrelease as at 2026-03\n"))
    #expect(
      dryRun.stdout.contains(
        "warning: mou-2026-03.csv:7:'26.1~3월(잠정): the printed female ratio 88.4% is not female ÷ total = 40 ÷ 43 = 93.0%"
      ))
    #expect(
      dryRun.stdout.contains(
        "arrivals.csv: 2026-01..2026-03 added: 43 (male 3, female 40), provisional"))
    let real = try NKReport.run(["import", "mou-table", current, "--inputs", inputs.path])
    #expect(real.status == 0, "\(real.stderr)")
    let arrivals = try String(
      contentsOf: inputs.appendingPathComponent("arrivals.csv"), encoding: .utf8)
    let older = try NKReport.run(["import", "mou-table", Self.table, "--inputs", inputs.path])
    #expect(older.status == 65)
    #expect(
      older.stderr.contains(
        "the table is as at 2020-09, older than the release the inputs already hold (as at 2026-03); nothing was written"
      ))
    #expect(
      try String(contentsOf: inputs.appendingPathComponent("arrivals.csv"), encoding: .utf8)
        == arrivals)
    let allowed = try NKReport.run([
      "import", "mou-table", Self.table, "--inputs", inputs.path, "--allow-older", "--dry-run",
    ])
    #expect(allowed.status == 0, "\(allowed.stderr)")
    #expect(
      allowed.stdout.contains("release as at 2020-09; the inputs hold the release as at 2026-03"))
  }

  @Test func aMissingFileOrFolderIsExit66AndARefusalExit65() throws {
    let scratch = try Scratch()
    let missing = try NKReport.run([
      "import", "mou-table", scratch.path("nowhere.csv"), "--inputs", scratch.path(""),
    ])
    #expect(missing.status == 66)
    #expect(missing.stderr.contains("table file not found"))
    let noFolder = try NKReport.run([
      "import", "mou-table", Self.table, "--inputs", scratch.path("nowhere"),
    ])
    #expect(noFolder.status == 66)
    #expect(noFolder.stderr.contains("inputs folder not found"))
    let bomb = try NKReport.run([
      "import", "mou-table", Self.fixtures.appendingPathComponent("zip-bomb.xlsx").path, "--inputs",
      scratch.path(""),
    ])
    #expect(bomb.status == 65)
    #expect(bomb.stderr.contains("(a zip bomb?)"))
  }
}
