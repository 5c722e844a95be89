import Foundation

/// The columns a file may have; a validator addresses columns by their position here.
struct TableSchema: Sendable {
  struct Column: Sendable {
    var name: String
    var required: Bool
  }

  var file: String
  var columns: [Column]
  /// `true` when the file must have at least one data row (arrivals).
  var rowsRequired = false

  var names: [String] { columns.map(\.name) }
}

/// The problems of one file, kept up to `InputLimits.maxProblemsKeptPerFile`.
struct ProblemLog {
  let file: String
  let cap: Int
  private(set) var problems: [InputProblem] = []
  private(set) var dropped = 0

  init(file: String, cap: Int) {
    self.file = file
    self.cap = cap
  }

  mutating func add(line: Int, column: String = "", value: String = "", reason: String) {
    add(InputProblem(file: file, line: line, column: column, value: value, reason: reason))
  }

  mutating func add(_ problem: InputProblem) {
    if problems.count < cap { problems.append(problem) } else { dropped += 1 }
  }

  /// Adds `text` to the reason of kept problem `index`.
  mutating func amend(_ index: Int, adding text: String) {
    if problems.indices.contains(index) { problems[index].reason += text }
  }

  /// The kept problems, and one more saying how many were not kept.
  var all: [InputProblem] {
    guard dropped > 0 else { return problems }
    return problems + [
      InputProblem(
        file: file, line: Int.max, column: "", value: "",
        reason: "and \(dropped) further problems not kept (limit \(cap) per file)")
    ]
  }
}

/// One data row, with cells addressed by schema position.
struct RowView {
  let line: Int
  /// Schema position → field index in the record, `nil` when the header lacks the column.
  let fieldOfColumn: [Int?]
  let reader: CSVReader

  func has(_ column: Int) -> Bool { fieldOfColumn[column] != nil }

  /// Trimmed text of a column; empty when the header lacks it.
  func text(_ column: Int) -> String {
    guard let field = fieldOfColumn[column] else { return "" }
    return reader.string(field)
  }

  func withBytes<R>(_ column: Int, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> R) -> R? {
    guard let field = fieldOfColumn[column] else { return nil }
    return reader.withField(field) { body($0.trimmingSpaces()) }
  }
}

/// The problems of one row, before they go into the file's log.
struct RowProblems {
  let schema: TableSchema
  let line: Int
  var list: [InputProblem] = []

  init(schema: TableSchema, line: Int) {
    self.schema = schema
    self.line = line
  }

  var isEmpty: Bool { list.isEmpty }

  mutating func add(_ column: Int, _ value: String, _ reason: String) {
    list.append(
      InputProblem(
        file: schema.file, line: line, column: schema.columns[column].name, value: value,
        reason: reason))
  }

  /// The value, or `nil` after recording why the cell is wrong.
  mutating func check<Value>(_ column: Int, _ value: String, _ result: Result<Value, CellError>)
    -> Value?
  {
    switch result {
    case .success(let parsed): return parsed
    case .failure(let error):
      add(column, value, error.reason)
      return nil
    }
  }
}

/// What one pass over a file found, for `InputFileSummary`.
struct TableStats {
  var rowsRead = 0
  var rowsRejected = 0
  var bytes = 0
  var sha256 = ""
  var headerLine = 0
  var headerValid = false
  var isEmpty = false
}

/// Reads `path` as a table of `schema`: checks the header, the syntax and the cell count of
/// every row, and hands each well-formed row to `body`, which records the row's problems; a
/// row with problems is rejected.
func readTable(
  path: String, schema: TableSchema, limits: InputLimits, log: inout ProblemLog,
  body: (RowView, inout RowProblems) throws(InputError) -> Void
) throws(InputError) -> TableStats {
  try readTable(
    file: ChunkedFile(path: path, chunkBytes: limits.chunkBytes), schema: schema, limits: limits,
    log: &log, body: body)
}

/// `readTable(path:…)` of a file already opened.
func readTable(
  file: ChunkedFile, schema: TableSchema, limits: InputLimits, log: inout ProblemLog,
  body: (RowView, inout RowProblems) throws(InputError) -> Void
) throws(InputError) -> TableStats {
  var reader = CSVReader(file: file, limits: limits)
  var stats = TableStats()
  // The first problem about bytes that are not UTF-8 says, once the whole file is read,
  // which encoding the file looks like and how to convert it.
  var firstInvalidUTF8: Int?
  func noteInvalidUTF8(_ issue: CSVSyntaxIssue, _ log: ProblemLog) {
    if firstInvalidUTF8 == nil, issue.kind.isInvalidUTF8, log.problems.count < log.cap {
      firstInvalidUTF8 = log.problems.count
    }
  }

  guard try reader.next() else {
    stats.isEmpty = true
    stats.bytes = file.bytesRead
    stats.sha256 = file.finishDigest()
    log.add(line: 0, reason: "file is empty: a header row is required")
    return stats
  }
  stats.headerLine = reader.recordLine
  let fieldOfColumn: [Int?]?
  if let guess = file.encoding.atStart {
    // UTF-16 or a doubled BOM: no header name reads right; one problem says why.
    log.add(line: 0, reason: EncodingSniffer.advice(guess, file: schema.file))
    fieldOfColumn = nil
  } else if let issue = reader.issue {
    noteInvalidUTF8(issue, log)
    log.add(line: reader.recordLine, reason: "header row: \(issue.reason)")
    fieldOfColumn = nil
  } else {
    fieldOfColumn = checkHeader(reader: reader, schema: schema, log: &log)
  }
  stats.headerValid = fieldOfColumn != nil
  let headerCount = reader.fieldCount
  let headerNames = (0..<headerCount).map { reader.string($0) }

  while try reader.next() {
    stats.rowsRead += 1
    let line = reader.recordLine
    var problems = RowProblems(schema: schema, line: line)
    if file.encoding.atStart != nil {
      // Not UTF-8 text at all: the one problem above says so; no row reads right.
      problems.list.append(
        InputProblem(file: schema.file, line: line, column: "", value: "", reason: ""))
    } else if let issue = reader.issue {
      let column = issue.field < headerCount ? columnLabel(headerNames[issue.field]) : ""
      noteInvalidUTF8(issue, log)
      problems.list.append(
        InputProblem(file: schema.file, line: line, column: column, value: "", reason: issue.reason)
      )
    } else if let fieldOfColumn {
      if reader.fieldCount != headerCount {
        problems.list.append(
          InputProblem(
            file: schema.file, line: line, column: "", value: "",
            reason: "row has \(reader.fieldCount) cells, the header has \(headerCount)"))
      } else {
        try body(RowView(line: line, fieldOfColumn: fieldOfColumn, reader: reader), &problems)
      }
    } else {
      // The header is wrong: the row can't be read reliably and is rejected with the file.
      problems.list.append(
        InputProblem(file: schema.file, line: line, column: "", value: "", reason: ""))
    }
    if !problems.isEmpty {
      stats.rowsRejected += 1
      for problem in problems.list where !problem.reason.isEmpty { log.add(problem) }
    }
  }
  if stats.rowsRead == 0 && schema.rowsRequired {
    log.add(
      line: stats.headerLine,
      reason: "no data rows after the header (\(schema.file) needs at least one row)")
  }
  if let index = firstInvalidUTF8, file.encoding.atStart == nil,
    let guess = file.encoding.wholeFile
  {
    log.amend(index, adding: "; " + EncodingSniffer.advice(guess, file: schema.file))
  }
  stats.bytes = file.bytesRead
  stats.sha256 = file.finishDigest()
  return stats
}

/// Checks the header record (read without a syntax issue); returns schema position → field
/// index, or `nil` (after logging why) when the header is unusable.
private func checkHeader(reader: CSVReader, schema: TableSchema, log: inout ProblemLog)
  -> [Int?]?
{
  let line = reader.recordLine
  var valid = true
  var fieldOfColumn = [Int?](repeating: nil, count: schema.columns.count)
  var firstField: [String: Int] = [:]
  let expected = schema.names.joined(separator: ", ")
  for field in 0..<reader.fieldCount {
    let name = reader.string(field)
    let shown = columnLabel(name)
    if name.isEmpty {
      log.add(line: line, reason: "column \(field + 1) of the header has no name")
      valid = false
      continue
    }
    if let earlier = firstField[name] {
      log.add(
        line: line, column: shown,
        reason: "column appears twice in the header (columns \(earlier + 1) and \(field + 1))")
      valid = false
      continue
    }
    firstField[name] = field
    guard let position = schema.names.firstIndex(of: name) else {
      var reason = "unknown column (\(schema.file) has \(expected))"
      if let near = nearestColumn(to: name, in: schema.names) {
        reason += ": did you mean \(near)?"
      }
      log.add(line: line, column: shown, reason: reason)
      valid = false
      continue
    }
    fieldOfColumn[position] = field
  }
  for (position, column) in schema.columns.enumerated()
  where column.required && fieldOfColumn[position] == nil {
    log.add(line: line, column: column.name, reason: "required column is missing from the header")
    valid = false
  }
  return valid ? fieldOfColumn : nil
}

/// The schema column `name` was probably meant to be: the same ignoring case, else the
/// closest ignoring case within two edits (ties: the earlier column). `Female` is female,
/// not male (two edits away from `female` as typed).
func nearestColumn(to name: String, in names: [String]) -> String? {
  let typed = name.lowercased()
  if let same = names.first(where: { $0.lowercased() == typed }) { return same }
  var best: (name: String, distance: Int)?
  for candidate in names {
    let distance = editDistance(candidate.lowercased(), typed)
    if distance <= 2 && distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
  }
  return best?.name
}

/// A header name as a problem shows it: quoted and escaped when it holds characters that
/// would break the one-line `file:line: column: reason` form or can't be seen.
func columnLabel(_ name: String) -> String {
  name.unicodeScalars.contains(where: isInvisible) ? quotedForMessage(name) : name
}
