import NKPeriods

/// Which release of the Ministry's table an inputs folder already holds.
enum ReleaseAge {
  /// Notes and sources the import writes start so; rows typed by hand do not count.
  static let importMark = "MOU table "

  /// The as-at month of the latest release imported: the latest end among `arrivals.csv` rows
  /// whose note is the import's, and `checkpoints.csv` cumulative totals whose source is.
  static func importedAsAt(arrivals: [UInt8]?, checkpoints: [UInt8]?) -> YearMonth? {
    var latest: YearMonth?
    func note(_ month: YearMonth) { latest = max(latest ?? month, month) }
    if let arrivals, let document = try? CSVDocument(bytes: arrivals) {
      for index in document.dataIndices {
        let record = document.records[index]
        guard document.field(record, "note").hasPrefix(importMark),
          case .success(let period) = Period.parse(document.field(record, "period"))
        else { continue }
        note(period.last)
      }
    }
    if let checkpoints, let document = try? CSVDocument(bytes: checkpoints) {
      for index in document.dataIndices {
        let record = document.records[index]
        guard document.field(record, "source").hasPrefix(importMark),
          document.field(record, "measure") == CheckpointsMerge.measure,
          let day = Day.parse(document.field(record, "date"))
        else { continue }
        note(day.yearMonth)
      }
    }
    return latest
  }
}
