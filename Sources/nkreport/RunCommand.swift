import ArgumentParser
import Foundation
import NKInputs
import NKPeriods
import NKPublish
import NKRender
import NKSummary

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Compute the report for a month and publish it into REPORTS/PERIOD/.",
    discussion: """
      Examples:
        nkreport run --inputs Inputs --reports Reports
        nkreport run --inputs Inputs --reports Reports --period 2018-11
        nkreport run --period 2018-11 --mail-to desk@example.org

      The report is built in a staging folder and renamed into place, so a reader never sees half a report. A rerun that would change nothing says so and exits 0; a rerun that changes a published report keeps the earlier one as PERIOD.rev-N and lists the changes in run.json. Rejected input rows fail the run (exit 65) and publish nothing, unless --allow-rejects is given.
      """)

  @OptionGroup var inputs: InputOptions

  @Option(help: ArgumentHelp("Folder to publish reports into.", valueName: "dir"))
  var reports: String = "Reports"

  @Option(
    help: ArgumentHelp(
      "Report month YYYY-MM (default: the latest month the arrivals data reaches).",
      valueName: "YYYY-MM"))
  var period: String?

  @Flag(help: "Publish even when input rows were rejected, with rejects.csv and a warning.")
  var allowRejects = false

  @Option(help: ArgumentHelp("Sender of the digest e-mail.", valueName: "address"))
  var mailFrom: String = "nkreport@localhost"

  @Option(
    parsing: .singleValue,
    help: ArgumentHelp("Recipient of the digest e-mail (repeatable).", valueName: "address"))
  var mailTo: [String] = []

  @Option(
    help: ArgumentHelp(
      "Write Prometheus textfile-collector metrics to this file (atomically).", valueName: "file"))
  var metricsFile: String?

  static let periodYears = 1901...9998

  var reportPeriod: YearMonth? { period.flatMap { YearMonth.parse($0) } }

  var renderOptions: RenderOptions {
    RenderOptions(
      mailFrom: mailFrom, mailTo: mailTo.isEmpty ? [mailFrom] : mailTo,
      toolVersion: NKReportCommand.version)
  }

  func validate() throws {
    if let period {
      guard let month = YearMonth.parse(period) else {
        throw ValidationError(
          "--period must be a month written YYYY-MM (got \(period.debugDescription))")
      }
      // A year earlier must exist, and the workbook's dates must be ones a spreadsheet holds.
      guard Self.periodYears.contains(month.year) else {
        throw ValidationError(
          "--period must fall in \(Self.periodYears.lowerBound)–\(Self.periodYears.upperBound) (got \(period))"
        )
      }
    }
    do {
      try validateMailOptions(renderOptions)
    } catch {
      throw ValidationError("\(error)")
    }
  }

  func run() throws {
    let started = Date()
    var metrics = MetricsFile.Run(
      succeeded: false, exitCode: 0, finishedAt: 0, durationSeconds: 0, period: period)
    defer { writeMetrics(&metrics, started: started) }
    do {
      try publish(&metrics)
      metrics.succeeded = true
    } catch let code as ExitCode {
      metrics.exitCode = code.rawValue
      throw code
    }
  }

  private func publish(_ metrics: inout MetricsFile.Run) throws {
    let logger = EventLog.logger
    let dataset = try inputs.load()
    for file in dataset.files where file.isPresent {
      metrics.rowsRead[file.name] = file.rowsRead
      metrics.rowsRejected[file.name] = file.rowsRejected
      logger.info(
        "input read",
        metadata: [
          "file": "\(file.name)", "rows": "\(file.rowsRead)", "accepted": "\(file.rowsAccepted)",
          "rejected": "\(file.rowsRejected)",
        ])
    }
    if !dataset.problems.isEmpty {
      inputs.report(dataset.problems)
      guard allowRejects else {
        logger.error(
          "inputs invalid: nothing published",
          metadata: ["problems": "\(dataset.problems.count)"])
        throw ExitStatus.dataError
      }
      logger.warning(
        "publishing with rejected rows (--allow-rejects)",
        metadata: ["problems": "\(dataset.problems.count)"])
    }

    if let latest = latestArrivalsMonth(dataset), reportPeriod == nil,
      !Self.periodYears.contains(latest.year)
    {
      printError(
        "nkreport: the arrivals data ends at \(latest); a report period must fall in \(Self.periodYears.lowerBound)–\(Self.periodYears.upperBound): give --period"
      )
      throw ExitStatus.dataError
    }

    let model: ReportModel
    do {
      model = try summarise(dataset, period: reportPeriod)
    } catch {
      printError("nkreport: \(error)")
      logger.error("cannot compute the report", metadata: ["reason": "\(error)"])
      // No arrivals is a data error; a ledger that changed while being read is worth a rerun.
      throw error == .noArrivals ? ExitStatus.dataError : ExitStatus.tempFail
    }
    metrics.period = model.period.description
    for warning in model.warnings {
      logger.warning("\(warning.message)", metadata: ["kind": "\(warning.kind.rawValue)"])
    }

    let renderer = ReportRenderer(model: model, options: renderOptions)
    do {
      switch try Publisher(reportsDirectory: URL(fileURLWithPath: reports)).publish(renderer) {
      case .published(let path, let revision):
        if let revision {
          logger.notice(
            "report revised", metadata: ["path": "\(path)", "previous": "\(revision.previous)"])
          print(
            "nkreport: published \(path) (revised; the earlier report is now \(revision.previous))")
        } else {
          logger.notice("report published", metadata: ["path": "\(path)"])
          print("nkreport: published \(path)")
        }
      case .unchanged(let path):
        logger.notice("report unchanged", metadata: ["path": "\(path)"])
        print("nkreport: \(path) is up to date; nothing changed")
      }
    } catch {
      printError("nkreport: \(error)")
      logger.error("publish failed", metadata: ["reason": "\(error)"])
      throw ExitCode(error.exitCode)
    }
  }

  private func writeMetrics(_ metrics: inout MetricsFile.Run, started: Date) {
    guard let metricsFile else { return }
    let finished = Date()
    metrics.finishedAt = finished.timeIntervalSince1970
    metrics.durationSeconds = finished.timeIntervalSince(started)
    do {
      try MetricsFile(path: URL(fileURLWithPath: metricsFile)).write(metrics)
    } catch {
      EventLog.logger.error("cannot write metrics", metadata: ["reason": "\(error)"])
    }
  }
}
