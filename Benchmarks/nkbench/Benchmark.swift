import Foundation
import XlsxWriter

/// One program measured `runs` times.
final class Measurement {
  let key: String
  let title: String
  /// The command for run `i` (0-based).
  let command: (Int) -> [String]
  /// Output of run `i` to size and delete afterwards (file or folder), if any.
  let output: ((Int) -> String)?
  var results: [ChildResult] = []
  var outputBytes: Int?
  var failure: String?

  init(
    key: String, title: String, command: @escaping (Int) -> [String],
    output: ((Int) -> String)? = nil
  ) {
    self.key = key
    self.title = title
    self.command = command
    self.output = output
  }

  var walls: [Double] { results.map(\.wallSeconds).sorted() }
  var medianWall: Double? { median(walls) }
  var medianCPU: Double? { median(results.map(\.cpuSeconds).sorted()) }
  var maxRSSMiB: Double? { results.map(\.peakRSSMiB).max() }
}

func median(_ sorted: [Double]) -> Double? {
  guard !sorted.isEmpty else { return nil }
  let mid = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

struct Benchmark {
  let options: BenchCommand

  /// Runs everything and prints the report; returns the exit status (0 pass, 1 a target failed).
  func run() throws -> Int32 {
    let files = FileManager.default
    var nkreportPath: String?
    if let given = options.nkreport {
      let absolute = absolutePath(given)
      guard files.isExecutableFile(atPath: absolute) else {
        throw BenchError("--nkreport \(given): no executable file there")
      }
      nkreportPath = absolute
    }
    let wanted = Set(options.measureList)
    let parent =
      options.workDir ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap {
        $0.isEmpty ? nil : $0
      } ?? "/tmp"
    let work = try makeTemporaryDirectory(in: parent)
    var keepLogs = false
    defer {
      if options.keep {
        say("nkbench: kept \(work)")
      } else if keepLogs, let names = try? files.contentsOfDirectory(atPath: work) {
        for name in names where name != "logs" { try? files.removeItem(atPath: work + "/" + name) }
        say("nkbench: a program failed; kept its logs in \(work)/logs")
      } else {
        try? files.removeItem(atPath: work)
      }
    }
    let logs = work + "/logs"
    let outputs = work + "/out"
    let inputs = work + "/inputs"
    for directory in [logs, outputs, inputs] { try makeDirectory(directory) }

    let rows = options.ledger.rows
    let seed = options.ledger.seed
    say("nkbench: work folder \(work)")
    let generationStart = ContinuousClock.now
    let aidBytes = try InputsGenerator(rows: rows, seed: seed).write(into: inputs)
    say(
      "nkbench: generated inputs (aid.csv \(grouped(rows)) rows, \(formatMB(aidBytes))) in "
        + fixed(seconds(ContinuousClock.now - generationStart), 1) + " s")

    var measurements: [Measurement] = []
    var notes: [String] = []
    let helper: String?
    switch compile("measure.c", into: work + "/measure", log: logs + "/cc.log", xlsxwriter: false) {
    case .success(let binary):
      helper = binary
    case .failure(let reason):
      helper = nil
      let note =
        "measure helper unavailable (\(reason)): peak RSS figures cannot be lower than nkbench's own"
      notes.append(note)
      say("nkbench: \(note)")
    }
    if wanted.contains("c") {
      switch compile(
        "baseline.c", into: work + "/baseline", log: logs + "/cc.log", xlsxwriter: true)
      {
      case .success(let binary):
        measurements.append(
          Measurement(
            key: "c", title: "libxlsxwriter alone (C)",
            command: { i in [binary, outputs + "/c-\(i).xlsx", "\(rows)", "\(seed)"] },
            output: { i in outputs + "/c-\(i).xlsx" }))
      case .failure(let reason):
        notes.append("C baseline unavailable: \(reason)")
        say("nkbench: C baseline unavailable: \(reason)")
      }
    }
    if wanted.contains("swift") {
      let me = selfExecutable()
      measurements.append(
        Measurement(
          key: "swift", title: "libxlsxwriter via XlsxWriter",
          command: { i in
            [
              me, "write-xlsx", "--rows", "\(rows)", "--seed", "\(seed)", "--output",
              outputs + "/swift-\(i).xlsx",
            ]
          },
          output: { i in outputs + "/swift-\(i).xlsx" }))
    }
    if let nkreportPath {
      if wanted.contains("run") {
        measurements.append(
          Measurement(
            key: "run", title: "nkreport run",
            command: { i in
              [
                nkreportPath, "run", "--inputs", inputs, "--reports", outputs + "/reports-\(i)",
                "--period", options.period,
              ]
            },
            output: { i in outputs + "/reports-\(i)" }))
      }
      if wanted.contains("validate") {
        measurements.append(
          Measurement(
            key: "validate", title: "nkreport validate",
            command: { _ in [nkreportPath, "validate", "--inputs", inputs] }))
      }
    } else {
      notes.append("nkreport not measured (no --nkreport): no target checked")
    }
    guard !measurements.isEmpty else { throw BenchError("nothing to measure") }

    say(
      "nkbench: \(options.runs) run(s) of each, interleaved; load average \(loadAverage()) at start"
    )
    for round in 0..<options.runs {
      for m in measurements where m.failure == nil {
        if let output = m.output?(round), output.contains("/reports-") {
          // A fresh reports folder each run: a rerun into the same one would find nothing to
          // change and exit early, measuring nothing.
          try makeDirectory(output)
        }
        let log = logs + "/\(m.key)-\(round).log"
        let result = try measureChild(m.command(round), logPath: log, helper: helper)
        let line =
          "  [\(round + 1)/\(options.runs)] \(pad(m.title, 30)) \(fixed(result.wallSeconds, 2)) s wall, "
          + "\(fixed(result.cpuSeconds, 2)) s cpu, \(fixed(result.peakRSSMiB, 1)) MiB peak"
        if result.succeeded {
          m.results.append(result)
          say(line)
        } else {
          m.failure = "\(result.statusText) (log \(log))"
          keepLogs = true
          say(line + ", FAILED: \(result.statusText)")
          say(tail(of: log, lines: 15).map { "    | " + $0 }.joined(separator: "\n"))
        }
        if let output = m.output?(round) {
          if result.succeeded { m.outputBytes = byteCount(atPath: output) }
          let last = round == options.runs - 1
          if !(options.keep && last) { try? files.removeItem(atPath: output) }
        }
      }
    }

    return report(measurements, rows: rows, aidBytes: aidBytes, notes: notes)
  }

  // MARK: Report

  private func report(_ measurements: [Measurement], rows: Int, aidBytes: Int, notes: [String])
    -> Int32
  {
    let byKey = Dictionary(uniqueKeysWithValues: measurements.map { ($0.key, $0) })
    say("")
    say(
      "nkbench — \(grouped(rows)) aid rows (aid.csv \(formatMB(aidBytes))), "
        + "\(options.runs) run(s) each, \(ProcessInfo.processInfo.activeProcessorCount) CPUs, "
        + "libxlsxwriter \(Workbook.libraryVersion)")
    say(
      pad("program", 30) + lpad("median s", 10) + lpad("min s", 9) + lpad("max s", 9)
        + lpad("cpu s", 9) + lpad("peak MiB", 10) + lpad("rows/s", 12) + lpad("output", 11))
    for m in measurements {
      guard let medianWall = m.medianWall else {
        say(pad(m.title, 30) + "  FAILED: " + (m.failure ?? "no result"))
        continue
      }
      let walls = m.walls
      var line =
        pad(m.title, 30) + lpad(fixed(medianWall, 2), 10) + lpad(fixed(walls.first ?? 0, 2), 9)
        + lpad(fixed(walls.last ?? 0, 2), 9) + lpad(fixed(m.medianCPU ?? 0, 2), 9)
        + lpad(fixed(m.maxRSSMiB ?? 0, 1), 10)
        + lpad(grouped(Int((Double(rows) / medianWall).rounded())), 12)
        + lpad(m.outputBytes.map(formatMB) ?? "", 11)
      if let failure = m.failure { line += "  (then FAILED: \(failure))" }
      say(line)
    }

    say("")
    say("ratios" + lpad("median wall", 42) + lpad("min wall", 10) + lpad("median cpu", 12))
    let c = byKey["c"]?.medianWall
    let swift = byKey["swift"]?.medianWall
    let job = byKey["run"]?.medianWall
    let pairs = [
      ("nkreport run / libxlsxwriter (C)", "run", "c"),
      ("nkreport run / XlsxWriter wrapper", "run", "swift"),
      ("XlsxWriter wrapper / C", "swift", "c"),
    ]
    for (title, top, bottom) in pairs {
      guard let a = byKey[top], let b = byKey[bottom], let aWall = a.medianWall,
        let bWall = b.medianWall, let aMin = a.walls.first, let bMin = b.walls.first,
        let aCPU = a.medianCPU, let bCPU = b.medianCPU
      else { continue }
      say(
        "  " + pad(title, 36) + lpad(fixed(aWall / bWall, 2), 10) + lpad(fixed(aMin / bMin, 2), 10)
          + lpad(fixed(aCPU / bCPU, 2), 12))
    }
    if let validate = byKey["validate"]?.medianWall {
      say("  nkreport validate: \(grouped(Int(Double(rows) / validate))) rows/s (median wall)")
    }

    say("")
    say("targets (DESIGN.md \"Scale\")")
    var failed = false
    if options.nkreport == nil || byKey["run"] == nil {
      say("  not checked: `nkreport run` was not measured")
    } else if let run = byKey["run"], run.failure != nil || run.results.isEmpty {
      say("  FAIL  nkreport run did not complete: \(run.failure ?? "no result")")
      failed = true
    } else if let run = byKey["run"], let job {
      let rss = run.maxRSSMiB ?? 0
      let rssPass = rss <= options.maxRss
      say(
        "  \(rssPass ? "PASS" : "FAIL")  peak RSS of nkreport run \(fixed(rss, 1)) MiB "
          + "(max of \(run.results.count) runs) ≤ \(fixed(options.maxRss, 0)) MiB")
      failed = failed || !rssPass
      let reference = c ?? swift
      let referenceName =
        c != nil ? "libxlsxwriter alone (C)" : "XlsxWriter wrapper (no C baseline)"
      if let reference {
        let ratio = job / reference
        let ratioPass = ratio <= options.maxRatio
        say(
          "  \(ratioPass ? "PASS" : "FAIL")  time of nkreport run ÷ \(referenceName) "
            + "\(fixed(ratio, 2)) ≤ \(fixed(options.maxRatio, 2))")
        failed = failed || !ratioPass
      } else {
        say("  FAIL  time ratio: no baseline measured (use --measure with c or swift)")
        failed = true
      }
    }
    for m in measurements where m.key != "run" && m.failure != nil {
      say("  FAIL  \(m.title) did not complete: \(m.failure ?? "")")
      failed = true
    }
    for note in notes { say("  note: \(note)") }
    return failed ? 1 : 0
  }

  // MARK: C baseline

  /// Compiles `name` from the folder of `--baseline-source` with `--cc -O2` (and libxlsxwriter's
  /// pkg-config flags when `xlsxwriter`).
  private func compile(_ name: String, into binary: String, log: String, xlsxwriter: Bool)
    -> Result<String, BenchError>
  {
    let baseline = absolutePath(options.baselineSource)
    let source =
      name == "baseline.c"
      ? baseline
      : String(baseline[..<(baseline.lastIndex(of: "/") ?? baseline.startIndex)]) + "/" + name
    guard FileManager.default.fileExists(atPath: source) else {
      return .failure(
        BenchError("no \(source) (run from the repository root or pass --baseline-source)"))
    }
    let flags = xlsxwriter ? " $(pkg-config --cflags --libs xlsxwriter)" : ""
    let script = "\"$0\" -O2 -o \"$1\" \"$2\"" + flags
    do {
      let result = try runChild(
        ["/bin/sh", "-c", script, options.cc, binary, source], logPath: log)
      guard result.succeeded else {
        let detail = tail(of: log, lines: 5).joined(separator: " / ")
        return .failure(BenchError("\(options.cc) \(name) \(result.statusText): \(detail)"))
      }
      return .success(binary)
    } catch {
      return .failure(error)
    }
  }
}

// MARK: Helpers

func absolutePath(_ path: String) -> String {
  if path.hasPrefix("/") { return path }
  return FileManager.default.currentDirectoryPath + "/" + path
}

func makeDirectory(_ path: String) throws(BenchError) {
  do {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  } catch {
    throw BenchError("cannot create \(path): \(error.localizedDescription)")
  }
}

func makeTemporaryDirectory(in parent: String) throws(BenchError) -> String {
  var template = Array((parent + "/nkbench.XXXXXX").utf8CString)
  let made = template.withUnsafeMutableBufferPointer { buffer -> String? in
    guard let base = buffer.baseAddress else { return nil }
    return mkdtemp(base).map { String(cString: $0) }
  }
  guard let made else {
    throw BenchError(
      "cannot create a work folder in \(parent): \(String(cString: strerror(errno)))")
  }
  return made
}

/// This executable, for re-running itself as the Swift baseline.
func selfExecutable() -> String {
  if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
    return resolved
  }
  return absolutePath(CommandLine.arguments[0])
}

/// Size of a file, or the total of a folder's files.
func byteCount(atPath path: String) -> Int? {
  let files = FileManager.default
  var isDirectory: ObjCBool = false
  guard files.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
  if !isDirectory.boolValue {
    return (try? files.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
  }
  var total = 0
  if let enumerator = files.enumerator(atPath: path) {
    for case let name as String in enumerator {
      if let size = try? files.attributesOfItem(atPath: path + "/" + name)[.size] as? Int,
        (try? files.attributesOfItem(atPath: path + "/" + name)[.type] as? FileAttributeType)
          == .typeRegular
      {
        total += size
      }
    }
  }
  return total
}

func tail(of path: String, lines: Int) -> [String] {
  guard let data = FileManager.default.contents(atPath: path) else { return [] }
  let text = String(decoding: data.suffix(16_384), as: UTF8.self)
  return Array(
    text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).map(String.init))
}

func loadAverage() -> String {
  guard let data = FileManager.default.contents(atPath: "/proc/loadavg") else { return "n/a" }
  return String(decoding: data, as: UTF8.self).split(separator: " ").prefix(3).joined(
    separator: " ")
}

func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

func fixed(_ value: Double, _ decimals: Int) -> String {
  String(format: "%.\(decimals)f", value)
}

func grouped(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var result = ""
  for (i, ch) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { result.append(",") }
    result.append(ch)
  }
  return value < 0 ? "-" + result : result
}

func formatMB(_ bytes: Int) -> String {
  fixed(Double(bytes) / 1_000_000, 1) + " MB"
}

func pad(_ text: String, _ width: Int) -> String {
  text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

func lpad(_ text: String, _ width: Int) -> String {
  text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

/// Prints a line and flushes, so progress shows at once even when stdout is a pipe (CI, tee).
func say(_ line: String) {
  print(line)
  fflush(nil)
}
