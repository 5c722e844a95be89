import ArgumentParser
import Foundation
import NKInputs

struct InputOptions: ParsableArguments {
  @Option(
    name: .customLong("inputs"),
    help: ArgumentHelp(
      "Folder holding arrivals.csv and the optional input files (default: inputs in the settings file, else Inputs).",
      valueName: "dir"))
  var directory: String?

  @Option(
    name: .customLong("max-problems"),
    help: "How many problems to list per input file before summarising the rest.")
  var maxProblemsPerFile: Int = 50

  /// Reads and validates every input in `directory` (this option, else the settings'), the
  /// aid ledger included; exits 66 when a required file or the folder is missing.
  func load(settings: Settings) throws -> Dataset {
    try complete(open(settings: settings))
  }

  /// Reads and validates the inputs but the aid ledger's rows, which the report reads once as
  /// it is written; exits 66 when a required file or the folder is missing.
  func open(settings: Settings) throws -> Dataset {
    let directory = self.directory ?? settings.inputs
    EventLog.logger.info("reading inputs", metadata: ["dir": "\(directory)"])
    return try unavailableExits66 {
      try InputLoader(directory: URL(fileURLWithPath: directory)).open()
    }
  }

  /// `dataset` with its aid ledger read (validated, records not kept).
  func complete(_ dataset: Dataset) throws -> Dataset {
    try unavailableExits66 { dataset.including(try dataset.aid.read { _ in }) }
  }

  private func unavailableExits66<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      printError("nkreport: \(error)")
      EventLog.logger.error("input unavailable", metadata: ["reason": "\(error)"])
      throw ExitStatus.noInput
    }
  }

  /// Prints every problem as `file:line: column: reason (value)`, capped per file.
  func report(_ problems: [InputProblem]) {
    for line in problemListing(problems, capPerFile: maxProblemsPerFile) { printError(line) }
  }
}
