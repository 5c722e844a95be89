/// Bounds on what an import reads from a file that comes from outside. The Ministry's table
/// is a few kilobytes; these leave room for office software's padding while refusing a zip
/// bomb or a runaway file with a clear message instead of running out of memory.
public struct ImportLimits: Hashable, Sendable {
  /// Largest CSV file read.
  public var maxCSVBytes: Int
  /// Largest XLSX file (compressed) opened.
  public var maxWorkbookBytes: Int
  /// Most entries an XLSX archive may list.
  public var maxArchiveEntries: Int
  /// Largest uncompressed part read from the archive.
  public var maxPartBytes: Int
  /// Most uncompressed bytes read from the archive in all.
  public var maxTotalPartBytes: Int
  /// Rows and columns of the sheet or CSV considered; a table beyond them is refused.
  public var maxRows: Int
  public var maxColumns: Int
  /// Non-blank cells kept in all.
  public var maxCells: Int
  /// Sheets of a workbook searched for the table.
  public var maxSheets: Int

  public init(
    maxCSVBytes: Int = 4 << 20, maxWorkbookBytes: Int = 16 << 20, maxArchiveEntries: Int = 1_000,
    maxPartBytes: Int = 32 << 20, maxTotalPartBytes: Int = 64 << 20, maxRows: Int = 10_000,
    maxColumns: Int = 1_000, maxCells: Int = 200_000, maxSheets: Int = 64
  ) {
    self.maxCSVBytes = maxCSVBytes
    self.maxWorkbookBytes = maxWorkbookBytes
    self.maxArchiveEntries = maxArchiveEntries
    self.maxPartBytes = maxPartBytes
    self.maxTotalPartBytes = maxTotalPartBytes
    self.maxRows = maxRows
    self.maxColumns = maxColumns
    self.maxCells = maxCells
    self.maxSheets = maxSheets
  }

  public static let standard = ImportLimits()
}
