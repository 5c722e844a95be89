internal import CXlsxWriter

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// An Excel workbook being written to a file.
///
/// Nothing is written until ``close()``; libxlsxwriter assembles the whole file then (or, in
/// constant-memory mode, streams each worksheet's rows to a temporary file as they are written).
///
/// A workbook and its worksheets and charts are **single-threaded**: they are not `Sendable` and
/// must be used from one thread (or one isolation domain) at a time.
///
/// If a workbook is never closed, the C workbook is freed without writing any file when the last
/// handle (workbook, worksheet or chart) goes away (`lxw_workbook_free`; libxlsxwriter does not
/// create the output file before `workbook_close`).
public final class Workbook {
  /// Options for creating a workbook.
  public struct Options: Hashable, Sendable {
    /// Write each worksheet's rows to a temporary file as soon as the next row starts, keeping
    /// memory use constant. Rows must then be written in ascending order (an earlier row throws
    /// ``XlsxError/Code/rowOutOfOrder``), strings are written inline rather than shared, and
    /// libxlsxwriter refuses worksheet tables (not wrapped here) and cannot cache chart data
    /// (Excel recomputes it on open). Freeze panes, autofilter, column widths, print setup and
    /// charts all work.
    public var constantMemory: Bool
    /// Directory for libxlsxwriter's temporary files; `nil` uses the system default.
    public var temporaryDirectory: String?
    /// Allow ZIP64 extensions, needed for parts larger than 4 GB.
    public var useZip64: Bool

    /// Creates options.
    public init(
      constantMemory: Bool = false, temporaryDirectory: String? = nil, useZip64: Bool = false
    ) {
      self.constantMemory = constantMemory
      self.temporaryDirectory = temporaryDirectory
      self.useZip64 = useZip64
    }
  }

  /// Document properties stored in `docProps/core.xml` and `docProps/app.xml`.
  public struct DocumentProperties: Hashable, Sendable {
    public var title: String?
    public var subject: String?
    public var author: String?
    public var manager: String?
    public var company: String?
    public var category: String?
    public var keywords: String?
    public var comments: String?
    public var status: String?
    /// The creation (and modification) date stored in the file. Without it the library stamps
    /// the current time, so two runs produce different bytes; with it, the same content
    /// produces byte-identical files (the zip entries always carry a fixed 1980-01-01 date).
    /// Must not be exactly the Unix epoch, which the library reads as "now".
    public var created: Date?

    /// Creates properties; `nil` fields are omitted.
    public init(
      title: String? = nil, subject: String? = nil, author: String? = nil, manager: String? = nil,
      company: String? = nil, category: String? = nil, keywords: String? = nil,
      comments: String? = nil, status: String? = nil, created: Date? = nil
    ) {
      self.title = title
      self.subject = subject
      self.author = author
      self.manager = manager
      self.company = company
      self.category = category
      self.keywords = keywords
      self.comments = comments
      self.status = status
      self.created = created
    }
  }

  let state: WorkbookState

  /// The output file path.
  public var path: String { state.path }

  /// The options the workbook was created with.
  public let options: Options

  /// True once ``close()`` has been called (successfully or not).
  public var isClosed: Bool { state.handle == nil }

  /// The names of the worksheets, in order.
  public var worksheetNames: [String] { state.sheetNames }

  /// Creates a workbook that will be written to `path` when closed. No file is created yet.
  /// The corresponding C function is `workbook_new_opt`.
  public init(path: String, options: Options = .init()) throws(XlsxError) {
    try requireNoNul(path, "workbook path")
    if let directory = options.temporaryDirectory {
      try requireNoNul(directory, "temporary directory")
    }
    let arena = CStringArena()
    var cOptions = lxw_workbook_options()
    cOptions.constant_memory = options.constantMemory ? 1 : 0
    cOptions.use_zip64 = options.useZip64 ? 1 : 0
    cOptions.tmpdir = arena.copy(options.temporaryDirectory)
    let handle = try nonNull("workbook_new_opt \(path)") {
      path.withCString { workbook_new_opt($0, &cOptions) }
    }
    withExtendedLifetime(arena) {}
    self.options = options
    self.state = WorkbookState(handle: handle, path: path, constantMemory: options.constantMemory)
  }

  /// Adds a worksheet. The name must follow Excel's rules (1–31 characters, none of
  /// `[ ] : * ? / \`, not starting or ending with `'`, unique ignoring case); `nil` gives the
  /// default name "SheetN". The corresponding C function is `workbook_add_worksheet`.
  public func addWorksheet(named name: String? = nil) throws(XlsxError) -> Worksheet {
    let handle = try state.open("addWorksheet")
    let sheetName = name ?? "Sheet\(state.sheetNames.count + 1)"
    try validateSheetName(sheetName)
    let sheet = try nonNull("workbook_add_worksheet '\(sheetName)'") {
      sheetName.withCString { workbook_add_worksheet(handle, $0) }
    }
    state.sheetNames.append(sheetName)
    state.worksheetHandles.append(sheet)
    state.foldedSheetNames.insert(Self.fold(sheetName))
    return Worksheet(state: state, handle: sheet, name: sheetName)
  }

  /// Sets the document properties. The corresponding C function is `workbook_set_properties`.
  public func setProperties(_ properties: DocumentProperties) throws(XlsxError) {
    let handle = try state.open("setProperties")
    let fields = [
      properties.title, properties.subject, properties.author, properties.manager,
      properties.company, properties.category, properties.keywords, properties.comments,
      properties.status,
    ]
    for field in fields {
      if let field { try requireNoNul(field, "document property '\(field)'") }
    }
    var created: time_t = 0
    if let date = properties.created {
      let seconds = date.timeIntervalSince1970.rounded(.down)
      guard seconds.isFinite, seconds != 0, abs(seconds) < 253_402_300_800 else {
        throw XlsxError(.invalidArgument, context: "document creation date \(date)")
      }
      created = time_t(seconds)
    }
    let arena = CStringArena()
    var cProperties = lxw_doc_properties()
    cProperties.title = arena.copy(properties.title)
    cProperties.subject = arena.copy(properties.subject)
    cProperties.author = arena.copy(properties.author)
    cProperties.manager = arena.copy(properties.manager)
    cProperties.company = arena.copy(properties.company)
    cProperties.category = arena.copy(properties.category)
    cProperties.keywords = arena.copy(properties.keywords)
    cProperties.comments = arena.copy(properties.comments)
    cProperties.status = arena.copy(properties.status)
    cProperties.created = created
    try checked("workbook_set_properties") { workbook_set_properties(handle, &cProperties) }
    withExtendedLifetime(arena) {}
  }

  /// Gives `formats` their style indices now, in this order. The library otherwise numbers a
  /// format when a row using it is first written out, so a workbook whose sheets are written
  /// in another order (one streamed while others wait for their figures) would get the same
  /// styles under other numbers. Formats listed here appear in the file even when no cell
  /// uses them; formats not listed are numbered on first use, after these.
  /// The corresponding C function is `lxw_format_get_xf_index`.
  public func fixStyleOrder(_ formats: [CellFormat]) throws(XlsxError) {
    for format in formats {
      guard let pointer = try state.libraryFormat(format) else { continue }
      _ = lxw_format_get_xf_index(pointer)
    }
  }

  /// Creates a chart; add series to it, then place it with ``Worksheet/insertChart(_:row:column:xScale:yScale:xOffset:yOffset:)``.
  /// The corresponding C function is `workbook_add_chart`.
  public func addChart(_ kind: Chart.Kind) throws(XlsxError) -> Chart {
    let handle = try state.open("addChart")
    let chart = try nonNull("workbook_add_chart") { workbook_add_chart(handle, kind.rawValue) }
    return Chart(state: state, handle: chart, kind: kind)
  }

  /// Writes the file and frees the library's workbook. Afterwards every handle of this workbook
  /// throws ``XlsxError/Code/workbookClosed``, even if writing failed (the library frees the
  /// workbook either way). Closing twice throws ``XlsxError/Code/workbookClosed``.
  /// The corresponding C function is `workbook_close`.
  public func close() throws(XlsxError) {
    let handle = try state.open("close")
    state.handle = nil  // workbook_close frees the workbook even when it fails.
    state.formats.removeAll()
    state.worksheetHandles.removeAll()
    let path = state.path
    try checked("workbook_close \(path)") {
      LibraryMessages.capture(file: path) { workbook_close(handle) }
    }
  }

  /// The version of the libxlsxwriter library in use, e.g. "1.1.4".
  public static var libraryVersion: String { XlsxWriter.libraryVersion() }

  // MARK: Sheet names

  private func validateSheetName(_ name: String) throws(XlsxError) {
    let context = "sheet name '\(name)'"
    try requireNoNul(name, context)
    if name.isEmpty || name.utf16.count > ExcelLimits.maxSheetNameLength {
      throw XlsxError(.invalidSheetName, context: context + " must have 1–31 characters")
    }
    if name.contains(where: { "[]:*?/\\".contains($0) }) {
      throw XlsxError(.invalidSheetName, context: context + " contains one of [ ] : * ? / \\")
    }
    if name.hasPrefix("'") || name.hasSuffix("'") {
      throw XlsxError(.invalidSheetName, context: context + " starts or ends with an apostrophe")
    }
    if state.foldedSheetNames.contains(Self.fold(name)) {
      throw XlsxError(.duplicateSheetName, context: context)
    }
  }

  static func fold(_ name: String) -> String { name.lowercased() }
}

@available(*, unavailable, message: "A Workbook must be used from one thread at a time.")
extension Workbook: Sendable {}

/// State shared by a workbook and all its worksheets and charts, so that no handle outlives the
/// C workbook and every handle sees when it has been closed.
final class WorkbookState {
  /// The C workbook; `nil` once closed.
  var handle: UnsafeMutablePointer<lxw_workbook>?
  let path: String
  let constantMemory: Bool
  var sheetNames: [String] = []
  var foldedSheetNames: Set<String> = []
  /// The C worksheets, for cleanup of a workbook that is never closed.
  var worksheetHandles: [UnsafeMutablePointer<lxw_worksheet>] = []
  /// One library format per distinct value: the library freezes a format once it is used.
  var formats: [CellFormat: FormatEntry] = [:]

  init(handle: UnsafeMutablePointer<lxw_workbook>, path: String, constantMemory: Bool) {
    self.handle = handle
    self.path = path
    self.constantMemory = constantMemory
  }

  /// The C workbook, or `.workbookClosed` naming the attempted operation.
  func open(_ operation: @autoclosure () -> String) throws(XlsxError) -> UnsafeMutablePointer<
    lxw_workbook
  > {
    guard let handle else { throw XlsxError(.workbookClosed, context: operation()) }
    return handle
  }

  /// The library format for `format`, created on first use; NULL for `nil` (default format).
  func libraryFormat(_ format: CellFormat?) throws(XlsxError) -> UnsafeMutablePointer<lxw_format>? {
    guard let format else { return nil }
    return try formatEntry(format).pointer
  }

  /// The entry (library format and precomputed width information) for `format`, created on
  /// first use.
  func formatEntry(_ format: CellFormat) throws(XlsxError) -> FormatEntry {
    if let existing = formats[format] { return existing }
    try format.validate()
    let handle = try open("add format")
    let created = try nonNull("workbook_add_format") { workbook_add_format(handle) }
    format.apply(to: created)
    let entry = FormatEntry(format: format, pointer: created)
    formats[format] = entry
    return entry
  }

  deinit {
    // Never closed: free everything without writing a file. `lxw_workbook_free` does not close
    // the temporary file each worksheet streams its rows to in constant-memory mode (that
    // happens while `workbook_close` assembles the sheet), so close those first.
    guard let handle else { return }
    for worksheet in worksheetHandles {
      if let file = worksheet.pointee.optimize_tmpfile {
        fclose(file)
        worksheet.pointee.optimize_tmpfile = nil
      }
    }
    lxw_workbook_free(handle)
  }
}

/// A library format with what the worksheets need per cell written in it, computed once per
/// distinct format instead of once per cell.
final class FormatEntry {
  let format: CellFormat
  /// Owned by the C workbook; valid until it is closed or freed.
  let pointer: UnsafeMutablePointer<lxw_format>
  /// What width estimates need from the format (as for a batch's styles).
  let metrics: StyleMetrics

  init(format: CellFormat, pointer: UnsafeMutablePointer<lxw_format>) {
    self.format = format
    self.pointer = pointer
    self.metrics = StyleMetrics(format)
  }
}
