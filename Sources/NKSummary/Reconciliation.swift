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

  // Each checkpoint against the figure carried from the anchors before it (the open start, or
  // an earlier checkpoint).
  for checkpoint in people.checkpoints where checkpoint.date <= calendar.periodEnd {
    let month = checkpoint.date.yearMonth.ordinal
    let computed: Anchored
    let name: String
    let detail: CheckDetail
    switch checkpoint.measure {
    case .residents:
      computed = people.residents(atOrdinal: month, before: checkpoint.date)
      name = "residents \(checkpoint.date)"
      detail = .residentsCheckpoint(
        date: checkpoint.date, published: checkpoint.residents, source: checkpoint.source)
    case .cumulativeArrivals:
      computed = people.cumulativeArrivals(atOrdinal: month, before: checkpoint.date)
      name = "cumulative arrivals \(checkpoint.date)"
      detail = .cumulativeArrivalsCheckpoint(
        date: checkpoint.date, published: checkpoint.residents, source: checkpoint.source)
    }
    var check = compare(
      name: name, expected: .known(checkpoint.residents), computed: computed.figure,
      detail: detail)
    check.anchor = computed.anchor
    checks.append(check)
  }

  // A resident count and a cumulative total published for one date must agree with each
  // other: the total less the departures up to then. Neither anchors the other (each is
  // reconciled against the anchors before its date), so without this a disagreement between
  // them would go unseen.
  for residents in people.checkpoints
  where residents.measure == .residents && residents.date <= calendar.periodEnd {
    for total in people.checkpoints
    where total.measure == .cumulativeArrivals && total.date == residents.date {
      let month = residents.date.yearMonth.ordinal
      let departed = people.departures.cumulative(through: month)
      checks.append(
        compare(
          name: "residents \(residents.date) against cumulative arrivals \(total.date)",
          expected: .known(residents.residents),
          computed: departed.map { total.residents - $0 },
          detail: .residentsAgainstCumulativeArrivals(
            date: residents.date, residents: residents.residents,
            residentsSource: residents.source, cumulative: total.residents,
            cumulativeSource: total.source)))
    }
  }

  for file in dataset.files where file.isPresent {
    checks.append(
      compare(
        name: "rows \(file.name)", expected: .known(file.rowsRead),
        computed: .known(file.rowsAccepted),
        detail: .rowAccounting(
          file: file.name, read: file.rowsRead, accepted: file.rowsAccepted,
          rejected: file.rowsRejected)))
  }

  // The table's lines tile its span, so they must add up to what the rows covering that
  // span exactly say (enclosing rows such as `..2024` included).
  if let first = annual.first, let last = annual.last {
    let span = CountSeries.period(first.span.firstOrdinal, last.span.lastOrdinal)
    let check = compare(
      name: "arrivals annual total",
      expected: people.arrivals.total(first.span.firstOrdinal, last.span.lastOrdinal),
      computed: Figure.sum(annual.map(\.total)),
      detail: .annualTotals(span: span))
    checks.append(check)
  }

  let deliveredByYear = Figure.sum(aid.byYear.map(\.valueKRW))
  let deliveredByCategory = Figure.sum(aid.byCategory.map(\.valueKRW))
  if !aid.byYear.isEmpty {
    checks.append(
      compare(
        name: "aid delivered value krw", expected: deliveredByYear, computed: deliveredByCategory,
        detail: .deliveredAidByCategoryAndYear))
  }
  return checks
}

private func compare(
  name: String, expected: Figure<Int>, computed: Figure<Int>, detail: CheckDetail
) -> Check {
  compare(
    name: name, expected: expected.map { Decimal($0) }, computed: computed.map { Decimal($0) },
    detail: detail)
}

private func compare(
  name: String, expected: Figure<Decimal>, computed: Figure<Decimal>, detail: CheckDetail
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
