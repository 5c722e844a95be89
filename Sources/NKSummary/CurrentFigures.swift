import Foundation
import NKInputs
import NKPeriods

/// This report's figures in the shape an earlier report is compared in: people rows by span,
/// checkpoints by name, the headline metrics, and the people figures at the earlier report's
/// period, each with the input rows that give it.
public struct CurrentFigures: Sendable {
  public struct PeopleRow: Hashable, Sendable {
    public var label: String
    public var first: YearMonth?
    public var last: YearMonth
    public var total: Int?
    public var male: Int?
    public var female: Int?
    public var isProvisional: Bool
    public var sources: [InputRowReference]

    public init(
      label: String, first: YearMonth?, last: YearMonth, total: Int?, male: Int?, female: Int?,
      isProvisional: Bool = false, sources: [InputRowReference] = []
    ) {
      self.label = label
      self.first = first
      self.last = last
      self.total = total
      self.male = male
      self.female = female
      self.isProvisional = isProvisional
      self.sources = sources
    }
  }

  public struct Checkpoint: Hashable, Sendable {
    /// As `checks.csv` names it: "residents 2017-12-31".
    public var name: String
    public var date: Day
    public var expected: Int
    public var isProvisional: Bool
    public var source: InputRowReference

    public init(
      name: String, date: Day, expected: Int, isProvisional: Bool = false, source: InputRowReference
    ) {
      self.name = name
      self.date = date
      self.expected = expected
      self.isProvisional = isProvisional
      self.source = source
    }
  }

  /// A count with the rows it comes from; `nil` when not computable.
  public struct Sourced: Hashable, Sendable {
    public var value: Int?
    public var sources: [InputRowReference]

    public init(_ value: Int?, _ sources: [InputRowReference] = []) {
      self.value = value
      self.sources = sources
    }
  }

  public var period: YearMonth
  public var summary: [String: StatedValue?]
  /// The annual table's rows, then the figures over each earlier annual row's span that no
  /// current row has (computed from the rows that tile it, when they do).
  public var annual: [PeopleRow]
  /// The detail rows, then the figures over each earlier detail row's span likewise.
  public var detail: [PeopleRow]
  public var checkpoints: [Checkpoint]
  /// At the end of the earlier report's period.
  public var residentsAtEarlierPeriod = Sourced(nil)
  public var cumulativeArrivalsAtEarlierPeriod = Sourced(nil)
  /// From the month after the earlier report's period through this one's.
  public var arrivalsSinceEarlierPeriod = Sourced(nil)
  public var departuresSinceEarlierPeriod = Sourced(nil)
  public var residents = Sourced(nil)

  public init(
    period: YearMonth, summary: [String: StatedValue?] = [:], annual: [PeopleRow] = [],
    detail: [PeopleRow] = [], checkpoints: [Checkpoint] = []
  ) {
    self.period = period
    self.summary = summary
    self.annual = annual
    self.detail = detail
    self.checkpoints = checkpoints
  }

  /// The figures of `model`, computed from `dataset`, for comparison with `earlier`.
  /// `isProvisional` says which input rows are provisional (none until inputs carry a status).
  public init(
    model: ReportModel, dataset: Dataset, earlier: EarlierReport?,
    isProvisional: (InputRowReference) -> Bool = { _ in false }
  ) {
    let people = PeopleFigures(dataset: dataset)
    func row(_ label: String, _ first: YearMonth?, _ last: YearMonth) -> PeopleRow {
      let low = first?.ordinal ?? Int.min
      let high = last.ordinal
      let sources = people.arrivalSources(low, high)
      return PeopleRow(
        label: label, first: first, last: last, total: people.arrivals.total(low, high).value,
        male: people.arrivals.split(low, high, \.male).value,
        female: people.arrivals.split(low, high, \.female).value,
        isProvisional: sources.contains(where: isProvisional), sources: sources)
    }
    var annual = model.arrivalsByYear.map { row($0.label, $0.span.first, $0.span.last) }
    var detail = model.arrivalsDetail.map {
      row($0.period.description, $0.firstMonth, $0.lastMonth)
    }
    for earlierRow in earlier?.annual ?? []
    where !annual.contains(where: { $0.first == earlierRow.first && $0.last == earlierRow.last }) {
      annual.append(row(earlierRow.label, earlierRow.first, earlierRow.last))
    }
    for earlierRow in earlier?.detail ?? []
    where !detail.contains(where: { $0.first == earlierRow.first && $0.last == earlierRow.last }) {
      detail.append(row(earlierRow.label, earlierRow.first, earlierRow.last))
    }
    var summary: [String: StatedValue?] = [:]
    for metric in Metric.allCases {
      switch metric.value(in: model) {
      case .text(let text): summary[metric.rawValue] = .some(.text(text))
      case .count(let count): summary[metric.rawValue] = .some(.number(Decimal(count)))
      case .money(let amount, _): summary[metric.rawValue] = .some(.number(amount))
      case .fraction(let fraction): summary[metric.rawValue] = .some(.number(Decimal(fraction)))
      case .notComputable: summary[metric.rawValue] = .some(nil)
      }
    }
    self.init(
      period: model.period, summary: summary, annual: annual, detail: detail,
      checkpoints: dataset.checkpoints.map { checkpoint in
        let measure = checkpoint.measure == .residents ? "residents" : "cumulative arrivals"
        let source = InputRowReference(
          file: "checkpoints.csv", line: checkpoint.line, period: checkpoint.date.description)
        return Checkpoint(
          name: "\(measure) \(checkpoint.date)", date: checkpoint.date,
          expected: checkpoint.residents, isProvisional: isProvisional(source), source: source)
      })
    let month = model.period.ordinal
    let residentsNow = people.residents(atOrdinal: month)
    residents = Sourced(
      residentsNow.figure.value,
      people.cumulativeSources(residentsNow, through: month, residents: true))
    guard let earlierPeriod = earlier?.period else { return }
    let then = earlierPeriod.ordinal
    let residentsThen = people.residents(atOrdinal: then)
    residentsAtEarlierPeriod = Sourced(
      residentsThen.figure.value,
      people.cumulativeSources(residentsThen, through: then, residents: true))
    let cumulativeThen = people.cumulativeArrivals(atOrdinal: then)
    cumulativeArrivalsAtEarlierPeriod = Sourced(
      cumulativeThen.figure.value,
      people.cumulativeSources(cumulativeThen, through: then, residents: false))
    if then < month {
      arrivalsSinceEarlierPeriod = Sourced(
        people.arrivals.total(then + 1, month).value, people.arrivalSources(then + 1, month))
      departuresSinceEarlierPeriod = Sourced(
        people.departures.totalFromDataStart(then + 1, month).value,
        people.departureSources(then + 1, month))
    } else {
      arrivalsSinceEarlierPeriod = Sourced(0)
      departuresSinceEarlierPeriod = Sourced(0)
    }
  }
}
