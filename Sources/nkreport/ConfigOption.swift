import ArgumentParser
import Foundation

/// `--config PATH`: the settings file every command reads (absent default file = defaults).
struct ConfigOption: ParsableArguments {
  @Option(
    name: .customLong("config"),
    help: ArgumentHelp(
      "Settings file (default \(Settings.defaultPath); a missing default file means the built-in defaults).",
      valueName: "file"))
  var path: String?

  /// The settings, or exit 78 (EX_CONFIG) listing every problem as `file:line: key: reason`.
  /// Every command reads them here, so all of them refuse the same files for the same reasons.
  func settings() throws -> Settings {
    do {
      return try Settings.load(path: path)
    } catch {
      for problem in error.problems { printError("nkreport: \(problem)") }
      EventLog.logger.error(
        "settings invalid",
        metadata: [
          "file": "\(path ?? Settings.defaultPath)", "problems": "\(error.problems.count)",
        ])
      throw ExitStatus.config
    }
  }
}
