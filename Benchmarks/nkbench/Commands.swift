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
    abstract:
      "Measure nkreport run/validate, the libxlsxwriter baselines and the Python programs (the default)."
  )

  @Option(
    help: ArgumentHelp(
      "Aid rows, comma-separated: one ledger and one table per size, 1…1048575.",
      valueName: "list"))
  var rows = RowCounts([100_000, 300_000, 1_000_000])

  @Option(help: "Seed of the deterministic row generator.")
  var seed: UInt64 = 20_241_231

  @Option(
    help: ArgumentHelp(
      "The nkreport executable to measure; without it only the baselines run and no target is checked.",
      valueName: "path"))
  var nkreport: String?

  @Option(help: "Measurements of each program at each size, interleaved (A B C A B C …).")
  var runs: Int = 3

  @Option(help: ArgumentHelp("Report period given to `nkreport run`.", valueName: "YYYY-MM"))
  var period: String = "2024-12"

  @Option(
    help: ArgumentHelp(
      "What to measure, comma-separated: \(MeasureKey.allCases.map(\.rawValue).joined(separator: ", ")).",
      valueName: "list"))
  var measure: String = MeasureKey.allCases.map(\.rawValue).joined(separator: ",")

  @Option(
    help: ArgumentHelp(
      "Sizes (of --rows) at which the Python programs run, comma-separated, or all or none.",
      valueName: "list"))
  var pythonRows = RowCounts([100_000, 300_000])

  @Option(
    help: ArgumentHelp(
      "Python 3 with xlsxwriter and pandas (a name is looked up in PATH).", valueName: "path"))
  var python: String = "python3"

  @Option(
    help: ArgumentHelp("Inputs folder of the sample report (its own row).", valueName: "dir"))
  var sampleInputs: String = "Inputs"

  @Option(help: "Measurements of the sample report (after one unmeasured warm-up run).")
  var sampleRuns: Int = 11

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

  @OptionGroup(title: "Targets") var targets: Targets

  func validate() throws {
    guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    guard sampleRuns >= 1 else { throw ValidationError("--sample-runs must be at least 1") }
    guard !rows.isAll, !rows.counts.isEmpty else {
      throw ValidationError("--rows: give at least one size")
    }
    for count in rows.counts + pythonRows.counts where !(1...maxSheetRows).contains(count) {
      throw ValidationError("rows must be 1…\(maxSheetRows) (one Excel sheet), got \(count)")
    }
    for item in measureList where MeasureKey(rawValue: item) == nil {
      throw ValidationError(
        "--measure: unknown '\(item)' (use \(MeasureKey.allCases.map(\.rawValue).joined(separator: ", ")))"
      )
    }
  }

  var measureList: [String] {
    measure.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  var wanted: Set<MeasureKey> { Set(measureList.compactMap(MeasureKey.init(rawValue:))) }

  /// The sizes the Python programs run at: those of `--python-rows` that `--rows` has.
  var pythonSizes: [Int] {
    pythonRows.isAll ? rows.counts : rows.counts.filter(pythonRows.counts.contains)
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

/// The programs `--measure` can name; the order is the order of the rows in each table.
enum MeasureKey: String, CaseIterable {
  case c, swift, run, validate, python, pandas, sample
}

/// The targets of issue 10 ("One pass over the ledger") and DESIGN.md "Scale".
struct Targets: ParsableArguments {
  @Option(help: ArgumentHelp("Peak RSS of `nkreport run` at every size, MiB.", valueName: "MiB"))
  var maxRss: Double = 128

  @Option(
    help: ArgumentHelp(
      "Median wall of `nkreport run` ÷ that of the C baseline, at sizes of --ratio-from-rows or more.",
      valueName: "ratio"))
  var maxRatio: Double = 1.25

  @Option(
    help: ArgumentHelp(
      "Stretch goal for the same ratio (reported, never a failure).", valueName: "ratio"))
  var stretchRatio: Double = 1.10

  @Option(help: ArgumentHelp("Smallest size the ratio targets apply to.", valueName: "rows"))
  var ratioFromRows: Int = 300_000

  @Option(
    help: ArgumentHelp(
      "`nkreport run` at least this many times faster than Python XlsxWriter.", valueName: "x"))
  var minPythonSpeedup: Double = 4.5

  @Option(
    help: ArgumentHelp(
      "`nkreport run` at least this many times faster than pandas + XlsxWriter.", valueName: "x"))
  var minPandasSpeedup: Double = 5.0

  @Option(
    help: ArgumentHelp(
      "Growth of `nkreport run`'s wall from the smallest to the largest size ÷ the growth of the rows (1.05: 10.5 × from 100k to 1M).",
      valueName: "factor"))
  var maxGrowth: Double = 1.05

  @Option(help: ArgumentHelp("Median wall of the sample report, ms.", valueName: "ms"))
  var sampleMaxMs: Double = 100

  @Option(help: ArgumentHelp("Peak RSS of the sample report, MiB.", valueName: "MiB"))
  var sampleMaxRss: Double = 40
}

/// `100000,300000,1000000`, or `all` / `none` (for --python-rows); sorted, without repeats.
struct RowCounts: ExpressibleByArgument, CustomStringConvertible {
  var counts: [Int]
  var isAll = false

  init(_ counts: [Int], isAll: Bool = false) {
    self.counts = Array(Set(counts)).sorted()
    self.isAll = isAll
  }

  init?(argument: String) {
    switch argument.lowercased() {
    case "all": self.init([], isAll: true)
    case "none": self.init([])
    default:
      var parsed: [Int] = []
      for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
        let digits = item.trimmingCharacters(in: .whitespaces).replacingOccurrences(
          of: "_", with: "")
        guard let count = Int(digits) else { return nil }
        parsed.append(count)
      }
      self.init(parsed)
    }
  }

  var description: String {
    isAll ? "all" : (counts.isEmpty ? "none" : counts.map(String.init).joined(separator: ","))
  }
  var defaultValueDescription: String { description }
}

func printError(_ message: String) {
  var line = message + "\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
