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

  @OptionGroup var config: ConfigOption
  @OptionGroup var inputs: InputOptions

  @Option(
    help: ArgumentHelp(
      "Folder to publish reports into (default: reports in the settings file, else Reports).",
      valueName: "dir"))
  var reports: String?

  @Option(
    help: ArgumentHelp(
      "Report month YYYY-MM (default: the latest month the arrivals data reaches).",
      valueName: "YYYY-MM"))
  var period: String?

  @Flag(help: "Publish even when input rows were rejected, with rejects.csv and a warning.")
  var allowRejects = false

  @Option(
    help: ArgumentHelp(
      "Sender of the digest e-mail (default: [mail] from, else nkreport@localhost).",
      valueName: "address"))
  var mailFrom: String?

  @Option(
    parsing: .singleValue,
    help: ArgumentHelp(
      "Recipient of the digest e-mail (repeatable; default: [mail] to, else the sender).",
      valueName: "address"))
  var mailTo: [String] = []

  @Option(
    help: ArgumentHelp(
      "Write Prometheus textfile-collector metrics to this file (atomically).", valueName: "file"))
  var metricsFile: String?

  static let periodYears = 1901...9998

  var reportPeriod: YearMonth? { period.flatMap { YearMonth.parse($0) } }

  /// The settings file with this command's options laid over it.
  func effectiveSettings() throws -> Settings {
    var settings = try config.settings()
    if let directory = inputs.directory { settings.inputs = directory }
    if let reports { settings.reports = reports }
    if let metricsFile { settings.metricsFile = metricsFile }
    if let mailFrom { settings.mail.from = mailFrom }
    if !mailTo.isEmpty { settings.mail.to = mailTo }
    return settings
  }

  static func renderOptions(_ settings: Settings) -> RenderOptions {
    RenderOptions(
      mailFrom: settings.mail.from,
      mailTo: settings.mail.to.isEmpty ? [settings.mail.from] : settings.mail.to,
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
    // Addresses given here are checked as usage errors; the settings file's when it is read.
    if mailFrom != nil || !mailTo.isEmpty {
      let from = mailFrom ?? "nkreport@localhost"
      do {
        try validateMailOptions(
          RenderOptions(
            mailFrom: from, mailTo: mailTo.isEmpty ? [from] : mailTo,
            toolVersion: NKReportCommand.version))
      } catch {
        throw ValidationError("\(error)")
      }
    }
  }

  func run() throws {
    Termination.install()
    let settings = try effectiveSettings()
    do {
      try validateMailOptions(Self.renderOptions(settings))
    } catch {
      printError("nkreport: settings: [mail] \(error)")
      throw ExitStatus.config
    }
    let started = Date()
    var metrics = MetricsFile.Run(
      succeeded: false, exitCode: 0, finishedAt: 0, durationSeconds: 0, period: period)
    defer { writeMetrics(&metrics, to: settings.metricsFile, started: started) }
    do {
      try publish(&metrics, settings: settings)
      metrics.succeeded = true
    } catch let code as ExitCode {
      metrics.exitCode = code.rawValue
      throw code
    }
  }

  private func publish(_ metrics: inout MetricsFile.Run, settings: Settings) throws {
    let logger = EventLog.logger
    let dataset = try inputs.load(settings: settings)
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
      // No arrivals is a data error; a ledger that changed while being read is worth a rerun
      // (exit 75: a notice, not an error).
      let temporary = error != .noArrivals
      printError("nkreport: \(error)", priority: temporary ? .notice : .error)
      logger.log(
        level: temporary ? .notice : .error, "cannot compute the report",
        metadata: ["reason": "\(error)"])
      throw temporary ? ExitStatus.tempFail : ExitStatus.dataError
    }
    metrics.period = model.period.description
    for warning in model.warnings {
      logger.warning("\(warning.message)", metadata: ["kind": "\(warning.kind.rawValue)"])
    }

    let renderer = ReportRenderer(model: model, options: Self.renderOptions(settings))
    do {
      switch try Publisher(reportsDirectory: URL(fileURLWithPath: settings.reports)).publish(
        renderer)
      {
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
      case .repaired(let path):
        logger.notice("report listing repaired", metadata: ["path": "\(path)"])
        print("nkreport: \(path) is unchanged; its run.json and SHA256SUMS were written again")
      }
    } catch {
      // Exit 75 (another run holds the lock, or an input changed) is retried: a notice.
      let temporary = error.exitCode == 75
      printError("nkreport: \(error)", priority: temporary ? .notice : .error)
      logger.log(
        level: temporary ? .notice : .error,
        temporary ? "not published; try again later" : "publish failed",
        metadata: ["reason": "\(error)"])
      throw ExitCode(error.exitCode)
    }
  }

  private func writeMetrics(
    _ metrics: inout MetricsFile.Run, to metricsFile: String?, started: Date
  ) {
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
