import ArgumentParser
import Foundation
import NKImport

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Bring a published table into the inputs folder.",
    subcommands: [MinistryTableImportCommand.self])
}

struct MinistryTableImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mou-table",
    abstract:
      "Read the Ministry of Unification's wide arrivals table (CSV or XLSX) into arrivals.csv and checkpoints.csv.",
    discussion: """
      FILE is the table as the Ministry publishes it (~'98, ~'01, '02 … '25, '26.1~3월(잠정) or '26.9월말, 합계; Korean, English or Chinese headings and labels, docs/INPUTS.md lists every form), saved as CSV (UTF-8, UTF-8 with BOM, or CP949/EUC-KR) or XLSX (the first sheet holding the table; headings read as the office program shows them). Each period column becomes an arrivals.csv row and the total column a checkpoint of cumulative arrivals, with status provisional where the table marks it (잠정/暂定/provisional). The table is checked first (male + female = total, the total column = the sum of the columns, every header, no overlapping periods); a printed female ratio that is not female ÷ total is a warning. The merged files must pass the input contract. Periods already present with the same figures are left alone; different figures are replaced and listed as revisions. A table older than the release the inputs already hold (its as-at month, the end of its latest column) is refused unless --allow-older. A symbolic link in the inputs folder is written through to its target.

      Exit codes: 0 imported or nothing to change, 65 the table or the merged inputs have problems, or the table is older (all listed; nothing written), 66 FILE or the inputs folder is missing, 73 the inputs folder cannot be written.
      """)

  @Argument(help: ArgumentHelp("The Ministry's table, .csv or .xlsx.", valueName: "file"))
  var file: String

  @OptionGroup var config: ConfigOption

  @Option(
    name: .customLong("inputs"),
    help: ArgumentHelp(
      "Inputs folder to merge into (default: inputs in the settings file, else Inputs).",
      valueName: "dir"))
  var directory: String?

  @Flag(name: .customLong("dry-run"), help: "Print the changes; write nothing.")
  var dryRun = false

  @Flag(
    name: .customLong("allow-older"),
    help: "Import a table older than the release the inputs folder already holds.")
  var allowOlder = false

  func run() throws {
    let logger = EventLog.logger
    let directory = try self.directory ?? config.settings().inputs
    let importer = MinistryTableImport(
      tablePath: file, inputs: URL(fileURLWithPath: directory), allowOlder: allowOlder)
    let plan: ImportPlan
    do {
      plan = try importer.plan()
    } catch {
      printError(describe(error))
      logger.error("import refused", metadata: ["file": "\(file)"])
      throw exitCode(error)
    }
    let columns = plan.table.columns
    let span =
      columns.isEmpty
      ? ""
      : "\(columns.count) period columns \(columns[0].period) to \(columns[columns.count - 1].period)"
    let total = plan.table.cumulative.map {
      ", total \(Figures.grouped($0.total)) through \($0.through)"
    }
    print("\(file): \(plan.format), table at \(plan.table.headerLocation), \(span)\(total ?? "")")
    let held = plan.inputsAsAt.map { "; the inputs hold the release as at \($0)" } ?? ""
    print("release as at \(plan.asAt.map(String.init(describing:)) ?? "unknown")\(held)")
    if let inputsAsAt = plan.inputsAsAt, let asAt = plan.asAt, asAt < inputsAsAt {
      print("nkreport: importing an older table (--allow-older)")
    }
    for warning in plan.warnings { print("warning: \(warning)") }
    for (name, change) in plan.changes { print("\(name): \(change)") }
    if plan.unchangedRows > 0 {
      print("unchanged: \(plan.unchangedRows) rows already hold the table's figures")
    }
    if plan.isUnchanged {
      print("nkreport: \(directory) already holds this table; nothing changed")
      return
    }
    if dryRun {
      print("nkreport: dry run; nothing written")
      return
    }
    do {
      try importer.write(plan)
    } catch {
      printError(describe(error))
      logger.error("import not written", metadata: ["reason": "\(error)"])
      throw exitCode(error)
    }
    let written = plan.files.filter(\.isChanged).map(\.name).joined(separator: ", ")
    print("nkreport: imported \(file) into \(directory) (\(written))")
    logger.info("imported", metadata: ["file": "\(file)", "changes": "\(plan.changes.count)"])
  }

  private func describe(_ error: ImportError) -> String {
    switch error {
    case .tableProblems(let problems):
      return
        (problems.map(\.description)
        + [
          "nkreport: the table has \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was written"
        ])
        .joined(separator: "\n")
    default: return "nkreport: \(error)"
    }
  }

  private func exitCode(_ error: ImportError) -> ExitCode {
    switch error {
    case .notFound, .unreadable: return ExitCode(66)
    case .refused, .tableProblems, .mergeConflicts, .olderTable: return ExitCode(65)
    case .cannotWrite: return ExitCode(73)
    }
  }
}
