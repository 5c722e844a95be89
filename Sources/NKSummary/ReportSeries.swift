import Foundation
import NKInputs
import NKPeriods

/// The report as one of a series: which of its figures are provisional, what changed since
/// the report before it, and which input rows each headline figure comes from. Computed after
/// the ledger's pass (`ReportSeries(model:dataset:...)`), values only; every renderer reads it
/// from `ReportModel.series`.
public struct ReportSeries: Hashable, Sendable {
  /// What this report was compared with.
  public enum Comparison: Hashable, Sendable {
    /// No earlier report in the reports folder.
    case nothingToCompare
    case compared(ReportComparison)
  }

  public var comparison: Comparison
  /// Each metric of `summary.csv` but `period`, in `Metric.allCases` order.
  public var lineage: [MetricLineage]
  public var provisional: ProvisionalMarks
  /// Aid records added or changed beyond `AidRecordComparison.keptLimit`, not listed.
  public var aidRecordsNotListed: Int

  public init(
    comparison: Comparison = .nothingToCompare, lineage: [MetricLineage] = [],
    provisional: ProvisionalMarks = ProvisionalMarks(), aidRecordsNotListed: Int = 0
  ) {
    self.comparison = comparison
    self.lineage = lineage
    self.provisional = provisional
    self.aidRecordsNotListed = aidRecordsNotListed
  }

  /// The series facts of `model`: `earlier` is the report compared with (`nil`: none),
  /// `aidRevisions` what the pass's `AidRecordComparison` found, `lineage` the builder the
  /// pass observed every record with.
  public init(
    model: ReportModel, dataset: Dataset, earlier: EarlierReport?,
    aidRevisions: [FigureRevision] = [], aidRecordsNotListed: Int = 0, lineage: LineageBuilder
  ) {
    let status = ProvisionalMarks.rowStatus(dataset)
    let isProvisional = { (row: InputRowReference) in
      status[row.file]?[row.line] == .provisional
    }
    let current = CurrentFigures(
      model: model, dataset: dataset, earlier: earlier, isProvisional: isProvisional)
    let lineage = lineage.lineage(model: model)
    var marks = ProvisionalMarks()
    marks.annual = current.annual.prefix(model.arrivalsByYear.count).map(\.isProvisional)
    marks.detail = current.detail.prefix(model.arrivalsDetail.count).map(\.isProvisional)
    for item in lineage where item.notComputable == nil {
      if item.rows.contains(where: isProvisional) { marks.metrics.insert(item.metric) }
    }
    // The split by sex rests on the same rows as the totals it splits.
    marks.maleFemaleYTD = marks.metrics.contains(.arrivalsYTD)
    marks.maleFemaleYTDPrevious = marks.metrics.contains(.arrivalsYTDPrevious)
    self.init(
      comparison: earlier.map {
        .compared(ReportComparison(earlier: $0, current: current, aidRevisions: aidRevisions))
      } ?? .nothingToCompare,
      lineage: lineage, provisional: marks, aidRecordsNotListed: aidRecordsNotListed)
  }

  /// The revisions listed (none when there was nothing to compare with).
  public var revisions: [FigureRevision] {
    if case .compared(let comparison) = comparison { return comparison.revisions }
    return []
  }

  public var lineageByMetric: [Metric: MetricLineage] {
    Dictionary(lineage.map { ($0.metric, $0) }, uniquingKeysWith: { first, _ in first })
  }
}

/// Which figures rest on a row marked `provisional` in the inputs: a figure is provisional
/// when any row it is computed from is.
public struct ProvisionalMarks: Hashable, Sendable {
  /// The metrics of `summary.csv`.
  public var metrics: Set<Metric> = []
  /// The split by sex of this period and of the comparison window (Summary sheet, digest).
  public var maleFemaleYTD = false
  public var maleFemaleYTDPrevious = false
  /// Per row of `ReportModel.arrivalsByYear` and `arrivalsDetail`, in order.
  public var annual: [Bool] = []
  public var detail: [Bool] = []

  public init() {}

  /// True when any figure of the report is provisional.
  public var any: Bool {
    !metrics.isEmpty || annual.contains(true) || detail.contains(true)
  }

  public func annual(_ index: Int) -> Bool { annual.indices.contains(index) && annual[index] }
  public func detail(_ index: Int) -> Bool { detail.indices.contains(index) && detail[index] }

  /// The status of each arrival and checkpoint row, by file and line.
  static func rowStatus(_ dataset: Dataset) -> [String: [Int: FigureStatus]] {
    var status: [String: [Int: FigureStatus]] = [:]
    for row in dataset.arrivals { status["arrivals.csv", default: [:]][row.line] = row.status }
    for checkpoint in dataset.checkpoints {
      status["checkpoints.csv", default: [:]][checkpoint.line] = checkpoint.status
    }
    return status
  }
}
