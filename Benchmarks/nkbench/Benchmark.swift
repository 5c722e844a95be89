import Foundation

/// One program measured `runs` times (at one ledger size, or the sample report).
final class Measurement {
  let key: MeasureKey
  let title: String
  /// The command for run `i` (0-based).
  let command: (Int) -> [String]
  /// Output of run `i` to size and delete afterwards (file or folder), if any.
  let output: ((Int) -> String)?
  /// Whether the output folder is made empty before each run (`nkreport run` publishes into it).
  let freshFolder: Bool
  var results: [ChildResult] = []
  var outputBytes: Int?
  var failure: String?

  init(
    key: MeasureKey, title: String, command: @escaping (Int) -> [String],
    output: ((Int) -> String)? = nil, freshFolder: Bool = false
  ) {
    self.key = key
    self.title = title
    self.command = command
    self.output = output
    self.freshFolder = freshFolder
  }

  var walls: [Double] { results.map(\.wallSeconds).sorted() }
  var medianWall: Double? { median(walls) }
  var minWall: Double? { walls.first }
  var medianCPU: Double? { median(results.map(\.cpuSeconds).sorted()) }
  var maxRSSMiB: Double? { results.map(\.peakRSSMiB).max() }
  /// Measured at least once and never failed.
  var completed: Bool { failure == nil && !results.isEmpty }
}

func median(_ sorted: [Double]) -> Double? {
  guard !sorted.isEmpty else { return nil }
  let mid = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/// The measurements at one ledger size.
struct SizeResult {
  var rows: Int
  var aidBytes: Int
  var measurements: [Measurement]

  subscript(key: MeasureKey) -> Measurement? { measurements.first { $0.key == key } }
}

/// The executables found or compiled before measuring.
struct Programs {
  var helper: String?
  var baseline: String?
  var nkreport: String?
  /// An empty settings file, given to every nkreport command as `--config`: the job runs with
  /// its built-in defaults whatever the machine's /etc/nkreport/nkreport.toml says.
  var settings = ""
  var python: PythonSetup?
  var notes: [String] = []
}

struct Benchmark {
  let options: BenchCommand

  /// Runs everything and prints the report; returns the exit status (0 pass, 1 a target failed).
  func run() throws -> Int32 {
    let work = try WorkFolder(parent: options.workDir, keep: options.keep)
    defer { work.finish() }
    let programs = try findPrograms(work)
    for note in programs.notes { say("nkbench: \(note)") }
    let report = BenchReport(options: options, python: programs.python)

    var sample: Measurement?
    if let nkreport = programs.nkreport, options.wanted.contains(.sample) {
      sample = try measureSample(nkreport, programs: programs, work: work)
    }

    var sizes: [SizeResult] = []
    for rows in options.rows.counts {
      let size = try measureSize(rows, programs: programs, work: work)
      report.printTable(size)
      sizes.append(size)
    }
    if let sample { report.printSample(sample) }
    if sizes.count > 1 { report.printSummary(sizes) }
    return report.printTargets(sizes: sizes, sample: sample, notes: programs.notes) ? 1 : 0
  }

  // MARK: Programs

  private func findPrograms(_ work: WorkFolder) throws -> Programs {
    var programs = Programs()
    if let given = options.nkreport {
      let absolute = absolutePath(given)
      guard FileManager.default.isExecutableFile(atPath: absolute) else {
        throw BenchError("--nkreport \(given): no executable file there")
      }
      programs.nkreport = absolute
      programs.settings = work.path + "/nkreport.toml"
      let file = try OutputFile(path: programs.settings)
      file.append("# nkbench: nkreport's built-in defaults\n")
      try file.close()
    } else {
      programs.notes.append("nkreport not measured (no --nkreport): no target checked")
    }
    let cc = CCompiler(cc: options.cc, benchmarks: benchmarksFolder, logs: work.logs)
    switch cc.compile("measure.c", into: work.path + "/measure", xlsxwriter: false) {
    case .success(let binary): programs.helper = binary
    case .failure(let reason):
      programs.notes.append(
        "measure helper unavailable (\(reason)): peak RSS figures cannot be lower than nkbench's own"
      )
    }
    if options.wanted.contains(.c) {
      switch cc.compile("baseline.c", into: work.path + "/baseline", xlsxwriter: true) {
      case .success(let binary): programs.baseline = binary
      case .failure(let reason): programs.notes.append("C baseline unavailable: \(reason)")
      }
    }
    let pythonWanted = !options.wanted.isDisjoint(with: [.python, .pandas])
    if pythonWanted && options.pythonSizes.isEmpty {
      programs.notes.append("Python programs not measured: no size of --rows in --python-rows")
    } else if pythonWanted {
      switch PythonSetup.find(
        options.python, scripts: benchmarksFolder + "/python", logs: work.logs)
      {
      case .success(let python):
        programs.python = python
        programs.notes += python.missing
        if python.cellsScript != nil && options.pythonSizes != options.rows.counts {
          let at = options.pythonSizes.map(grouped).joined(separator: ", ")
          programs.notes.append("Python programs measured at \(at) rows only (--python-rows)")
        }
      case .failure(let reason):
        programs.notes.append("Python programs skipped: \(reason)")
      }
    }
    return programs
  }

  /// The folder of `--baseline-source` (Benchmarks/), where measure.c and python/ are too.
  private var benchmarksFolder: String {
    let baseline = absolutePath(options.baselineSource)
    return String(baseline[..<(baseline.lastIndex(of: "/") ?? baseline.startIndex)])
  }

  // MARK: Measuring

  /// The sample report: the repository's Inputs/ at its default period, in a fresh folder.
  private func measureSample(_ nkreport: String, programs: Programs, work: WorkFolder) throws
    -> Measurement?
  {
    let inputs = absolutePath(options.sampleInputs)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: inputs, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      say("nkbench: sample report not measured: no folder \(inputs) (--sample-inputs)")
      return nil
    }
    let outputs = work.path + "/sample"
    let sample = Measurement(
      key: .sample, title: "sample report (\(options.sampleInputs))",
      command: { i in
        [
          nkreport, "run", "--config", programs.settings, "--inputs", inputs, "--reports",
          outputs + "/reports-\(i)",
        ]
      },
      output: { i in outputs + "/reports-\(i)" }, freshFolder: true)
    say(
      "nkbench: sample report, 1 warm-up + \(options.sampleRuns) run(s); load average \(loadAverage())"
    )
    try measureRounds(
      [sample], runs: options.sampleRuns, warmUp: true, label: "sample", programs: programs,
      work: work)
    return sample
  }

  /// Generates the ledger of `rows` rows, measures every wanted program on it, interleaved,
  /// and deletes the inputs and outputs (unless `--keep`).
  private func measureSize(_ rows: Int, programs: Programs, work: WorkFolder) throws -> SizeResult {
    let seed = options.seed
    let inputs = work.path + "/inputs-\(rows)"
    let outputs = work.path + "/out-\(rows)"
    for directory in [inputs, outputs] { try makeDirectory(directory) }
    let generationStart = ContinuousClock.now
    let aidBytes = try InputsGenerator(rows: rows, seed: seed).write(into: inputs)
    say("")
    say(
      "nkbench: \(grouped(rows)) rows: generated inputs (aid.csv \(formatMB(aidBytes))) in "
        + fixed(seconds(ContinuousClock.now - generationStart), 1) + " s")

    let wanted = options.wanted
    var measurements: [Measurement] = []
    if wanted.contains(.c), let baseline = programs.baseline {
      measurements.append(
        Measurement(
          key: .c, title: "libxlsxwriter alone (C)",
          command: { i in [baseline, outputs + "/c-\(i).xlsx", "\(rows)", "\(seed)"] },
          output: { i in outputs + "/c-\(i).xlsx" }))
    }
    if wanted.contains(.swift) {
      let me = selfExecutable()
      measurements.append(
        Measurement(
          key: .swift, title: "libxlsxwriter via XlsxWriter",
          command: { i in
            [
              me, "write-xlsx", "--rows", "\(rows)", "--seed", "\(seed)", "--output",
              outputs + "/swift-\(i).xlsx",
            ]
          },
          output: { i in outputs + "/swift-\(i).xlsx" }))
    }
    if let nkreport = programs.nkreport {
      if wanted.contains(.run) {
        measurements.append(
          Measurement(
            key: .run, title: "nkreport run",
            command: { i in
              [
                nkreport, "run", "--config", programs.settings, "--inputs", inputs,
                "--reports", outputs + "/reports-\(i)", "--period", options.period,
              ]
            },
            output: { i in outputs + "/reports-\(i)" }, freshFolder: true))
      }
      if wanted.contains(.validate) {
        measurements.append(
          Measurement(
            key: .validate, title: "nkreport validate",
            command: { _ in
              [nkreport, "validate", "--config", programs.settings, "--inputs", inputs]
            }))
      }
    }
    if let python = programs.python, options.pythonSizes.contains(rows) {
      if wanted.contains(.python), let script = python.cellsScript {
        measurements.append(
          Measurement(
            key: .python, title: "Python XlsxWriter",
            command: { i in [python.executable, script, inputs, outputs + "/python-\(i).xlsx"] },
            output: { i in outputs + "/python-\(i).xlsx" }))
      }
      if wanted.contains(.pandas), let script = python.pandasScript {
        measurements.append(
          Measurement(
            key: .pandas, title: "pandas + XlsxWriter",
            command: { i in
              [python.executable, script, inputs, outputs + "/pandas-\(i)", options.period]
            },
            output: { i in outputs + "/pandas-\(i)" }, freshFolder: true))
      }
    }
    guard !measurements.isEmpty else { throw BenchError("nothing to measure") }

    say(
      "nkbench: \(grouped(rows)) rows: \(options.runs) run(s) of each, interleaved; "
        + "load average \(loadAverage())")
    try measureRounds(
      measurements, runs: options.runs, warmUp: false, label: "\(rows)", programs: programs,
      work: work)
    if !options.keep {
      try? FileManager.default.removeItem(atPath: inputs)
      try? FileManager.default.removeItem(atPath: outputs)
    }
    return SizeResult(rows: rows, aidBytes: aidBytes, measurements: measurements)
  }

  /// Runs each measurement `runs` times, round-robin (A B C A B C …), so that a burst of load
  /// on the shared machine hits all of them alike; a program that fails is not run again.
  private func measureRounds(
    _ measurements: [Measurement], runs: Int, warmUp: Bool, label: String, programs: Programs,
    work: WorkFolder
  ) throws {
    let files = FileManager.default
    let first = warmUp ? -1 : 0
    for round in first..<runs {
      for m in measurements where m.failure == nil {
        // The warm-up writes into run 0's folder, which is then made fresh again.
        let index = max(round, 0)
        if m.freshFolder, let output = m.output?(index) {
          // A fresh folder each run: a rerun into the same one would find nothing to change
          // and exit early, measuring nothing.
          try? files.removeItem(atPath: output)
          try makeDirectory(output)
        }
        let name = round < 0 ? "warm-up" : "\(round)"
        let log = work.logs + "/\(m.key.rawValue)-\(label)-\(name).log"
        let result = try measureChild(m.command(index), logPath: log, helper: programs.helper)
        let line =
          "  [\(round < 0 ? "warm-up" : "\(round + 1)/\(runs)")] \(pad(m.title, 30)) "
          + "\(fixed(result.wallSeconds, 3)) s wall, \(fixed(result.cpuSeconds, 3)) s cpu, "
          + "\(fixed(result.peakRSSMiB, 1)) MiB peak"
        if result.succeeded {
          if round >= 0 { m.results.append(result) }
          say(line)
        } else {
          m.failure = "\(result.statusText) (log \(log))"
          work.keepLogs = true
          say(line + ", FAILED: \(result.statusText)")
          say(tail(of: log, lines: 15).map { "    | " + $0 }.joined(separator: "\n"))
        }
        if let output = m.output?(index) {
          if result.succeeded && round >= 0 { m.outputBytes = byteCount(atPath: output) }
          let last = round == runs - 1
          if !(options.keep && last) { try? files.removeItem(atPath: output) }
        }
      }
    }
  }
}

/// The temporary work folder: deleted at the end, except its logs when a program failed, or
/// all of it with `--keep`.
final class WorkFolder {
  let path: String
  let logs: String
  private let keep: Bool
  var keepLogs = false

  init(parent: String?, keep: Bool) throws {
    let parent =
      parent ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap {
        $0.isEmpty ? nil : $0
      } ?? "/tmp"
    path = try makeTemporaryDirectory(in: parent)
    logs = path + "/logs"
    self.keep = keep
    try makeDirectory(logs)
    say("nkbench: work folder \(path)")
  }

  func finish() {
    let files = FileManager.default
    if keep {
      say("nkbench: kept \(path)")
    } else if keepLogs, let names = try? files.contentsOfDirectory(atPath: path) {
      for name in names where name != "logs" { try? files.removeItem(atPath: path + "/" + name) }
      say("nkbench: a program failed; kept its logs in \(logs)")
    } else {
      try? files.removeItem(atPath: path)
    }
  }
}

/// Compiles the C programs beside baseline.c with `cc -O2`.
struct CCompiler {
  var cc: String
  var benchmarks: String
  var logs: String

  /// Compiles `benchmarks/name` (with libxlsxwriter's pkg-config flags when `xlsxwriter`).
  func compile(_ name: String, into binary: String, xlsxwriter: Bool)
    -> Result<String, BenchError>
  {
    let source = benchmarks + "/" + name
    guard FileManager.default.fileExists(atPath: source) else {
      return .failure(
        BenchError("no \(source) (run from the repository root or pass --baseline-source)"))
    }
    let flags = xlsxwriter ? " $(pkg-config --cflags --libs xlsxwriter)" : ""
    let script = "\"$0\" -O2 -o \"$1\" \"$2\"" + flags
    let log = logs + "/cc.log"
    do {
      let result = try runChild(["/bin/sh", "-c", script, cc, binary, source], logPath: log)
      guard result.succeeded else {
        let detail = tail(of: log, lines: 5).joined(separator: " / ")
        return .failure(BenchError("\(cc) \(name) \(result.statusText): \(detail)"))
      }
      return .success(binary)
    } catch {
      return .failure(error)
    }
  }
}
