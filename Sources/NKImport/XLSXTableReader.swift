import Foundation
import ZIPFoundation

/// Reads the cells of an XLSX workbook that comes from outside, bounded: only the parts the
/// package names (`_rels/.rels` → workbook → its relationships → sheets and shared strings)
/// are inflated, each within a declared and a counted size, and no name leaves the archive.
struct XLSXTableReader {
  let path: String
  let fileName: String
  let limits: ImportLimits
  private let archive: Archive
  private var entries: [String: Entry] = [:]
  private var inflatedBytes = 0
  private(set) var sheets: [(name: String, part: String)] = []
  private var sharedStringsPart: String?
  private var sharedStrings: [String]?
  private var stylesPart: String?
  /// Number formats of the cell styles, to show numeric headings as the office program does.
  private var display: CellDisplay?
  private var date1904 = false

  init(path: String, fileName: String, limits: ImportLimits) throws(ImportError) {
    self.path = path
    self.fileName = fileName
    self.limits = limits
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= limits.maxWorkbookBytes else {
      throw .refused(
        path: fileName,
        reason: "the workbook is \(size) bytes, more than the \(limits.maxWorkbookBytes) read")
    }
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw .refused(path: fileName, reason: "not a readable XLSX (zip) file")
    }
    var count = 0
    for entry in archive {
      count += 1
      guard count <= limits.maxArchiveEntries else {
        throw .refused(
          path: fileName,
          reason: "the archive lists more than \(limits.maxArchiveEntries) entries")
      }
      let name = entry.path
      guard Self.isInside(name) else {
        throw .refused(
          path: fileName,
          reason: "the archive holds an entry named \(name.debugDescription), outside the archive")
      }
      guard entries[name] == nil else {
        throw .refused(path: fileName, reason: "the archive holds \(name) twice")
      }
      entries[name] = entry
    }
    try readPackageStructure()
  }

  // MARK: - package structure

  private mutating func readPackageStructure() throws(ImportError) {
    let rootRelations = try relationships(of: "")
    guard
      let office = rootRelations.first(where: { $0.type.hasSuffix("/officeDocument") })
    else { throw refusal("_rels/.rels names no workbook: not an XLSX file") }
    let workbookPart = try resolve(office, from: "")
    var sheetList: [(name: String, id: String)] = []
    var date1904 = false
    try scan(part: workbookPart) { event in
      if case .start("sheet", let attributes, _) = event, let name = attributes["name"],
        let id = attributes["id"]
      {
        sheetList.append((name, id))
      }
      if case .start("workbookPr", let attributes, _) = event {
        date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
      }
    }
    self.date1904 = date1904
    let relations = try relationships(of: workbookPart)
    let directory = Self.directory(of: workbookPart)
    for sheet in sheetList.prefix(limits.maxSheets) {
      guard let relation = relations.first(where: { $0.id == sheet.id }) else {
        throw refusal("the workbook names sheet \(sheet.name) without a part for it")
      }
      sheets.append((sheet.name, try resolve(relation, from: directory)))
    }
    if let strings = relations.first(where: { $0.type.hasSuffix("/sharedStrings") }) {
      sharedStringsPart = try resolve(strings, from: directory)
    }
    if let styles = relations.first(where: { $0.type.hasSuffix("/styles") }) {
      stylesPart = try resolve(styles, from: directory)
    }
    guard !sheets.isEmpty else { throw refusal("the workbook has no sheets") }
  }

  private struct Relationship {
    var id: String
    var type: String
    var target: String
    /// `TargetMode="External"`: a link out of the package, never read.
    var isExternal: Bool
  }

  /// The relationships of `part` (`""` for the package itself).
  private mutating func relationships(of part: String) throws(ImportError) -> [Relationship] {
    let directory = Self.directory(of: part)
    let base = part.split(separator: "/").last.map(String.init) ?? ""
    let relsPart = directory + "_rels/" + base + ".rels"
    guard entries[relsPart] != nil else {
      if part.isEmpty { throw refusal("no _rels/.rels: not an XLSX file") }
      return []
    }
    var found: [Relationship] = []
    try scan(part: relsPart) { event in
      guard case .start("Relationship", let attributes, _) = event else { return }
      found.append(
        Relationship(
          id: attributes["Id"] ?? "", type: attributes["Type"] ?? "",
          target: attributes["Target"] ?? "", isExternal: attributes["TargetMode"] == "External"))
    }
    return found
  }

  /// `target` relative to `directory` (or from the root when it starts with `/`), refused
  /// when it would leave the archive.
  private func resolve(_ relation: Relationship, from directory: String) throws(ImportError)
    -> String
  {
    let target = relation.target
    guard !relation.isExternal else {
      throw refusal("the workbook points outside the archive (\(target.debugDescription))")
    }
    guard !target.isEmpty, !target.contains("\\"), !target.contains("\0"),
      !target.contains("://")
    else {
      throw refusal("the part name \(target.debugDescription) is not a name inside the archive")
    }
    var components: [Substring] =
      target.hasPrefix("/") ? [] : directory.split(separator: "/")
    for component in target.split(separator: "/") {
      switch component {
      case ".": continue
      case "..":
        guard !components.isEmpty else {
          throw refusal("the part name \(target.debugDescription) leaves the archive")
        }
        components.removeLast()
      default: components.append(component)
      }
    }
    let resolved = components.joined(separator: "/")
    guard entries[resolved] != nil else {
      throw refusal("the archive has no part \(resolved), which the workbook names")
    }
    return resolved
  }

  private static func directory(of part: String) -> String {
    guard let slash = part.lastIndex(of: "/") else { return "" }
    return String(part[...slash])
  }

  /// True for a relative name whose components never climb out of the archive.
  static func isInside(_ name: String) -> Bool {
    if name.hasPrefix("/") || name.contains("\\") || name.contains("\0") { return false }
    if name.count >= 2, name.dropFirst().first == ":" { return false }  // C:…
    return !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
  }

  // MARK: - inflating parts

  /// The bytes of `part`, refused beyond the declared size, the per-part bound or the total.
  private mutating func bytes(of part: String) throws(ImportError) -> [UInt8] {
    guard let entry = entries[part], entry.type == .file else {
      throw refusal("the archive has no part \(part)")
    }
    let declared = entry.uncompressedSize
    let allowed = min(limits.maxPartBytes, limits.maxTotalPartBytes - inflatedBytes)
    guard declared <= UInt64(max(0, allowed)) else {
      throw refusal(bombMessage(part, "declares \(declared) bytes uncompressed"))
    }
    var data: [UInt8] = []
    data.reserveCapacity(Int(declared))
    let cap = Int(declared)
    var overrun = false
    do {
      _ = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: false) { chunk in
        guard data.count + chunk.count <= cap else {
          overrun = true
          throw CocoaError(.fileReadTooLarge)
        }
        data.append(contentsOf: chunk)
      }
    } catch {
      if overrun {
        throw refusal(
          bombMessage(part, "inflates past the \(declared) bytes it declares (stopped there)"))
      }
      throw refusal("\(part) cannot be inflated: the archive is damaged")
    }
    inflatedBytes += data.count
    return data
  }

  private func bombMessage(_ part: String, _ what: String) -> String {
    "\(part) \(what); at most \(limits.maxPartBytes) bytes per part and \(limits.maxTotalPartBytes) in all are read (a zip bomb?)"
  }

  private mutating func scan(part: String, _ body: (XMLEvent) throws(ImportError) -> Void)
    throws(ImportError)
  {
    var scanner = BoundedXMLScanner(try bytes(of: part))
    do {
      while let event = try scanner.next() { try body(event) }
    } catch let error as XMLScanError {
      throw refusal("\(part): \(error)")
    } catch let error as ImportError {
      throw error
    } catch {
      throw refusal("\(part): \(error)")
    }
  }

  private func refusal(_ reason: String) -> ImportError { .refused(path: fileName, reason: reason) }

  private static func isTrue(_ value: String?) -> Bool { value == "1" || value == "true" }

  // MARK: - cells

  private mutating func loadSharedStrings() throws(ImportError) -> [String] {
    if let sharedStrings { return sharedStrings }
    var strings: [String] = []
    if let part = sharedStringsPart {
      var current = ""
      var inPhonetic = 0
      var inText = false
      try scan(part: part) { event in
        switch event {
        case .start("si", _, _): current = ""
        case .end("si"): strings.append(current)
        case .start("rPh", _, let selfClosing): if !selfClosing { inPhonetic += 1 }
        case .end("rPh"): inPhonetic -= 1
        case .start("t", _, let selfClosing): inText = !selfClosing
        case .end("t"): inText = false
        case .text(let text) where inText && inPhonetic == 0: current += text
        default: break
        }
      }
    }
    sharedStrings = strings
    return strings
  }

  /// The format code of each cell style (`cellXfs`), from the styles part.
  private mutating func loadDisplay() throws(ImportError) -> CellDisplay {
    if let display { return display }
    var loaded = CellDisplay(date1904: date1904)
    if let part = stylesPart {
      var custom: [Int: String] = [:]
      var formatIDs: [Int] = []
      var inCellXfs = false
      try scan(part: part) { event in
        switch event {
        case .start("numFmt", let attributes, _):
          if let id = attributes["numFmtId"].flatMap({ Int($0) }),
            let code = attributes["formatCode"]
          {
            custom[id] = code
          }
        case .start("cellXfs", _, let selfClosing): inCellXfs = !selfClosing
        case .end("cellXfs"): inCellXfs = false
        case .start("xf", let attributes, _) where inCellXfs:
          formatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
      }
      loaded.codes = formatIDs.map { custom[$0] ?? CellDisplay.builtIn[$0] ?? "General" }
    }
    display = loaded
    return loaded
  }

  /// The cells of sheet `index` as a grid (rows and columns bounded by `limits`).
  mutating func grid(sheet index: Int) throws(ImportError) -> SourceGrid {
    let (name, part) = sheets[index]
    let strings = try loadSharedStrings()
    let display = try loadDisplay()
    var rows: [SourceRow] = []
    var rowNumber = 0
    var cells: [Int: SourceCell] = [:]
    var cellColumn = -1
    var cellType = "n"
    var cellStyle: Int?
    var cellHasFormula = false
    var cellValue: String?
    var inlineText = ""
    var capture: String?
    var inPhonetic = 0
    var hiddenRows: Set<Int> = []
    var hiddenColumns: Set<Int> = []
    var merged: [String] = []
    var failure: ImportError?
    var cellCount = 0
    let limits = self.limits
    let fileName = self.fileName
    func refuse(_ reason: String) -> ImportError { .refused(path: fileName, reason: reason) }

    try scan(part: part) { event throws(ImportError) in
      switch event {
      case .start("row", let attributes, _):
        let number = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
        guard number > rowNumber, number <= 1_048_576 else {
          throw refuse("\(name): row numbers out of order or out of range (\(number))")
        }
        rowNumber = number
        if Self.isTrue(attributes["hidden"]) { hiddenRows.insert(number) }
        cells = [:]
        cellColumn = -1
      case .end("row"):
        if !cells.isEmpty {
          guard rows.count < limits.maxRows else {
            throw refuse("\(name) has more than \(limits.maxRows) rows with cells")
          }
          rows.append(SourceRow(number: rowNumber, cells: cells))
        }
      case .start("c", let attributes, _):
        if let reference = attributes["r"] {
          let letters = reference.prefix { $0.isLetter }
          guard let column = SourceGrid.columnIndex(letters),
            Int(reference.dropFirst(letters.count)) == rowNumber
          else {
            throw refuse(
              "\(name): cell reference \(reference.debugDescription) is not in row \(rowNumber)")
          }
          cellColumn = column
        } else {
          cellColumn += 1
        }
        guard cellColumn < limits.maxColumns else {
          throw refuse("\(name) has cells beyond column \(limits.maxColumns)")
        }
        cellType = attributes["t"] ?? "n"
        cellStyle = attributes["s"].flatMap { Int($0) }
        cellHasFormula = false
        cellValue = nil
        inlineText = ""
      case .end("c"):
        var cell: SourceCell?
        switch cellType {
        case "s":
          guard let value = cellValue else { break }
          guard let index = Int(value), strings.indices.contains(index) else {
            failure = refuse(
              "\(name)!\(SourceGrid.columnLetters(cellColumn))\(rowNumber) names shared string \(value), which does not exist"
            )
            break
          }
          cell = SourceCell(text: strings[index])
        case "inlineStr": cell = SourceCell(text: inlineText)
        case "n":
          // Shown through its format only if it turns out to be a heading (TableReader).
          cell = cellValue.map { SourceCell(text: $0, isNumber: true, style: cellStyle) }
        default: cell = cellValue.map { SourceCell(text: $0) }
        }
        if cellHasFormula && (cellValue ?? "").isEmpty && cellType != "inlineStr" {
          cell = SourceCell(text: "", isUncomputedFormula: true)
        }
        if let failure { throw failure }
        if let cell, !cell.text.isEmpty || cell.isUncomputedFormula {
          cellCount += 1
          guard cellCount <= limits.maxCells else {
            throw refuse("\(name) has more than \(limits.maxCells) cells")
          }
          cells[cellColumn] = cell
        }
      case .start("f", _, _): cellHasFormula = true
      case .start("col", let attributes, _) where Self.isTrue(attributes["hidden"]):
        // Columns past the bound hold no cell that is read; the range is clipped to it.
        if let first = attributes["min"].flatMap({ Int($0) }), first >= 1,
          let last = attributes["max"].flatMap({ Int($0) }), last >= first
        {
          for column in first...min(last, limits.maxColumns) { hiddenColumns.insert(column - 1) }
        }
      case .start("mergeCell", let attributes, _):
        if let range = attributes["ref"], merged.count < limits.maxColumns {
          merged.append(range)
        }
      case .start("v", _, let selfClosing): capture = selfClosing ? nil : "v"
      case .start("t", _, let selfClosing): capture = selfClosing ? nil : "t"
      case .start("rPh", _, let selfClosing): if !selfClosing { inPhonetic += 1 }
      case .end("rPh"): inPhonetic -= 1
      case .end("v"), .end("t"): capture = nil
      case .text(let text):
        if capture == "v" { cellValue = (cellValue ?? "") + text }
        if capture == "t" && inPhonetic == 0 { inlineText += text }
      default: break
      }
    }
    return SourceGrid(
      fileName: fileName, kind: .sheet(name: name), rows: rows, display: display,
      hiddenRows: hiddenRows, hiddenColumns: hiddenColumns, merged: merged)
  }
}
