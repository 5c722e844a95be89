import Foundation
import NKInputs
import NKPeriods
import NKRender
import NKSummary

@testable import NKPublish

/// Publishes the CSV files of `dataset`'s report for `period` into `reports/PERIOD` (no
/// run.json: the reader takes the period from summary.csv), as an earlier report.
@discardableResult
func publishCSV(_ dataset: Dataset, period: YearMonth, into reports: URL) throws -> URL {
  let model = try summarise(dataset, period: period)
  var records: [AidRecordRow] = []
  _ = try dataset.aid.read { record in
    guard record.authorised <= Day.end(of: period) else { return }
    records.append(
      AidRecordRow(
        id: record.id, authorised: record.authorised, provider: record.provider,
        providerType: record.providerType.rawValue, category: record.category,
        description: record.description, amount: record.amount, currency: record.currency,
        status: record.status.rawValue, delivered: record.delivered,
        valueKRW: .unavailable(reason: .notSummarised),
        valueUSD: .unavailable(reason: .notSummarised), line: record.line))
  }
  let folder = reports.appendingPathComponent(period.description)
  try writeCSVFiles(model, records: records, into: folder)
  return folder
}

/// Compares the report of `dataset` for `period` with the earlier report in `earlierFolder`, as
/// the run will: the reader, the current figures, the aid records in the ledger's one pass,
/// and the earlier lines those need.
func compare(_ dataset: Dataset, period: YearMonth, with earlierFolder: URL) throws
  -> (comparison: ReportComparison, earlier: EarlierReport)
{
  let model = try summarise(dataset, period: period)
  let earlier = PublishedReportReader.read(folder: earlierFolder)
  let current = CurrentFigures(model: model, dataset: dataset, earlier: earlier)
  var aidRevisions: [FigureRevision] = []
  if let digest = earlier.aidRecords, let covered = earlier.period {
    var records = AidRecordComparison(earlier: digest, coveredThrough: Day.end(of: covered))
    _ = try dataset.aid.read { records.observe($0) }
    let facts = try PublishedReportReader.aidRecords(
      atLines: records.earlierLinesNeeded, in: earlierFolder)
    aidRevisions = records.revisions(earlier: facts, folder: earlier.folder)
  }
  return (ReportComparison(earlier: earlier, current: current, aidRevisions: aidRevisions), earlier)
}

/// What a revision is about: (table, row, measure).
struct RevisionKey: Hashable, CustomStringConvertible {
  var table: String
  var key: String
  var measure: String

  init(_ table: String, _ key: String, _ measure: String) {
    self.table = table
    self.key = key
    self.measure = measure
  }

  init(_ revision: FigureRevision) {
    self.init(revision.table.rawValue, revision.key, revision.measure)
  }

  var description: String { "\(table)/\(key)/\(measure)" }
}

func period(_ text: String) -> Period {
  guard case .success(let period) = Period.parse(text) else { preconditionFailure(text) }
  return period
}
