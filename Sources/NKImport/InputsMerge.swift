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
    rewrite.addedColumns = requiredOrder.filter { document.column($0) == nil }
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
    for column in table.columns {
      let fields = columns.map { name -> String in
        switch name {
        case "period": return column.period.description
        case "male": return String(column.male)
        case "female": return String(column.female)
        case "total": return String(column.total)
        case "note": return note(column, fileName: table.fileName)
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
      let oldNote = document.field(record, "note")
      let figuresSame =
        old.male == column.male && old.female == column.female && oldTotal == column.total
      let wasProvisional = oldNote.lowercased().contains("provisional")
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
      if figuresSame {
        changes.append(
          "\(column.period) "
            + (column.isProvisional ? "now marked provisional" : "no longer provisional")
            + " (\(Figures.grouped(column.total)) unchanged)")
      } else {
        changes.append(revision(column, old: (old.male, old.female, oldTotal)))
      }
    }

    let rendered = rewrite.render()
    var origins: [Int: String] = [:]
    for origin in rendered.origins {
      if let original = origin.original {
        let record = document.records[original]
        origins[origin.line] =
          rewrite.replaced[original] != nil
          ? "line \(record.line) of \(name), revised from the table"
          : "line \(record.line) of \(name)"
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
      unchanged: unchanged, lineOrigins: origins)
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

  static func source(_ total: CumulativeTotal, fileName: String) -> String {
    "MOU table \(fileName) (column \(total.heading)): arrivals through \(total.through)"
      + (total.isProvisional ? " including provisional figures" : "")
  }

  static func merge(_ total: CumulativeTotal, fileName: String, into existing: [UInt8]?)
    throws(ImportError) -> MergeResult
  {
    let document: CSVDocument
    do { document = try existing.map(CSVDocument.init(bytes:)) ?? .empty } catch {
      throw .mergeConflicts(["\(name) \(error.reason); nothing was written"])
    }
    if document.headerIndex != nil && document.column("date") == nil {
      throw .mergeConflicts(["\(name) has no date column in its header; nothing was written"])
    }
    var rewrite = CSVRewrite(document: document)
    rewrite.addedColumns = requiredOrder.filter { document.column($0) == nil }
    let date = Day.end(of: total.through)
    let fields = rewrite.columns.map { column -> String in
      switch column {
      case "date": return date.description
      case "residents": return String(total.total)
      case "source": return source(total, fileName: fileName)
      case "measure": return measure
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
      if Int(oldText) == total.total {
        unchanged = 1
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
    let rendered = rewrite.render()
    let changed = existing.map { $0 != rendered.bytes } ?? true
    return MergeResult(
      file: PlannedFile(name: name, bytes: rendered.bytes, isChanged: changed), changes: changes,
      unchanged: unchanged, lineOrigins: [:])
  }
}
