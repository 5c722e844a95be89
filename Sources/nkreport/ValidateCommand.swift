import ArgumentParser
import Foundation
import NKInputs

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check the input files against the data contract; write nothing.",
    discussion: """
      Prints one line per input file (rows read, accepted, rejected, SHA-256) and every problem as file:line: column: reason. Exits 0 when every row is valid, 65 when any row is rejected, 66 when the inputs folder or arrivals.csv is missing.
      """)

  @OptionGroup var config: ConfigOption
  @OptionGroup var inputs: InputOptions

  func run() throws {
    let dataset = try inputs.load(settings: config.settings())
    for file in dataset.files {
      guard file.isPresent else {
        print("\(file.name): absent (optional)")
        continue
      }
      print(
        "\(file.name): \(file.rowsRead) rows, \(file.rowsAccepted) accepted, \(file.rowsRejected) rejected, sha256 \(file.sha256)"
      )
    }
    inputs.report(dataset.problems)
    if !dataset.problems.isEmpty {
      EventLog.logger.error("inputs invalid", metadata: ["problems": "\(dataset.problems.count)"])
      throw ExitStatus.dataError
    }
    EventLog.logger.info("inputs valid")
  }
}
