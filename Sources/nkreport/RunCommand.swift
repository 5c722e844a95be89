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
      "Write Prometheus textfile-collector metrics to this file (replaced in one atomic step).",
      valueName: "file"))
  var metricsFile: String?

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
      toolVersion: NKReportCommand.version, reportURL: settings.mail.reportURL)
  }

  func validate() throws {
    if let period {
      guard let month = YearMonth.parse(period) else {
        throw ValidationError(
          "--period must be a month written YYYY-MM (got \(period.debugDescription))")
      }
      // A year earlier must exist, and the workbook's dates must be ones a spreadsheet holds.
      guard ReportPlan.years.contains(month.year) else {
        throw ValidationError(
          "--period must fall in \(ReportPlan.years.lowerBound)–\(ReportPlan.years.upperBound) (got \(period))"
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
    try run(stop: .sigterm)
  }

  /// The run, stopping when `stop` is requested (SIGTERM; tests request it at a checkpoint).
  func run(stop: StopRequest) throws {
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
      let outcome = try publish(&metrics, settings: settings, stop: stop)
      metrics.succeeded = true
      announce(outcome)
      // Nothing is left to undo once the report is in place: say so, and stop.
      try stop.check(.committed)
    } catch let stopped as StopRequest.Stopped {
      metrics.exitCode = ExitStatus.terminated
      if stopped.checkpoint == .committed {
        EventLog.logger.warning("stopped by SIGTERM after the report was published")
      } else {
        EventLog.logger.warning(
          "stopped by SIGTERM; nothing published by this run",
          metadata: ["stage": "\(stopped.checkpoint.rawValue)"])
      }
      throw ExitCode(ExitStatus.terminated)
    } catch let code as ExitCode {
      metrics.exitCode = code.rawValue
      throw code
    }
  }

  /// The pipeline, one stage after another, each taking the previous stage's value:
  /// open inputs → plan → stage → one pass over the aid ledger → summarise → render → commit.
  /// A stop is checked between the stages (and inside the pass); a stage that fails, or a
  /// stop, unwinds through `StagedReport`, which removes the staging folder.
  private func publish(
    _ metrics: inout MetricsFile.Run, settings: Settings, stop: StopRequest
  ) throws -> PublishOutcome {
    // Open inputs: the small files read and validated, the aid ledger opened.
    let dataset = try inputs.open(settings: settings)
    // Rows already rejected fail the run before the reports folder is touched; the ledger is
    // still read once, so that every problem is listed.
    if !dataset.problems.isEmpty && !allowRejects {
      let complete = try inputs.complete(dataset)
      record(complete.files, in: &metrics)
      try reject(complete.problems)
    }
    try stop.check(.opened)

    let plan = try makePlan(dataset)
    metrics.period = plan.period.description
    try stop.check(.planned)

    let staged = try publishing { () throws(PublishError) in
      try Publisher(reportsDirectory: URL(fileURLWithPath: settings.reports))
        .stage(folderName: plan.period.description)
    }
    try stop.check(.staged)

    // The report this one is compared with: what it published, its small files only. A rerun
    // of a published period is compared with that version, and, should it revise nothing
    // there, with what that version was compared with (so an unchanged report stays so).
    var candidates = [staged.earlierReport, staged.publishedBaseline].map {
      folder in folder.map { (folder: $0, report: PublishedReportReader.read(folder: $0)) }
    }
    if candidates[0]?.folder == staged.target {
      candidates[0]?.report.folder = staged.revisionName
    }
    let pass = try rendering {
      try AidPass.run(
        dataset, plan: plan,
        into: RecordSinks(heading: ReportHeading(plan), into: staged.folder),
        digest: staged.folder.appendingPathComponent(AidRecordDigestFile.name),
        comparisons: candidates.map { $0.flatMap { Self.aidComparison($0.report) } },
        stop: stop)
    }
    record(pass.dataset.files, in: &metrics)
    if !plan.allowRejects && !pass.dataset.problems.isEmpty {
      try reject(pass.dataset.problems)
    }

    var model = summarise(pass.dataset, plan: plan, aid: pass.aid)
    var series: [ReportSeries] = []
    for index in candidates.indices {
      let aidRevisions = Self.aidRevisions(pass.comparisons[index], in: &candidates[index])
      series.append(
        ReportSeries(
          model: model, dataset: pass.dataset, earlier: candidates[index]?.report,
          aidRevisions: aidRevisions,
          aidRecordsNotListed: pass.comparisons[index]?.notListed ?? 0, lineage: pass.lineage))
    }
    model.series = series[0]
    if candidates[0]?.folder == staged.target, series[0].revisions.isEmpty,
      series[0].aidRecordsNotListed == 0
    {
      model.series = series[1]
    }
    logWarnings(model)
    try stop.check(.summarised)

    var rendered = try rendering {
      try ReportRenderer(options: Self.renderOptions(settings)).render(model, records: pass.records)
    }
    rendered.files.append(AidRecordDigestFile.name)
    try stop.check(.rendered)

    let committed = try publishing { () throws(PublishError) in try staged.commit(rendered) }
    if let problem = committed.indexProblem { warnIndexNotWritten(problem) }
    return committed.outcome
  }

  /// The comparison of the ledger's records with `earlier`'s, made in the pass; `nil` when
  /// its records or its period could not be read.
  static func aidComparison(_ earlier: EarlierReport) -> AidRecordComparison? {
    guard let digest = earlier.aidRecords, let period = earlier.period else { return nil }
    return AidRecordComparison(earlier: digest, coveredThrough: Day.end(of: period))
  }

  /// After the pass: the earlier report's lines the revisions need (one read skipping every
  /// other line), then the revisions of the aid records. An earlier `aid-records.csv` that
  /// cannot be read now is named among what could not be compared.
  static func aidRevisions(
    _ comparison: AidRecordComparison?, in earlier: inout (folder: URL, report: EarlierReport)?
  ) -> [FigureRevision] {
    guard let comparison, let found = earlier else { return [] }
    do {
      let facts = try PublishedReportReader.aidRecords(
        atLines: comparison.earlierLinesNeeded, in: found.folder)
      return comparison.revisions(earlier: facts, folder: found.report.folder)
    } catch {
      earlier?.report.notCompared.append("aid-records.csv: unreadable (\(error))")
      return []
    }
  }

  /// The plan stage: the period and its windows (exit 65 when there is nothing to report).
  private func makePlan(_ dataset: Dataset) throws -> ReportPlan {
    do {
      return try ReportPlan(dataset: dataset, period: reportPeriod, allowRejects: allowRejects)
    } catch {
      printError("nkreport: \(error.message)")
      EventLog.logger.error("cannot compute the report", metadata: ["reason": "\(error.message)"])
      throw ExitStatus.dataError
    }
  }

  /// Runs a stage of the reports folder; its failure is printed, logged and becomes its exit
  /// code (75, another run holds the lock, is a notice: it is retried).
  private func publishing<T>(_ body: () throws(PublishError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      let temporary = error.exitCode == ExitStatus.tempFail.rawValue
      printError("nkreport: \(error)", priority: temporary ? .notice : .error)
      EventLog.logger.log(
        level: temporary ? .notice : .error,
        temporary ? "not published; try again later" : "publish failed",
        metadata: ["reason": "\(error)"])
      throw ExitCode(error.exitCode)
    }
  }

  /// Runs the pass or the render stage: a ledger that cannot be read is exit 66, any other
  /// failure (a full disk, the workbook library) 73; a stop passes through.
  private func rendering<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let stopped as StopRequest.Stopped {
      throw stopped
    } catch let cause as InputError {
      printError("nkreport: \(cause)")
      EventLog.logger.error("input unavailable", metadata: ["reason": "\(cause)"])
      throw ExitStatus.noInput
    } catch {
      return try publishing { () throws(PublishError) in throw .render(cause: error) }
    }
  }

  private func logWarnings(_ model: ReportModel) {
    if !model.rejects.isEmpty {
      inputs.report(problems(model.rejects))
      EventLog.logger.warning(
        "published with rejected rows (--allow-rejects)",
        metadata: ["problems": "\(model.rejects.count)"])
    }
    for warning in model.warnings {
      EventLog.logger.warning(
        "\(warning.message)", metadata: ["kind": "\(warning.kind.rawValue)"])
    }
  }

  private func announce(_ outcome: PublishOutcome) {
    let logger = EventLog.logger
    switch outcome {
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
      print(
        "nkreport: \(path) is unchanged; the files that differed from it (edited, deleted, or"
          + " a digest for other recipients) and its listing were put right in place")
    }
  }

  /// Lists the problems and fails the run (exit 65): nothing is published.
  private func reject(_ problems: [InputProblem]) throws -> Never {
    inputs.report(problems)
    EventLog.logger.error(
      "inputs invalid: nothing published", metadata: ["problems": "\(problems.count)"])
    throw ExitStatus.dataError
  }

  private func problems(_ rejects: [RejectedRow]) -> [InputProblem] {
    rejects.map {
      InputProblem(
        file: $0.file, line: $0.line, column: $0.column, value: $0.value, reason: $0.reason)
    }
  }

  private func record(_ files: [InputFileSummary], in metrics: inout MetricsFile.Run) {
    record(files.map { ($0.name, $0.isPresent, $0.rowsRead, $0.rowsAccepted) }, in: &metrics)
  }

  /// Books the rows read and rejected of each input present, in the metrics and the log.
  private func record(
    _ files: [(name: String, isPresent: Bool, read: Int, accepted: Int)],
    in metrics: inout MetricsFile.Run
  ) {
    for file in files where file.isPresent {
      metrics.rowsRead[file.name] = file.read
      metrics.rowsRejected[file.name] = file.read - file.accepted
      EventLog.logger.info(
        "input read",
        metadata: [
          "file": "\(file.name)", "rows": "\(file.read)", "accepted": "\(file.accepted)",
          "rejected": "\(file.read - file.accepted)",
        ])
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
