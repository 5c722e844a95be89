import NKPeriods

/// Why the workbook could not be written (besides the library's own `XlsxError`s, which
/// propagate as they are).
public enum WorkbookRenderError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidRecordsPerSheet(Int)
  case periodOutOfRange(YearMonth)

  public var description: String {
    switch self {
    case .invalidRecordsPerSheet(let count):
      return
        "records per sheet must be 1…\(WorkbookOptions.maximumRecordsPerSheet), not \(count)"
    case .periodOutOfRange(let period):
      return "report period \(period) has no following day to date the workbook"
    }
  }
}
