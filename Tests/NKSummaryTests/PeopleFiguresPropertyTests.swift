import Foundation
import NKInputs
import NKPeriods
import TestRandom
import Testing

@testable import NKSummary

/// Random datasets of every shape the Ministry's data takes — nesting, spans across years, open
/// starts, cumulative totals, enclosing spans, late starts with and without checkpoints,
/// departures as totals then by reason, monthly, quarterly and part-year rows — built from a
/// hidden month-by-month truth. The report model must agree with the brute-force reference on
/// every figure of the annual table, the window, residents and the checks, and every figure it
/// states must be the truth.
///
/// `NKREPORT_PROPERTY_SEED=N` replays one case; `NKREPORT_PROPERTY_CASES=N` sets how many run.
@Suite("People figures against a brute-force reference")
struct PeopleFiguresPropertyTests {
  static let universe =
    (YearMonth(year: 2000, month: 1)!.ordinal)...(YearMonth(year: 2012, month: 12)!.ordinal)
  static let departuresUniverse =
    (YearMonth(year: 2004, month: 1)!.ordinal)...(YearMonth(year: 2008, month: 12)!.ordinal)
  /// Months before every row: where the reference starts a row running from the open start.
  static let openStart = YearMonth(year: 1990, month: 1)!.ordinal

  @Test func theModelAgreesWithTheReferenceOnRandomDatasets() throws {
    let environment = ProcessInfo.processInfo.environment
    let seeds: [UInt64]
    if let seed = environment["NKREPORT_PROPERTY_SEED"].flatMap(UInt64.init) {
      seeds = [seed]
    } else {
      let count = environment["NKREPORT_PROPERTY_CASES"].flatMap(Int.init) ?? 3000
      seeds = (0..<UInt64(count)).map { $0 &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
    }
    var failures = 0
    for seed in seeds {
      let problems = try Self.check(seed: seed)
      if !problems.isEmpty {
        failures += 1
        Issue.record(
          "seed \(seed) (replay: NKREPORT_PROPERTY_SEED=\(seed)): \(problems.prefix(5).joined(separator: "; "))"
        )
        if failures >= 3 { break }
      }
    }
  }

  /// Every disagreement for the dataset of `seed`.
  static func check(seed: UInt64) throws -> [String] {
    var random = SplitMix64(seed: seed)
    let generated = GeneratedCase(&random)
    let model = try summarise(generated.dataset, period: generated.period)
    let reference = BruteForceReference(
      generated.dataset, period: generated.period, openStart: openStart)
    var problems: [String] = []
    func agree(_ what: String, _ model: Int?, _ reference: Int?, truth: Int?) {
      if model != reference {
        problems.append(
          "\(what): model \(model.map(String.init) ?? "n/c"), reference \(reference.map(String.init) ?? "n/c")"
        )
      }
      if let model, let truth, model != truth {
        problems.append("\(what): model states \(model), the truth is \(truth)")
      }
    }

    // The window and the same months a year earlier.
    let window = model.window
    let low = window.firstOrdinal
    let high = window.lastOrdinal
    agree(
      "arrivals in the window", model.headline.arrivalsYTD.value,
      reference.arrivalsTotal(low, high), truth: generated.arrivals(low, high))
    agree(
      "arrivals a year earlier", model.headline.arrivalsYTDPrevious.value,
      reference.arrivalsTotal(low - 12, high - 12), truth: generated.arrivals(low - 12, high - 12))
    agree(
      "men in the window", model.headline.maleYTD.value,
      BruteForceReference.split(reference.arrivals, low, high, \.male),
      truth: generated.male(low, high))
    agree(
      "women in the window", model.headline.femaleYTD.value,
      BruteForceReference.split(reference.arrivals, low, high, \.female),
      truth: generated.female(low, high))
    let truthful = generated.checkpointsAreTrue
    agree(
      "residents at P", model.headline.residents.value, reference.residents(at: high),
      truth: truthful ? generated.residents(through: high) : nil)

    // How far the departures are known (the data-complete warning); this trapped when the
    // reasons' open-start rows ended at different months.
    let departures = Self.departureSeries(generated.dataset)
    let known = departures.knownThrough
    let referenceKnown = reference.departuresKnownThrough
    let knownMonth = known.map { $0.month == Int.min ? openStart - 1 : $0.month }
    if knownMonth != referenceKnown?.month
      || (known?.gap == nil) != (referenceKnown?.isComplete ?? true)
    {
      problems.append(
        "departures known through: model \(String(describing: known)), reference \(String(describing: referenceKnown))"
      )
    }

    // The annual table.
    let lines = reference.lines
    let labels = model.arrivalsByYear.map(\.label)
    if labels != lines.map(\.label) {
      problems.append("annual lines: model \(labels), reference \(lines.map(\.label))")
      return problems
    }
    for (row, line) in zip(model.arrivalsByYear, lines) {
      let name = "annual \(line.label)"
      if row.span.firstOrdinal != (line.low == openStart ? Int.min : line.low)
        || row.span.lastOrdinal != line.high
      {
        problems.append("\(name): span \(row.span), reference \(line.low)...\(line.high)")
      }
      let total = reference.arrivalsTotal(line.low, line.high)
      agree("\(name) total", row.total.value, total, truth: generated.arrivals(line.low, line.high))
      let female = BruteForceReference.split(reference.arrivals, line.low, line.high, \.female)
      agree(
        "\(name) men", row.male.value,
        BruteForceReference.split(reference.arrivals, line.low, line.high, \.male),
        truth: generated.male(line.low, line.high))
      agree("\(name) women", row.female.value, female, truth: generated.female(line.low, line.high))
      let share: Double? = female.flatMap { female in
        total.flatMap { $0 == 0 ? nil : Double(female) / Double($0) }
      }
      if row.femaleShare.value != share {
        problems.append(
          "\(name) female share: model \(String(describing: row.femaleShare.value)), reference \(String(describing: share))"
        )
      }
      let previous = line.isMultiYear ? nil : reference.arrivalsTotal(line.low - 12, line.high - 12)
      agree(
        "\(name) change", row.change.value, total.flatMap { total in previous.map { total - $0 } },
        truth: nil)
      agree(
        "\(name) cumulative arrivals", row.cumulativeArrivals.value,
        reference.cumulativeArrivals(at: line.high),
        truth: truthful ? generated.cumulative(through: line.high) : nil)
      agree(
        "\(name) departures", row.departures.value,
        reference.departuresFromStart(line.low, line.high),
        truth: generated.departures(line.low, line.high))
      agree(
        "\(name) residents", row.residents.value, reference.residents(at: line.high),
        truth: truthful ? generated.residents(through: line.high) : nil)
      let complete = line.high % 12 == 11 && total != nil
      if row.isComplete != complete { problems.append("\(name) complete: model \(row.isComplete)") }
    }

    // The checks: each checkpoint against the anchors before it, and the annual total.
    for checkpoint in reference.checkpoints where checkpoint.date <= Day.end(of: generated.period) {
      let month = checkpoint.date.yearMonth.ordinal
      let name: String
      let expected: Int?
      switch checkpoint.measure {
      case .residents:
        name = "residents \(checkpoint.date)"
        expected = reference.residents(at: month, before: checkpoint.date)
      case .cumulativeArrivals:
        name = "cumulative arrivals \(checkpoint.date)"
        expected = reference.cumulativeArrivals(at: month, before: checkpoint.date)
      }
      guard let check = model.checks.first(where: { $0.name == name }) else {
        problems.append("no check \(name)")
        continue
      }
      agree(
        "check \(name)", check.computed.value.map { NSDecimalNumber(decimal: $0).intValue },
        expected, truth: nil)
      let status: Check.Status =
        expected == nil ? .notComputable : (expected == checkpoint.residents ? .ok : .mismatch)
      if check.status != status {
        problems.append("check \(name): status \(check.status), reference \(status)")
      }
    }
    if let first = lines.first, let last = lines.last {
      let check = model.checks.first { $0.name == "arrivals annual total" }
      let sum = lines.reduce(Optional(0)) { sum, line in
        sum.flatMap { sum in reference.arrivalsTotal(line.low, line.high).map { sum + $0 } }
      }
      agree(
        "annual total check, computed",
        check?.computed.value.map { NSDecimalNumber(decimal: $0).intValue }, sum, truth: nil)
      agree(
        "annual total check, expected",
        check?.expected.value.map { NSDecimalNumber(decimal: $0).intValue },
        reference.arrivalsTotal(first.low, last.high),
        truth: generated.arrivals(first.low, last.high))
      if let sum, sum != reference.arrivalsTotal(first.low, last.high) {
        problems.append("the annual table's lines add up to \(sum), not to the rows over its span")
      }
    }
    return problems
  }
}

extension PeopleFiguresPropertyTests {
  /// The departures as `summarise` groups them: totals (blank reason) and one series a reason.
  static func departureSeries(_ dataset: Dataset) -> DepartureSeries {
    let byReason = Dictionary(grouping: dataset.departures) { $0.reason?.rawValue ?? "" }
      .mapValues { rows in
        CountSeries(
          fileName: "departures.csv",
          rows: rows.map {
            .init(period: $0.period, total: $0.count, male: nil, female: nil, line: $0.line)
          })
      }
    return DepartureSeries(
      totals: byReason[""] ?? CountSeries(fileName: "departures.csv", rows: []),
      reasons: byReason.filter { !$0.key.isEmpty }.map { .init(name: $0.key, series: $0.value) })
  }
}

/// One random dataset with the truth it was built from.
struct GeneratedCase {
  var dataset: Dataset
  var period: YearMonth
  var checkpointsAreTrue = true
  /// Arrivals by month (men, women) over the universe; everything before it is `before`.
  var monthly: [Int: (male: Int, female: Int)] = [:]
  var before = (male: 0, female: 0)
  var departuresByMonth: [Int: Int] = [:]
  var hasOpenStart = false

  static var universe: ClosedRange<Int> { PeopleFiguresPropertyTests.universe }

  /// Men (or women) arriving in `low...high`; `low` before the universe takes in `before`.
  func count(_ low: Int, _ high: Int, women: Bool) -> Int {
    guard high >= low else { return 0 }
    var sum = low < Self.universe.lowerBound ? (women ? before.female : before.male) : 0
    let first = max(low, Self.universe.lowerBound)
    let last = min(high, Self.universe.upperBound)
    if first <= last {
      for month in first...last {
        sum += (women ? monthly[month]?.female : monthly[month]?.male) ?? 0
      }
    }
    return sum
  }

  func male(_ low: Int, _ high: Int) -> Int { count(low, high, women: false) }
  func female(_ low: Int, _ high: Int) -> Int { count(low, high, women: true) }

  func arrivals(_ low: Int, _ high: Int) -> Int {
    high < low ? 0 : male(low, high) + female(low, high)
  }
  func cumulative(through month: Int) -> Int { arrivals(Int.min, month) }
  func departures(_ low: Int, _ high: Int) -> Int {
    departuresByMonth.filter { $0.key >= low && $0.key <= high }.values.reduce(0, +)
  }
  func residents(through month: Int) -> Int {
    cumulative(through: month) - departures(Int.min, month)
  }

  init(_ random: inout SplitMix64) {
    dataset = Dataset(arrivals: [])
    period = YearMonth(ordinal: Self.universe.lowerBound)!
    let universe = Self.universe
    for month in universe { monthly[month] = (random.int(0...6), random.int(0...12)) }
    before = (random.int(100...400), random.int(100...900))

    // Top-level blocks: months, quarters, part-years, years, multi-year spans, spans across
    // years; some left without a row (unknown months), some refined by rows inside them.
    var blocks: [ClosedRange<Int>] = []
    var start = universe.lowerBound
    while start <= universe.upperBound {
      let isJanuary = start % 12 == 0
      let length: Int
      switch random.int(0...9) {
      case 0: length = 1
      case 1: length = 3
      case 2: length = random.int(2...11)
      case 3, 4, 5: length = isJanuary ? 12 : 12 - start % 12
      case 6: length = isJanuary ? 12 * random.int(2...3) : 12 - start % 12
      default: length = isJanuary ? 12 : random.int(13...20)
      }
      blocks.append(start...min(universe.upperBound, start + length - 1))
      start += length
    }
    // A late start: the first blocks have no rows.
    let lateStart = random.chance(0.3) ? random.int(1...max(1, blocks.count / 3)) : 0
    var periods: [(first: Int?, last: Int)] = []
    func addRow(_ months: ClosedRange<Int>) {
      periods.append((months.lowerBound, months.upperBound))
    }
    func refine(_ block: ClosedRange<Int>, depth: Int, _ random: inout SplitMix64) {
      guard depth < 2, block.count >= 2, random.chance(0.4) else { return }
      var cut = block.lowerBound
      var parts: [ClosedRange<Int>] = []
      while cut <= block.upperBound {
        let length = min(block.upperBound - cut + 1, random.int(1...max(1, block.count / 2)))
        parts.append(cut...(cut + length - 1))
        cut += length
      }
      for part in parts where parts.count > 1 && random.chance(0.85) {
        addRow(part)
        refine(part, depth: depth + 1, &random)
      }
    }
    for (index, block) in blocks.enumerated() where index >= lateStart {
      guard random.chance(0.93) else { continue }
      addRow(block)
      refine(block, depth: 0, &random)
    }
    if periods.isEmpty { addRow(blocks[blocks.count - 1]) }
    // Rows around whole blocks: a span over several blocks, and rows from the open start
    // (a cumulative total `..B`) ending at a block's end.
    var enclosing: [ClosedRange<Int>] = []
    if random.chance(0.4), blocks.count >= 3 {
      let first = random.int(0...(blocks.count - 2))
      let last = random.int((first + 1)...min(blocks.count - 1, first + 6))
      let span = blocks[first].lowerBound...blocks[last].upperBound
      enclosing.append(span)
      addRow(span)
    }
    if random.chance(0.55) {
      hasOpenStart = true
      var ends = [blocks[random.int(0...min(blocks.count - 1, 3))].upperBound]
      if random.chance(0.4) { ends.append(blocks[random.int(0...(blocks.count - 1))].upperBound) }
      for end in Set(ends).sorted() {
        // Laminar: an open row may not cut through a span around blocks.
        guard !enclosing.contains(where: { $0.contains(end) && $0.upperBound != end }) else {
          continue
        }
        periods.append((nil, end))
      }
    }

    var arrivals: [ArrivalRow] = []
    var line = 2
    let truth = self
    for period in periods {
      let low = period.first ?? Int.min
      let male = truth.male(low, period.last)
      let female = truth.female(low, period.last)
      let split = random.int(0...19)
      arrivals.append(
        ArrivalRow(
          period: Self.period(period.first, period.last),
          male: split < 13 ? male : (split < 15 ? nil : (split < 17 ? male : nil)),
          female: split < 13 ? female : (split < 15 ? female : nil), total: male + female,
          line: line))
      line += 1
    }
    // File order is free.
    for index in arrivals.indices.reversed() {
      arrivals.swapAt(index, random.int(0...index))
    }
    for index in arrivals.indices { arrivals[index].line = index + 2 }

    // Departures: none, a file that is absent, or totals for a while, then one series per
    // reason (one of which may stop early); the first rows may run from the open start (`..B`,
    // each reason's ending where its own partition does), holding departures before the span.
    var departures: [DepartureRow] = []
    var files: [InputFileSummary] = []
    let departuresShape = random.int(0...9)
    if departuresShape == 0 {
      files.append(
        InputFileSummary(
          name: "departures.csv", path: "departures.csv", isPresent: false, bytes: 0, sha256: "",
          rowsRead: 0, rowsAccepted: 0))
    } else if departuresShape > 2 {
      let span = PeopleFiguresPropertyTests.departuresUniverse
      let reasons: [DepartureReason] = [.death, .emigration, .return]
      var byReason: [DepartureReason: [Int: Int]] = [:]
      for reason in reasons {
        for month in span { byReason[reason, default: [:]][month] = random.int(0...2) }
      }
      for month in span {
        departuresByMonth[month] = reasons.reduce(0) { $0 + (byReason[$1]?[month] ?? 0) }
      }
      let openStart = random.chance(0.3)
      var before: [DepartureReason: Int] = [:]
      if openStart {
        for reason in reasons { before[reason] = random.int(0...4) }
        departuresByMonth[span.lowerBound - 1] = before.values.reduce(0, +)
      }
      let switchover =
        openStart && random.chance(0.6)
        ? span.lowerBound : random.int(span.lowerBound...(span.upperBound + 1))
      /// A row over `part`, from the open start when it is the first part of an open file.
      func row(_ part: ClosedRange<Int>, count: Int, before: Int, reason: DepartureReason?)
        -> DepartureRow
      {
        let open = openStart && part.lowerBound == span.lowerBound
        return DepartureRow(
          period: Self.period(open ? nil : part.lowerBound, part.upperBound),
          count: count + (open ? before : 0), reason: reason, line: 0)
      }
      func partition(_ range: ClosedRange<Int>, _ random: inout SplitMix64) -> [ClosedRange<Int>] {
        var parts: [ClosedRange<Int>] = []
        var cut = range.lowerBound
        while cut <= range.upperBound {
          let length = min(
            range.upperBound - cut + 1, [1, 3, 6, 12, random.int(2...15)][random.int(0...4)])
          parts.append(cut...(cut + length - 1))
          cut += length
        }
        return parts
      }
      var totals: [ClosedRange<Int>] = []
      if switchover > span.lowerBound {
        totals = partition(span.lowerBound...(switchover - 1), &random)
        // The first row is kept: before the departures data starts the contract counts none,
        // so the truth has none there either.
        let allBefore = before.values.reduce(0, +)
        for (index, part) in totals.enumerated() where index == 0 || random.chance(0.95) {
          departures.append(
            row(
              part, count: departuresByMonth.filter { part.contains($0.key) }.values.reduce(0, +),
              before: allBefore, reason: nil))
        }
        if totals.count >= 2, random.chance(0.3) {
          let whole = totals[0].lowerBound...totals[1].upperBound
          departures.append(
            row(
              whole, count: departuresByMonth.filter { whole.contains($0.key) }.values.reduce(0, +),
              before: allBefore, reason: nil))
        }
      }
      if switchover <= span.upperBound {
        let early = random.chance(0.25) ? reasons[random.int(0...2)] : nil
        for reason in reasons {
          var parts = partition(switchover...span.upperBound, &random)
          if reason == early, parts.count > 1 {
            parts.removeLast(random.int(1...(parts.count - 1)))
          }
          for part in parts {
            departures.append(
              row(
                part, count: part.reduce(0) { $0 + (byReason[reason]?[$1] ?? 0) },
                before: before[reason] ?? 0, reason: reason))
          }
        }
      }
      for index in departures.indices { departures[index].line = index + 2 }
    }

    // The truth so far, for the checkpoints.
    let known = self
    var checkpoints: [Checkpoint] = []
    var dates: Set<Int> = []
    for _ in 0..<random.int(0...3) {
      let month = random.int(universe.lowerBound...universe.upperBound)
      guard dates.insert(month).inserted, let yearMonth = YearMonth(ordinal: month) else {
        continue
      }
      let measure: CheckpointMeasure = random.chance(0.5) ? .residents : .cumulativeArrivals
      var value =
        measure == .residents ? known.residents(through: month) : known.cumulative(through: month)
      if random.chance(0.15) {
        value += random.int(1...5)
        checkpointsAreTrue = false
      }
      checkpoints.append(
        Checkpoint(
          date: Day.end(of: yearMonth), residents: value, source: "test", measure: measure,
          line: checkpoints.count + 2))
    }

    period = YearMonth(ordinal: random.int((universe.lowerBound + 12)...(universe.upperBound + 6)))!
    dataset = Dataset(
      arrivals: arrivals, departures: departures, checkpoints: checkpoints, files: files)
  }

  /// The period text an analyst would write for these months.
  static func period(_ first: Int?, _ last: Int) -> Period {
    let end = YearMonth(ordinal: last)!
    let text: String
    if let first {
      let start = YearMonth(ordinal: first)!
      if first == last {
        text = start.description
      } else if start.month == 1 && end.month == 12 {
        text = start.year == end.year ? String(start.year) : "\(start.year)..\(end.year)"
      } else {
        text = "\(start)..\(end)"
      }
    } else {
      text = end.month == 12 ? "..\(end.year)" : "..\(end)"
    }
    guard case .success(let period) = Period.parse(text) else { preconditionFailure(text) }
    return period
  }
}
