import ArgumentParser

/// sysexits.h codes the command raises itself (usage errors, 64, come from ArgumentParser;
/// publishing and delivery failures carry their own code in `exitCode`).
enum ExitStatus {
  static let dataError = ExitCode(65)
  static let noInput = ExitCode(66)
  static let tempFail = ExitCode(75)
  static let config = ExitCode(78)
  /// 128 + SIGTERM, as a shell reports a process ended by the signal.
  static let terminated: Int32 = 143
}
