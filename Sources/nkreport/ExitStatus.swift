import ArgumentParser

/// sysexits.h codes the command raises itself (usage errors, 64, come from ArgumentParser;
/// publishing failures carry their own code in `PublishError.exitCode`).
enum ExitStatus {
  static let dataError = ExitCode(65)
  static let noInput = ExitCode(66)
  static let tempFail = ExitCode(75)
}
