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

  /// The settings, or exit 78 (EX_CONFIG) with the reason naming the file, line and key.
  func settings() throws -> Settings {
    do {
      return try Settings.load(path: path)
    } catch {
      printError("nkreport: \(error)")
      EventLog.logger.error("config invalid", metadata: ["reason": "\(error)"])
      throw ExitStatus.config
    }
  }
}
