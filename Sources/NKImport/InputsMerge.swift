import NKPeriods

/// A file the import would write.
public struct PlannedFile: Hashable, Sendable {
  public var name: String
  public var bytes: [UInt8]
  /// `false` when the file already holds exactly these bytes (nothing is written).
  public var isChanged: Bool
}

/// What merging the table into an inputs folder changes.
struct MergeResult {
  var file: PlannedFile
  var changes: [String]
  var unchanged: Int
  /// Merged line → what the record is, for naming conflicts.
  var lineOrigins: [Int: String]
  /// Rows whose total the table revised, with the change (new − old).
  var revisedTotals: [(period: Period, change: Int)] = []
  /// Final rows the table would make provisional again, said as such.
  var backToProvisional: [String] = []
}

/// The optional `status` column the import writes: added to a new file, and to an existing
/// one only when a figure it writes is provisional (a file of final figures stays as it is).
enum StatusColumn {
  static let name = "status"

  static func text(_ provisional: Bool) -> String { provisional ? "provisional" : "final" }

  /// Whether the existing record is provisional: its `status` cell when the file has the
  /// column (blank is final), else the word in the note or source an earlier import wrote.
  static func isProvisional(_ document: CSVDocument, _ record: CSVRecord, noteColumn: String)
    -> Bool
  {
    if document.column(name) != nil { return document.field(record, name) == "provisional" }
    return document.field(record, noteColumn).lowercased().contains("provisional")
  }

  static func added(to document: CSVDocument, required: [String], anyProvisional: Bool)
    -> [String]
  {
    let missing = required.filter { document.column($0) == nil }
    let wantsStatus =
      document.column(name) == nil && (document.headerIndex == nil || anyProvisional)
    return missing + (wantsStatus ? [name] : [])
  }
}

enum ArrivalsMerge {
  static let name = "arrivals.csv"
  static let requiredOrder = ["period", "male", "female", "total", "note"]

  static func note(_ column: TableColumn, fileName: String) -> String {
    "MOU table \(fileName) (column \(column.heading))"
      + (column.isProvisional ? ": provisional" : "")
  }

  static func merge(_ table: MinistryTable, into existing: [UInt8]?) throws(ImportError)
    -> MergeResult
  {
    let document: CSVDocument
    do { document = try existing.map(CSVDocument.init(bytes:)) ?? .empty } catch {
      throw .mergeConflicts(["\(name) \(error.reason); nothing was written"])
    }
    if document.headerIndex != nil && document.column("period") == nil {
      throw .mergeConflicts([
        "\(name) has no period column in its header; nothing was written (nkreport validate says more)"
      ])
    }
    var rewrite = CSVRewrite(document: document)
    rewrite.addedColumns = StatusColumn.added(
      to: document, required: requiredOrder,
      anyProvisional: table.columns.contains(where: \.isProvisional))
    let columns = rewrite.columns

    // The existing rows by the months they cover (the first row of a period wins).
    var existingByMonths: [Range<Int>: Int] = [:]
    var keyOfRecord: [Int: (first: Int, last: Int)] = [:]
    for index in document.dataIndices {
      guard
        case .success(let period) = Period.parse(document.field(document.records[index], "period"))
      else { continue }
      keyOfRecord[index] = (period.firstOrdinal, period.lastOrdinal)
      let key = period.firstOrdinal..<period.lastOrdinal
      if existingByMonths[key] == nil { existingByMonths[key] = index }
    }

    var changes: [String] = []
    var unchanged = 0
    var describedInserts: [String] = []
    var revisedTotals: [(period: Period, change: Int)] = []
    var revisedColumn: [Int: TableColumn] = [:]
    var backToProvisional: [String] = []
    for column in table.columns {
      let fields = columns.map { name -> String in
        switch name {
        case "period": return column.period.description
        case "male": return String(column.male)
        case "female": return String(column.female)
        case "total": return String(column.total)
        case "note": return note(column, fileName: table.fileName)
        case StatusColumn.name: return StatusColumn.text(column.isProvisional)
        default: return ""
        }
      }
      let key = column.period.firstOrdinal..<column.period.lastOrdinal
      guard let index = existingByMonths[key] else {
        // Before the first row that sorts after it (start ascending, longer first).
        let before =
          document.dataIndices.first { index in
            guard let other = keyOfRecord[index] else { return false }
            return (other.first, -other.last) > (
              column.period.firstOrdinal, -column.period.lastOrdinal
            )
          } ?? ((document.dataIndices.last).map { $0 + 1 } ?? document.records.count)
        rewrite.inserted.append((before, fields))
        describedInserts.append(column.heading)
        changes.append(
          "\(column.period) added: \(Figures.grouped(column.total)) (male \(Figures.grouped(column.male)), female \(Figures.grouped(column.female)))"
            + (column.isProvisional ? ", provisional" : ""))
        continue
      }
      let record = document.records[index]
      let old = (
        male: Int(document.field(record, "male")), female: Int(document.field(record, "female")),
        total: Int(document.field(record, "total"))
      )
      let oldTotal = old.total ?? old.male.flatMap { m in old.female.map { m + $0 } }
      let figuresSame =
        old.male == column.male && old.female == column.female && oldTotal == column.total
      let wasProvisional = StatusColumn.isProvisional(document, record, noteColumn: "note")
      if !wasProvisional && column.isProvisional {
        backToProvisional.append(
          "\(column.period): final \(oldTotal.map(Figures.grouped) ?? "blank") in \(name) (line \(record.line)) would become provisional again (\(Figures.grouped(column.total)) in the table's column \(column.heading))"
        )
      }
      if figuresSame && wasProvisional == column.isProvisional {
        unchanged += 1
        continue
      }
      // Keep how the file writes the period; everything else comes from the table.
      var newFields = fields
      if let periodIndex = columns.firstIndex(of: "period") {
        newFields[periodIndex] = document.field(record, "period")
      }
      rewrite.replaced[index] = newFields
      revisedColumn[index] = column
      let becomesProvisional = !wasProvisional && column.isProvisional
      if figuresSame {
        changes.append(
          becomesProvisional
            ? backToProvisional[backToProvisional.count - 1]
            : "\(column.period) "
              + (column.isProvisional ? "now marked provisional" : "no longer provisional")
              + " (\(Figures.grouped(column.total)) unchanged)")
      } else {
        changes.append(
          revision(column, old: (old.male, old.female, oldTotal))
            + (becomesProvisional ? "; a final figure made provisional again" : ""))
        if let oldTotal, oldTotal != column.total {
          revisedTotals.append((column.period, column.total - oldTotal))
        }
      }
    }

    let rendered = rewrite.render()
    var origins: [Int: String] = [:]
    for origin in rendered.origins {
      if let original = origin.original {
        // Say what the row is: "line 24 is line 24 of arrivals.csv" would tell nothing.
        let record = document.records[original]
        let period = document.field(record, "period")
        if let column = revisedColumn[original] {
          origins[origin.line] =
            "\(period), revised from the table's column \(column.heading) (\(column.location))"
        } else {
          origins[origin.line] =
            "\(period), a row of \(name) kept as it was"
            + (record.line == origin.line ? "" : " (line \(record.line) before the import)")
        }
      } else if let inserted = origin.insertedIndex {
        let heading = describedInserts[inserted]
        let column = table.columns.first { $0.heading == heading }
        origins[origin.line] =
          "the table's column \(heading)" + (column.map { " (\($0.location))" } ?? "")
      }
    }
    let changed = existing.map { $0 != rendered.bytes } ?? true
    return MergeResult(
      file: PlannedFile(name: name, bytes: rendered.bytes, isChanged: changed), changes: changes,
      unchanged: unchanged, lineOrigins: origins, revisedTotals: revisedTotals,
      backToProvisional: backToProvisional)
  }

  static func revision(_ column: TableColumn, old: (male: Int?, female: Int?, total: Int?))
    -> String
  {
    let oldText = { (value: Int?) in value.map(Figures.grouped) ?? "blank" }
    var split: [String] = []
    if old.male != column.male {
      split.append("male \(oldText(old.male)) → \(Figures.grouped(column.male))")
    }
    if old.female != column.female {
      split.append("female \(oldText(old.female)) → \(Figures.grouped(column.female))")
    }
    if old.total != column.total {
      return
        "\(column.period) revised from \(oldText(old.total)) to \(Figures.grouped(column.total))"
        + (split.isEmpty ? "" : " (\(split.joined(separator: ", ")))")
    }
    return
      "\(column.period) revised: \(split.joined(separator: ", ")) (total \(Figures.grouped(column.total)) unchanged)"
  }
}

enum CheckpointsMerge {
  static let name = "checkpoints.csv"
  static let measure = "cumulative_arrivals"
  static let requiredOrder = ["date", "residents", "source", "measure"]

  /// The checkpoints already in the file that the table's revisions move: each is a figure
  /// published before them, so its check in the report changes by the revised amount. They
  /// stay as published (the import cannot know a revised total the Ministry has not given);
  /// the analyst is told which, and by how much. `replaced` is the date the table itself
  /// rewrites (its own cumulative total), which needs no notice.
  static func movedByRevisions(
    _ revisions: [(period: Period, change: Int)], existing: [UInt8]?, replaced: Day?
  ) -> [String] {
    guard !revisions.isEmpty, let existing,
      let document = try? CSVDocument(bytes: existing)
    else { return [] }
    var notices: [String] = []
    for index in document.dataIndices {
      let record = document.records[index]
      let dateText = document.field(record, "date")
      guard let date = Day.parse(dateText) else { continue }
      let recordMeasure = document.field(record, "measure")
      let isCumulative = recordMeasure == measure
      if isCumulative && date == replaced { continue }
      let before = revisions.filter { $0.period.lastOrdinal <= date.yearMonth.ordinal }
      let moved = before.reduce(0) { $0 + $1.change }
      guard moved != 0 else { continue }
      let published = document.field(record, "residents")
      let what = isCumulative ? "cumulative arrivals" : "residents"
      let figure = Int(published).map(Figures.grouped) ?? published.debugDescription
      let revised = before.map { "\($0.period) (\(signed($0.change)))" }
      notices.append(
        "checkpoint \(date) (\(what) \(figure), line \(record.line)) is kept as published, but the"
          + " revisions of \(list(revised)) change the arrivals up to it by \(signed(moved)):"
          + " its check in the report moves by as much (update it, or remove it, when a revised"
          + " total is published)")
    }
    return notices
  }

  private static func signed(_ value: Int) -> String {
    (value > 0 ? "+" : "−") + Figures.grouped(abs(value))
  }

  private static func list(_ items: [String]) -> String {
    items.count <= 1
      ? items.joined()
      : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
  }

  static func source(_ total: CumulativeTotal, fileName: String) -> String {
    "MOU table \(fileName) (column \(total.heading)): arrivals through \(total.through)"
      + (total.isProvisional ? " including provisional figures" : "")
  }

  static func merge(
    _ total: CumulativeTotal, columns: [TableColumn] = [], fileName: String,
    into existing: [UInt8]?
  ) throws(ImportError) -> MergeResult {
    let document: CSVDocument
    do { document = try existing.map(CSVDocument.init(bytes:)) ?? .empty } catch {
      throw .mergeConflicts(["\(name) \(error.reason); nothing was written"])
    }
    if document.headerIndex != nil && document.column("date") == nil {
      throw .mergeConflicts(["\(name) has no date column in its header; nothing was written"])
    }
    var rewrite = CSVRewrite(document: document)
    let date = Day.end(of: total.through)
    let confirmations = confirmed(by: columns, in: document).filter {
      document.field(document.records[$0.key], "date") != date.description
    }
    rewrite.addedColumns = StatusColumn.added(
      to: document, required: requiredOrder,
      anyProvisional: total.isProvisional || !confirmations.isEmpty)
    let fields = rewrite.columns.map { column -> String in
      switch column {
      case "date": return date.description
      case "residents": return String(total.total)
      case "source": return source(total, fileName: fileName)
      case "measure": return measure
      case StatusColumn.name: return StatusColumn.text(total.isProvisional)
      default: return ""
      }
    }
    var changes: [String] = []
    var unchanged = 0
    let same = document.dataIndices.first { index in
      let record = document.records[index]
      let recordMeasure = document.field(record, "measure")
      return document.field(record, "date") == date.description
        && (recordMeasure.isEmpty ? "residents" : recordMeasure) == measure
    }
    let what = "checkpoint \(date) (cumulative arrivals)"
    if let same {
      let oldText = document.field(document.records[same], "residents")
      let wasProvisional = StatusColumn.isProvisional(
        document, document.records[same], noteColumn: "source")
      if Int(oldText) == total.total && wasProvisional == total.isProvisional {
        unchanged = 1
      } else if Int(oldText) == total.total {
        rewrite.replaced[same] = fields
        changes.append(
          "\(what) " + (total.isProvisional ? "now marked provisional" : "no longer provisional")
            + " (\(Figures.grouped(total.total)) unchanged)")
      } else {
        rewrite.replaced[same] = fields
        changes.append(
          "\(what) revised from \(Int(oldText).map(Figures.grouped) ?? oldText.debugDescription) to \(Figures.grouped(total.total))"
        )
      }
    } else {
      let before =
        document.dataIndices.first { index in
          document.field(document.records[index], "date") > date.description
        } ?? ((document.dataIndices.last).map { $0 + 1 } ?? document.records.count)
      rewrite.inserted.append((before, fields))
      changes.append("\(what) added: \(Figures.grouped(total.total))")
    }
    for (index, change) in confirmations.sorted(by: { $0.key < $1.key }) {
      let record = document.records[index]
      rewrite.replaced[index] = rewrite.columns.map { column in
        column == StatusColumn.name ? StatusColumn.text(false) : document.field(record, column)
      }
      changes.append(change)
    }
    let rendered = rewrite.render()
    let changed = existing.map { $0 != rendered.bytes } ?? true
    return MergeResult(
      file: PlannedFile(name: name, bytes: rendered.bytes, isChanged: changed), changes: changes,
      unchanged: unchanged, lineOrigins: [:])
  }
}
