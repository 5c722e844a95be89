import Foundation
import NKInputs
import NKPeriods
import NKSummary
import TestRandom
import Testing

@testable import NKPublish

/// For random datasets and a random revision of some of their rows, the comparison of the
/// later report with the earlier one (published as CSV and read back) lists every figure the
/// revised rows change for a period, date or record the earlier report covered, and nothing
/// else. The expected revisions are worked out from the edits alone: a revised month changes
/// its detail row and its year's total, a revised row changes the cumulative counts by its
/// difference, a revised record changes the fields edited.
///
/// `NKREPORT_PROPERTY_SEED=N` replays one case; `NKREPORT_PROPERTY_CASES=N` sets how many run.
@Suite("Revisions between two reports, against the edits that made them")
struct RevisionPropertyTests {
  @Test func everyRevisedRowAppearsAndNothingElse() throws {
    let environment = ProcessInfo.processInfo.environment
    let seeds: [UInt64]
    if let seed = environment["NKREPORT_PROPERTY_SEED"].flatMap(UInt64.init) {
      seeds = [seed]
    } else {
      let count = environment["NKREPORT_PROPERTY_CASES"].flatMap(Int.init) ?? 300
      seeds = (0..<UInt64(count)).map { $0 &* 0x9E37_79B9_7F4A_7C15 &+ 17 }
    }
    let reports = try temporaryReports()
    defer { try? FileManager.default.removeItem(at: reports) }
    var failures = 0
    for seed in seeds {
      let problems = try Self.check(seed: seed, reports: reports)
      if !problems.isEmpty {
        failures += 1
        Issue.record(
          "seed \(seed) (replay: NKREPORT_PROPERTY_SEED=\(seed)): \(problems.prefix(6).joined(separator: "; "))"
        )
        if failures >= 3 { break }
      }
    }
  }

  static func check(seed: UInt64, reports: URL) throws -> [String] {
    var random = SplitMix64(seed: seed)
    let revised = RevisedCase(&random)
    let folder = try publishCSV(
      revised.earlier, period: revised.earlierPeriod,
      into: reports.appendingPathComponent("\(seed)"))
    let (comparison, earlier) = try compare(
      revised.later, period: revised.laterPeriod, with: folder)
    var problems: [String] = []
    // Written without run.json, and (until the inputs carry a status) without provisional
    // columns: those are named; everything else is compared.
    let unexpected = earlier.notCompared.filter {
      $0 != "run.json: absent or unreadable" && !$0.hasSuffix(": no column provisional")
    }
    if !unexpected.isEmpty || !earlier.notCompared.contains("run.json: absent or unreadable") {
      problems.append("not compared: \(earlier.notCompared)")
    }
    let listed = comparison.revisions.map(RevisionKey.init)
    if Set(listed).count != listed.count { problems.append("a revision listed twice: \(listed)") }
    let expected = revised.expected
    let missing = Set(expected.keys).subtracting(listed)
    let extra = Set(listed).subtracting(expected.keys)
    if !missing.isEmpty {
      problems.append("missing \(missing.sorted { $0.description < $1.description })")
    }
    if !extra.isEmpty {
      problems.append("not revised but listed \(extra.sorted { $0.description < $1.description })")
    }
    for revision in comparison.revisions {
      guard let change = expected[RevisionKey(revision)] ?? nil else { continue }
      if revision.change != Decimal(change) {
        problems.append(
          "\(RevisionKey(revision)): change \(String(describing: revision.change)), expected \(change)"
        )
      }
    }
    return problems
  }
}

/// An earlier dataset and a later one with some rows revised, and the revisions that implies.
struct RevisedCase {
  var earlier = Dataset(arrivals: [])
  var later = Dataset(arrivals: [])
  var earlierPeriod: YearMonth
  var laterPeriod: YearMonth
  /// Each expected revision, with its change where it is a count.
  var expected: [RevisionKey: Int?] = [:]

  init(_ random: inout SplitMix64) {
    let lastYear = random.int(2012...2020)
    let firstYear = lastYear - random.int(2...6)
    let p0 = YearMonth(year: lastYear, month: random.int(1...12))!
    let p1 = p0.adding(months: random.int(1...14))!
    earlierPeriod = p0
    laterPeriod = p1
    let covered = Day.end(of: p0)

    // Arrivals: the open start, whole years, then months from January of the year before
    // the earlier report's through the later one's.
    var spans: [Period] = [period("..\(firstYear - 1)")]
    spans += (firstYear...(lastYear - 2)).map { period(String($0)) }
    var month = YearMonth(year: lastYear - 1, month: 1)!
    while month <= p1 {
      spans.append(.months(month, month))
      month = month.adding(months: 1)!
    }
    var arrivals = spans.enumerated().map { index, span in
      let male = random.int(0...40)
      let female = random.int(0...90)
      return ArrivalRow(
        period: span, male: male, female: female, total: male + female, line: index + 2)
    }
    var checkpoints: [Checkpoint] = []
    for _ in 0..<random.int(0...3) {
      let date = Day.end(
        of: YearMonth(ordinal: random.int((firstYear * 12)...p0.ordinal))!)
      guard !checkpoints.contains(where: { $0.date == date }) else { continue }
      checkpoints.append(
        Checkpoint(
          date: date, residents: random.int(1000...5000), source: "test",
          measure: random.chance(0.5) ? .residents : .cumulativeArrivals,
          line: checkpoints.count + 2))
    }
    var records: [AidRecord] = []
    let firstDay = YearMonth(year: lastYear - 1, month: 1)!.ordinal
    func day(_ random: inout SplitMix64, from: Int, to: Int) -> Day {
      Day.end(of: YearMonth(ordinal: random.int(from...to))!)
    }
    func record(_ id: String, line: Int, _ random: inout SplitMix64) -> AidRecord {
      let authorised = day(&random, from: firstDay, to: p1.ordinal)
      let status = AidStatus.allCases[random.int(0...3)]
      return AidRecord(
        id: id, authorised: authorised, provider: "P\(random.int(1...5))", providerType: .civic,
        category: "food", amount: Decimal(random.int(1...900_000)) / 100,
        currency: random.chance(0.7) ? "KRW" : "USD", status: status,
        delivered: status == .delivered
          ? day(&random, from: authorised.yearMonth.ordinal, to: p1.ordinal + 2) : nil,
        line: line)
    }
    for index in 0..<random.int(0...40) {
      records.append(record("A\(index)", line: index + 2, &random))
    }
    let rates = (firstDay...(p1.ordinal + 2)).map {
      ExchangeRate(
        month: YearMonth(ordinal: $0)!, currency: "USD", krwPerUnit: 1200, line: $0 - firstDay + 2)
    }
    let earlier = Dataset(
      arrivals: arrivals, checkpoints: checkpoints, aid: AidLedger(records: records),
      exchangeRates: ExchangeRates(rates))
    self.earlier = earlier

    // The revision: counts, checkpoints and records edited, removed and added.
    var deltas: [Int: (male: Int, female: Int)] = [:]
    for index in arrivals.indices where random.chance(0.15) {
      let male = random.int(-3...3)
      let female = random.int(-3...3)
      guard male != 0 || female != 0 else { continue }
      arrivals[index].male! = max(0, arrivals[index].male! + male)
      arrivals[index].female! = max(0, arrivals[index].female! + female)
      let before = earlier.arrivals[index]
      deltas[index] = (
        arrivals[index].male! - before.male!, arrivals[index].female! - before.female!
      )
      arrivals[index].total = arrivals[index].male! + arrivals[index].female!
    }
    for index in checkpoints.indices where random.chance(0.3) {
      checkpoints[index].residents += random.int(1...9)
      let measure = checkpoints[index].measure == .residents ? "residents" : "cumulative arrivals"
      expected[RevisionKey("checks", "\(measure) \(checkpoints[index].date)", "expected")] =
        .some(nil)
    }
    var revisedRecords: [AidRecord] = []
    for var record in records {
      let wasCovered = record.authorised <= covered
      if random.chance(0.08) {
        if wasCovered {
          expected[RevisionKey("aid-records", record.id, "amount \(record.currency)")] = .some(nil)
        }
        continue
      }
      if random.chance(0.15) {
        let before = record
        switch random.int(0...4) {
        case 0: record.amount += 1
        case 1: record.currency = record.currency == "KRW" ? "USD" : "KRW"
        case 2:
          record.status = record.status == .cancelled ? .onHold : .cancelled
          record.delivered = nil
        case 3: record.authorised = day(&random, from: firstDay, to: p1.ordinal)
        default:
          record.status = .delivered
          record.delivered = day(
            &random, from: record.authorised.yearMonth.ordinal, to: p1.ordinal + 2)
        }
        if wasCovered {
          for (measure, changed) in [
            ("amount", before.amount != record.amount),
            ("currency", before.currency != record.currency),
            ("status", before.status != record.status),
            ("authorised", before.authorised != record.authorised),
            ("delivered", before.delivered != record.delivered),
          ] where changed {
            expected[RevisionKey("aid-records", record.id, measure)] = .some(nil)
          }
        } else if record.authorised <= covered {
          expected[RevisionKey("aid-records", record.id, "amount \(record.currency)")] = .some(nil)
        }
      }
      revisedRecords.append(record)
    }
    for index in 0..<random.int(0...3) {
      let added = record("B\(index)", line: records.count + index + 2, &random)
      revisedRecords.append(added)
      if added.authorised <= covered {
        expected[RevisionKey("aid-records", added.id, "amount \(added.currency)")] = .some(nil)
      }
    }
    later = Dataset(
      arrivals: arrivals, checkpoints: checkpoints, aid: AidLedger(records: revisedRecords),
      exchangeRates: ExchangeRates(rates))

    // What the counts' edits change in the earlier report's tables.
    func note(_ table: String, _ key: String, _ male: Int, _ female: Int) {
      for (measure, change) in [("male", male), ("female", female), ("total", male + female)]
      where change != 0 {
        expected[RevisionKey(table, key, measure)] = change
      }
    }
    var yearSums: [Int: (male: Int, female: Int)] = [:]
    var cumulative = 0
    for (index, delta) in deltas {
      let span = arrivals[index].period
      guard span.last <= p0 else { continue }
      cumulative += delta.male + delta.female
      if span.first == span.last, let first = span.first {
        note("arrivals-detail", span.description, delta.male, delta.female)
        yearSums[first.year, default: (0, 0)].male += delta.male
        yearSums[first.year, default: (0, 0)].female += delta.female
      } else {
        note("arrivals-by-year", span.description, delta.male, delta.female)
      }
    }
    for (year, sum) in yearSums { note("arrivals-by-year", String(year), sum.male, sum.female) }
    if cumulative != 0 {
      expected[RevisionKey("summary", p0.description, "residents")] = cumulative
      expected[RevisionKey("summary", p0.description, "cumulative_arrivals")] = cumulative
    }
  }
}
