import ArgumentParser
import Foundation
import NKInputs

struct InputOptions: ParsableArguments {
  @Option(
    name: .customLong("inputs"),
    help: ArgumentHelp(
      "Folder holding arrivals.csv and the optional input files.", valueName: "dir"))
  var directory: String = "Inputs"

  @Option(
    name: .customLong("max-problems"),
    help: "How many problems to list per input file before summarising the rest.")
  var maxProblemsPerFile: Int = 50

  /// Loads and validates the inputs; exits 66 when a required file or the folder is missing.
  func load() throws -> Dataset {
    let logger = EventLog.logger
    logger.info("reading inputs", metadata: ["dir": "\(directory)"])
    do {
      var dataset = try InputLoader(directory: URL(fileURLWithPath: directory)).load()
      // Reports cite the inputs as the operator named them, so the same inputs run from
      // another working folder give the same run.json.
      for index in dataset.files.indices {
        dataset.files[index].path = (directory as NSString).appendingPathComponent(
          dataset.files[index].name)
      }
      return dataset
    } catch {
      printError("nkreport: \(error)")
      logger.error("input unavailable", metadata: ["reason": "\(error)"])
      switch error {
      case .changedDuringRun: throw ExitStatus.tempFail
      default: throw ExitStatus.noInput
      }
    }
  }

  /// Prints every problem as `file:line: column: reason (value)`, capped per file.
  func report(_ problems: [InputProblem]) {
    for line in problemListing(problems, capPerFile: maxProblemsPerFile) { printError(line) }
  }
}
