import Foundation
import NKInputs
import NKPeriods

/// The Checks sheet: published resident totals against computed ones, row accounting per input
/// file, and totals that must agree across tables.
func reconciliation(
  dataset: Dataset, people: PeopleFigures, calendar: ReportCalendar, annual: [AnnualArrivals],
  aid: AidSummary
) -> [Check] {
  var checks: [Check] = []

  for checkpoint in dataset.checkpoints.sorted(by: { $0.date < $1.date })
  where checkpoint.date <= calendar.periodEnd {
    let computed = people.residents(at: checkpoint.date.yearMonth)
    checks.append(
      compare(
        name: "residents \(checkpoint.date)", expected: .known(checkpoint.residents),
        computed: computed,
        detail:
          "residents at \(checkpoint.date): published \(checkpoint.residents) (\(checkpoint.source)) against arrivals − departures"
      ))
  }

  for file in dataset.files where file.isPresent {
    checks.append(
      compare(
        name: "rows \(file.name)", expected: .known(file.rowsRead),
        computed: .known(file.rowsAccepted),
        detail:
          "\(file.name): \(file.rowsRead) rows read, \(file.rowsAccepted) accepted, \(file.rowsRejected) rejected"
      ))
  }

  if let last = annual.last {
    let annualSum = Figure.sum(annual.map(\.total))
    checks.append(
      compare(
        name: "arrivals annual total", expected: last.cumulativeArrivals, computed: annualSum,
        detail: "the annual table's totals add up to the arrivals through \(last.span.last)"))
  }

  let deliveredByYear = Figure.sum(aid.byYear.map(\.valueKRW))
  let deliveredByCategory = Figure.sum(aid.byCategory.map(\.valueKRW))
  if !aid.byYear.isEmpty {
    checks.append(
      compare(
        name: "aid delivered value krw", expected: deliveredByYear, computed: deliveredByCategory,
        detail: "delivered aid by category adds up to delivered aid by year (KRW)"))
  }
  return checks
}

private func compare(
  name: String, expected: Figure<Int>, computed: Figure<Int>, detail: String
) -> Check {
  compare(
    name: name, expected: expected.map { Decimal($0) }, computed: computed.map { Decimal($0) },
    detail: detail)
}

private func compare(
  name: String, expected: Figure<Decimal>, computed: Figure<Decimal>, detail: String
) -> Check {
  let difference = computed.combined(with: expected) { $0 - $1 }
  let status: Check.Status
  switch difference {
  case .known(let value): status = value == 0 ? .ok : .mismatch
  case .unavailable: status = .notComputable
  }
  return Check(
    name: name, expected: expected, computed: computed, difference: difference, status: status,
    detail: detail)
}
