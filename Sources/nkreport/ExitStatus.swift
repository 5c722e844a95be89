import ArgumentParser

/// sysexits.h codes, the contract's exit statuses.
enum ExitStatus {
  static let usage = ExitCode(64)
  static let dataError = ExitCode(65)
  static let noInput = ExitCode(66)
  static let software = ExitCode(70)
  static let cannotCreate = ExitCode(73)
  static let tempFail = ExitCode(75)
}
