import ArgumentParser

struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Inspect the settings file.",
    subcommands: [Check.self])

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Check the settings file and print the settings in force.",
      discussion: """
        Applies exactly the checks `run` and `send` apply when they read the file: syntax, unknown keys, types, empty paths, mail addresses (one per string, no line breaks; a non-ASCII display name is fine, it is RFC 2047 encoded), an absolute sendmail path, positive sizes and timeouts. Exits 0 and prints every setting (file values over the built-in defaults) when the file is valid; otherwise lists every problem as `file:line: key: reason` and exits 78.
        """)

    @OptionGroup var config: ConfigOption

    func run() throws {
      let settings = try config.settings()
      print("# \(config.path ?? Settings.defaultPath)")
      for line in settings.listing { print(line) }
    }
  }
}
