import Foundation
import NKInputs
import NKPublish
import NKRender
import NKSummary

/// The one pass over the aid ledger: each record is validated as it is read (`AidLedger`),
/// added to the aid figures (`AidAggregator`), and written to the record sinks
/// (`RecordSinks`: `aid-records.csv` here, the workbook's record sheets on their own thread).
/// The ledger is read once and never held in memory. In the same pass each record is compared
/// with the earlier report's (`AidRecordComparison`), booked for the lineage of the aid figures
/// (`LineageBuilder`), and its compact entry added to `aid-records.digest`, which the next
/// report compares with.
enum AidPass {
  /// What the pass leaves for the next stages.
  struct Result {
    /// The dataset with `aid.csv`'s summary and problems in place (`Dataset.including`).
    var dataset: Dataset
    var aid: AidFigures
    /// The record files, complete but for closing; the render stage finishes them.
    var records: RecordFiles
    /// The comparisons with earlier reports' records, as given to `run`.
    var comparisons: [AidRecordComparison?]
    var lineage: LineageBuilder
  }

  /// Records between two checks for a stop: a check is an atomic load, cheap, but there is no
  /// need to make it a million times.
  static let recordsBetweenStopChecks = 4096

  /// `digest` is where `aid-records.digest` is written (the staging folder's); `comparisons`
  /// the earlier reports' records to compare with (`nil`: none).
  static func run(
    _ dataset: Dataset, plan: ReportPlan, into sinks: RecordSinks, digest: URL,
    comparisons: [AidRecordComparison?] = [], stop: StopRequest
  ) throws -> Result {
    var aggregator = AidAggregator(plan: plan, rates: dataset.exchangeRates)
    var comparisons = comparisons
    var lineage = LineageBuilder(dataset: dataset, period: plan.period)
    let digestWriter = try AidRecordDigestWriter(url: digest)
    var sinceCheck = 0
    let reading = try dataset.aid.read { record in
      sinceCheck += 1
      if sinceCheck == recordsBetweenStopChecks {
        sinceCheck = 0
        try stop.check(.pass)
      }
      for index in comparisons.indices { comparisons[index]?.observe(record) }
      lineage.observe(record)
      guard let row = aggregator.add(record) else { return }
      let line = try sinks.write(row)
      try digestWriter.append(record, line: line)
    }
    try stop.check(.pass)
    let records = try sinks.close()
    try digestWriter.finish()
    return Result(
      dataset: dataset.including(reading), aid: aggregator.finish(), records: records,
      comparisons: comparisons, lineage: lineage)
  }
}
