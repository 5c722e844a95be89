import ArgumentParser

struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Inspect the settings file.",
    subcommands: [Check.self])

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Read the settings file and print the settings in force.",
      discussion: """
        Exits 0 and prints every setting (file values over the built-in defaults) when the file is valid; exits 78 naming the file, line and key when it has a syntax error, an unknown key or a value of the wrong type.
        """)

    @OptionGroup var config: ConfigOption

    func run() throws {
      let settings = try config.settings()
      print("# \(config.path ?? Settings.defaultPath)")
      for line in settings.listing { print(line) }
    }
  }
}
