#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One finished child process: wall time, CPU time and peak resident set size, from `wait4`.
struct ChildResult {
  var wallSeconds: Double
  var userSeconds: Double
  var systemSeconds: Double
  /// `ru_maxrss` of the child: kibibytes on Linux.
  var maxRSSKiB: Int
  /// Exit status, or nil when killed by a signal.
  var exitStatus: Int32?
  var signal: Int32?

  var cpuSeconds: Double { userSeconds + systemSeconds }
  var peakRSSMiB: Double { Double(maxRSSKiB) / 1024 }
  var succeeded: Bool { exitStatus == 0 }

  var statusText: String {
    if let exitStatus { return "exit \(exitStatus)" }
    return "signal \(signal ?? 0)"
  }
}

/// Runs `arguments[0]` (an absolute or relative path; no PATH search) with `posix_spawn`, its
/// stdout and stderr sent to `logPath` (appended), and waits for it with `wait4`, whose rusage
/// is that child's alone. `Foundation.Process` is not used: it reaps children on its own
/// thread, which would race `wait4`.
func runChild(_ arguments: [String], logPath: String) throws(BenchError) -> ChildResult {
  guard let program = arguments.first else { throw BenchError("runChild: no program") }
  var fileActions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&fileActions)
  defer { posix_spawn_file_actions_destroy(&fileActions) }
  posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_addopen(
    &fileActions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
  posix_spawn_file_actions_adddup2(&fileActions, 1, 2)

  let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
  defer { for pointer in argv { free(pointer) } }
  let envp = currentEnvironment()
  defer { for pointer in envp { free(pointer) } }

  var pid: pid_t = 0
  let start = ContinuousClock.now
  let spawned = posix_spawn(&pid, program, &fileActions, nil, argv, envp)
  guard spawned == 0 else {
    throw BenchError("cannot start \(program): \(String(cString: strerror(spawned)))")
  }
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) < 0 {
    guard errno == EINTR else {
      throw BenchError("wait4 \(program): \(String(cString: strerror(errno)))")
    }
  }
  let elapsed = ContinuousClock.now - start
  let wall =
    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  let signal = status & 0x7f
  return ChildResult(
    wallSeconds: wall,
    userSeconds: seconds(usage.ru_utime),
    systemSeconds: seconds(usage.ru_stime),
    maxRSSKiB: Int(usage.ru_maxrss),
    exitStatus: signal == 0 ? (status >> 8) & 0xff : nil,
    signal: signal == 0 ? nil : signal)
}

private func seconds(_ time: timeval) -> Double {
  Double(time.tv_sec) + Double(time.tv_usec) / 1e6
}

/// The environment as `KEY=VALUE` C strings (caller frees), nil-terminated.
private func currentEnvironment() -> [UnsafeMutablePointer<CChar>?] {
  var result: [UnsafeMutablePointer<CChar>?] = []
  var index = 0
  while let entry = environmentEntry(index) {
    result.append(strdup(entry))
    index += 1
  }
  result.append(nil)
  return result
}

private func environmentEntry(_ index: Int) -> UnsafeMutablePointer<CChar>? {
  environ[index]
}

/// Measures one command: through the `measure` helper (Benchmarks/measure.c) when there is one,
/// so that the child's peak RSS is its own; otherwise directly, when the peak RSS reported can
/// be no lower than nkbench's own (see measure.c).
func measureChild(_ command: [String], logPath: String, helper: String?) throws(BenchError)
  -> ChildResult
{
  guard let helper else { return try runChild(command, logPath: logPath) }
  let resultPath = logPath + ".rusage"
  let outer = try runChild([helper, resultPath, logPath] + command, logPath: logPath)
  guard outer.succeeded, let file = OutputFile.read(resultPath) else {
    throw BenchError("measure helper \(outer.statusText) for \(command[0]) (log \(logPath))")
  }
  let fields = file.split(whereSeparator: { $0 == " " || $0 == "\n" })
  guard fields.count == 5, let wall = Double(fields[0]), let user = Double(fields[1]),
    let system = Double(fields[2]), let maxRSS = Int(fields[3]), let status = Int32(fields[4])
  else {
    throw BenchError("measure helper wrote an unreadable \(resultPath): \(file)")
  }
  let signal = status & 0x7f
  return ChildResult(
    wallSeconds: wall, userSeconds: user, systemSeconds: system, maxRSSKiB: maxRSS,
    exitStatus: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal)
}
