import NKInputs
import NKPeriods
import NKSummary

/// The model for `period` as a run makes it, rejected rows left out: the plan, the pass over
/// the (in-memory) ledger adding each record to the aggregate, then the pure `summarise`.
func summarise(_ dataset: Dataset, period: YearMonth? = nil) throws -> ReportModel {
  let plan = try ReportPlan(dataset: dataset, period: period, allowRejects: true)
  var aggregator = AidAggregator(plan: plan, rates: dataset.exchangeRates)
  let reading = try dataset.aid.read { _ = aggregator.add($0) }
  return summarise(dataset.including(reading), plan: plan, aid: aggregator.finish())
}
