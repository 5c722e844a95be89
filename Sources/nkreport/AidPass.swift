import NKInputs
import NKRender
import NKSummary

/// The one pass over the aid ledger: each record is validated as it is read (`AidLedger`),
/// added to the aid figures (`AidAggregator`), and written to the record sinks
/// (`RecordSinks`: `aid-records.csv` here, the workbook's record sheets on their own thread).
/// The ledger is read once and never held in memory.
enum AidPass {
  /// What the pass leaves for the next stages.
  struct Result {
    /// The dataset with `aid.csv`'s summary and problems in place (`Dataset.including`).
    var dataset: Dataset
    var aid: AidFigures
    /// The record files, complete but for closing; the render stage finishes them.
    var records: RecordFiles
  }

  /// Records between two checks for a stop: a check is an atomic load, cheap, but there is no
  /// need to make it a million times.
  static let recordsBetweenStopChecks = 4096

  static func run(
    _ dataset: Dataset, plan: ReportPlan, into sinks: RecordSinks, stop: StopRequest
  ) throws -> Result {
    var aggregator = AidAggregator(plan: plan, rates: dataset.exchangeRates)
    var sinceCheck = 0
    let reading = try dataset.aid.read { record in
      sinceCheck += 1
      if sinceCheck == recordsBetweenStopChecks {
        sinceCheck = 0
        try stop.check(.pass)
      }
      guard let row = aggregator.add(record) else { return }
      try sinks.write(row)
    }
    try stop.check(.pass)
    let records = try sinks.close()
    return Result(
      dataset: dataset.including(reading), aid: aggregator.finish(), records: records)
  }
}
