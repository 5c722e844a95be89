import ArgumentParser
import Foundation
import XlsxWriter

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

struct NKBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nkbench",
    abstract: "Benchmarks nkreport on a large aid ledger against libxlsxwriter alone.",
    discussion: """
      Exit status: 0 every target met, 1 a target failed (or the job failed), 2 the benchmark \
      itself could not run. See Benchmarks/README.md.
      """,
    subcommands: [BenchCommand.self, GenerateCommand.self, WriteXlsxCommand.self],
    defaultSubcommand: BenchCommand.self
  )
}

/// Options shared by the commands that generate the ledger.
struct LedgerOptions: ParsableArguments {
  @Option(help: "Rows of aid.csv (and of the baselines' Aid records sheet), 1…1048575.")
  var rows: Int = 1_000_000

  @Option(help: "Seed of the deterministic row generator.")
  var seed: UInt64 = 20_241_231

  func validate() throws {
    guard (1...maxSheetRows).contains(rows) else {
      throw ValidationError("--rows must be 1…\(maxSheetRows) (one Excel sheet), got \(rows)")
    }
  }
}

/// Excel's 1,048,576 rows less the header row.
let maxSheetRows = 1_048_575

/// `nkbench generate --output DIR`: only writes the inputs folder.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate", abstract: "Write the benchmark inputs folder and exit.")

  @OptionGroup var ledger: LedgerOptions

  @Option(help: ArgumentHelp("Folder to write (created if missing).", valueName: "dir"))
  var output: String

  func run() throws {
    do {
      try makeDirectory(output)
      let bytes = try InputsGenerator(rows: ledger.rows, seed: ledger.seed).write(into: output)
      print("nkbench: wrote \(output) (aid.csv \(ledger.rows) rows, \(formatMB(bytes)))")
    } catch {
      printError("nkbench: \(error)")
      throw ExitCode(2)
    }
  }
}

/// Hidden: baseline (a), run by nkbench in a child process of its own.
struct WriteXlsxCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "write-xlsx",
    abstract: "Write the Aid records sheet through the XlsxWriter wrapper (baseline a).",
    shouldDisplay: false)

  @OptionGroup var ledger: LedgerOptions

  @Option(help: ArgumentHelp("The .xlsx file to write.", valueName: "path"))
  var output: String

  func run() throws {
    do {
      try SwiftBaseline.write(path: output, rows: ledger.rows, seed: ledger.seed)
    } catch {
      printError("nkbench write-xlsx: \(error)")
      throw ExitCode(1)
    }
  }
}

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure nkreport run/validate and the libxlsxwriter baselines (the default).")

  @OptionGroup var ledger: LedgerOptions

  @Option(
    help: ArgumentHelp(
      "The nkreport executable to measure; without it only the baselines run and no target is checked.",
      valueName: "path"))
  var nkreport: String?

  @Option(help: "Measurements of each program, interleaved (A B C A B C …).")
  var runs: Int = 3

  @Option(help: ArgumentHelp("Report period given to `nkreport run`.", valueName: "YYYY-MM"))
  var period: String = "2024-12"

  @Option(
    help: ArgumentHelp(
      "What to measure, comma-separated: c (baseline.c), swift (XlsxWriter wrapper), run, validate.",
      valueName: "list"))
  var measure: String = "c,swift,run,validate"

  @Option(help: ArgumentHelp("Source of the C baseline.", valueName: "path"))
  var baselineSource: String = "Benchmarks/baseline.c"

  @Option(help: ArgumentHelp("C compiler for the C baseline.", valueName: "cc"))
  var cc: String = "cc"

  @Option(
    help: ArgumentHelp(
      "Parent folder of the temporary work folder (default $TMPDIR or /tmp).", valueName: "dir"))
  var workDir: String?

  @Flag(help: "Keep the work folder (inputs, logs, the last outputs) instead of deleting it.")
  var keep = false

  @Option(help: ArgumentHelp("Target: peak RSS of `nkreport run`, MiB.", valueName: "MiB"))
  var maxRss: Double = 128

  @Option(
    help: ArgumentHelp(
      "Target: median wall time of `nkreport run` ÷ that of the C baseline.", valueName: "ratio"))
  var maxRatio: Double = 2.0

  func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    let known: Set<String> = ["c", "swift", "run", "validate"]
    for item in measureList where !known.contains(item) {
      throw ValidationError("--measure: unknown '\(item)' (use c, swift, run, validate)")
    }
  }

  var measureList: [String] {
    measure.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  func run() throws {
    let status: Int32
    do {
      status = try Benchmark(options: self).run()
    } catch {
      printError("nkbench: \(error)")
      throw ExitCode(2)
    }
    if status != 0 { throw ExitCode(status) }
  }
}

func printError(_ message: String) {
  var line = message + "\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
