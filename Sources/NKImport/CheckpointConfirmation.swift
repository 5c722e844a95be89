import NKPeriods

extension CheckpointsMerge {
  /// Cumulative checkpoints an earlier import wrote as provisional that this table confirms:
  /// its columns from the start run exactly to the checkpoint's month, none of them is
  /// provisional, and they add up to the checkpoint's figure. Record index → the note of the
  /// change. A checkpoint the table does not confirm (a revision moved it, or a column
  /// straddles its date) stays as published.
  static func confirmed(by columns: [TableColumn], in document: CSVDocument) -> [Int: String] {
    var found: [Int: String] = [:]
    for index in document.dataIndices {
      let record = document.records[index]
      guard document.field(record, "measure") == measure,
        document.field(record, "source").hasPrefix(ReleaseAge.importMark),
        StatusColumn.isProvisional(document, record, noteColumn: "source"),
        let day = Day.parse(document.field(record, "date")),
        let figure = Int(document.field(record, "residents"))
      else { continue }
      let month = day.yearMonth.ordinal
      let before = columns.filter { $0.period.firstOrdinal <= month }
      guard before.contains(where: { $0.period.lastOrdinal == month }),
        before.allSatisfy({ $0.period.lastOrdinal <= month && !$0.isProvisional }),
        before.contains(where: \.period.isOpenStart),
        before.reduce(0, { $0 + $1.total }) == figure
      else { continue }
      found[index] =
        "checkpoint \(day) (cumulative arrivals) no longer provisional (\(Figures.grouped(figure)) unchanged: the table's columns through \(day.yearMonth) are final)"
    }
    return found
  }
}
