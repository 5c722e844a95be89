import ArgumentParser

@main
struct NKReportCommand: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "nkreport",
    abstract:
      "Monthly report on North Korean arrivals in South Korea, residents and humanitarian aid.",
    discussion: """
      Reads the Ministry of Unification datasets in an inputs folder (arrivals.csv, and optionally departures.csv, checkpoints.csv, aid.csv, fx.csv), computes period-to-date comparisons, annual summaries, resident counts and aid totals, and publishes into REPORTS/PERIOD/ a formatted Excel workbook, CSV tables, an e-mail digest (text, HTML and a MIME message with the workbook attached), run.json and SHA256SUMS.

      Exit codes (sysexits): 0 published or unchanged, 64 usage, 65 invalid input data, 66 missing input, 73 cannot write the report, 75 another run holds the lock.
      """,
    version: "nkreport \(version)",
    subcommands: [RunCommand.self, ValidateCommand.self, ImportCommand.self],
    defaultSubcommand: nil
  )
}
