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

  /// Loads and validates the inputs in `directory` (this option, else the settings'); exits 66
  /// when a required file or the folder is missing.
  func load(settings: Settings) throws -> Dataset {
    let directory = self.directory ?? settings.inputs
    let logger = EventLog.logger
    logger.info("reading inputs", metadata: ["dir": "\(directory)"])
    do {
      var dataset = try InputLoader(directory: URL(fileURLWithPath: directory)).load()
      // Reports cite the inputs relative to the inputs folder, so the same inputs reached by
      // another path (`Inputs`, `/var/lib/nkreport/Inputs`) give the same run.json.
      for index in dataset.files.indices {
        dataset.files[index].path = dataset.files[index].name
      }
      return dataset
    } catch {
      switch error {
      case .changedDuringRun:
        // Exit 75 is worth a rerun, not an alert: a notice.
        printError("nkreport: \(error)", priority: .notice)
        logger.notice("input changed while read; run again", metadata: ["reason": "\(error)"])
        throw ExitStatus.tempFail
      default:
        printError("nkreport: \(error)")
        logger.error("input unavailable", metadata: ["reason": "\(error)"])
        throw ExitStatus.noInput
      }
    }
  }

  /// Prints every problem as `file:line: column: reason (value)`, capped per file.
  func report(_ problems: [InputProblem]) {
    for line in problemListing(problems, capPerFile: maxProblemsPerFile) { printError(line) }
  }
}
