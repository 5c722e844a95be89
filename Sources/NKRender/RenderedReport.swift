import Foundation
import NKPeriods
import NKSummary

/// What rendering a report produced, as the publisher needs it for `run.json` and to compare
/// with an earlier publication: the files written and the report's figures, inputs and
/// warnings. Values only; nothing here is read back from the files.
public struct RenderedReport: Hashable, Sendable {
  /// `2018-11`: the report folder's name.
  public var folderName: String
  /// The files written into the folder, in the order they were written.
  public var files: [String]
  /// summary.csv's metrics in the contract's order, as published (`MetricValue.published`).
  public var figures: [ReportFigure]
  /// The input files read, in the contract's order.
  public var inputs: [SourceFile]
  public var warnings: [ReportWarning]
  /// Rows rejected from the inputs (published only with `--allow-rejects`).
  public var rejectedRowCount: Int
  public var period: YearMonth
  public var window: Period
  public var previousWindow: Period
  public var dataThrough: YearMonth
  public var toolVersion: String
  /// SHA-256 (lower-case hex) of files in `files`, by name, as computed while they were written;
  /// the publisher hashes any file not listed.
  public var checksums: [String: String] = [:]
  /// The comparison with the earlier report, the provisional marks and the lineage.
  public var series = ReportSeries()
  /// The rows marked provisional, by file: `summary.csv` metric names, `arrivals-by-year.csv`
  /// labels, `arrivals-detail.csv` periods.
  public var provisionalRows: [String: [String]] = [:]

  public init(
    folderName: String, files: [String], figures: [ReportFigure], inputs: [SourceFile],
    warnings: [ReportWarning], rejectedRowCount: Int, period: YearMonth, window: Period,
    previousWindow: Period, dataThrough: YearMonth, toolVersion: String
  ) {
    self.folderName = folderName
    self.files = files
    self.figures = figures
    self.inputs = inputs
    self.warnings = warnings
    self.rejectedRowCount = rejectedRowCount
    self.period = period
    self.window = window
    self.previousWindow = previousWindow
    self.dataThrough = dataThrough
    self.toolVersion = toolVersion
  }

  /// The report of `model` whose `files` were written with `options`.
  public init(model: ReportModel, files: [String], options: RenderOptions) {
    self.init(
      folderName: model.period.description, files: files,
      figures: ReportFigure.published(in: model), inputs: model.sources,
      warnings: model.warnings, rejectedRowCount: model.rejects.count, period: model.period,
      window: model.window, previousWindow: model.previousWindow,
      dataThrough: model.dataThrough, toolVersion: options.toolVersion)
    series = model.series
    let marks = model.series.provisional
    provisionalRows = [
      CSVFileName.summary: Metric.allCases.filter { marks.metrics.contains($0) }.map(\.rawValue),
      CSVFileName.arrivalsByYear: model.arrivalsByYear.indices.filter { marks.annual($0) }.map {
        model.arrivalsByYear[$0].label
      },
      CSVFileName.arrivalsDetail: model.arrivalsDetail.indices.filter { marks.detail($0) }.map {
        model.arrivalsDetail[$0].period.description
      },
    ]
  }
}
