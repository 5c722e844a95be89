internal import CXlsxWriter

/// An error from libxlsxwriter, or from a check this wrapper makes before calling it.
///
/// Library errors carry the `lxw_error` code the C function returned; checks the library does
/// not make (closed workbook, rows out of order in constant-memory mode, sheet-name rules, NUL
/// characters, …) carry wrapper codes with raw values from 1000 upwards.
public struct XlsxError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public var code: Code

  /// Where it went wrong, e.g. `sheet 'Data' cell B7` or `workbook_close /tmp/x.xlsx`.
  public var context: String

  /// Creates an error.
  public init(_ code: Code, context: String) {
    self.code = code
    self.context = context
  }

  /// A human-readable explanation of `code`; for library codes, the text of `lxw_strerror`.
  public var message: String { code.message }

  public var description: String {
    context.isEmpty ? "\(message) [\(code.rawValue)]" : "\(message) [\(code.rawValue)] (\(context))"
  }
}

extension XlsxError {
  /// An error code: either an `lxw_error` value from libxlsxwriter or a wrapper code (≥ 1000).
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `lxw_error` value, or a wrapper code of 1000 or more.
    public var rawValue: Int32

    /// Creates a code from its raw value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    init(_ error: lxw_error) { self.rawValue = Int32(truncatingIfNeeded: error.rawValue) }

    /// True for codes reported by libxlsxwriter itself, false for wrapper codes.
    public var isLibraryCode: Bool { rawValue < 1000 }

    /// A human-readable explanation of the code.
    public var message: String {
      if isLibraryCode { return libraryMessage(rawValue) }
      return Self.wrapperMessages[rawValue] ?? "Unknown XlsxWriter error \(rawValue)."
    }

    public var description: String { "\(rawValue): \(message)" }
  }
}

// MARK: Library codes

extension XlsxError.Code {
  /// Memory allocation failed. The corresponding C error is `LXW_ERROR_MEMORY_MALLOC_FAILED`.
  public static let memoryMallocFailed = Self(LXW_ERROR_MEMORY_MALLOC_FAILED)
  /// The output file could not be created, usually a permission problem or missing directory.
  /// The corresponding C error is `LXW_ERROR_CREATING_XLSX_FILE`.
  public static let creatingXlsxFile = Self(LXW_ERROR_CREATING_XLSX_FILE)
  /// A temporary file could not be created. The corresponding C error is
  /// `LXW_ERROR_CREATING_TMPFILE`.
  public static let creatingTmpfile = Self(LXW_ERROR_CREATING_TMPFILE)
  /// A temporary file could not be read. The corresponding C error is `LXW_ERROR_READING_TMPFILE`.
  public static let readingTmpfile = Self(LXW_ERROR_READING_TMPFILE)
  /// Generic zip error. The corresponding C error is `LXW_ERROR_ZIP_FILE_OPERATION`.
  public static let zipFileOperation = Self(LXW_ERROR_ZIP_FILE_OPERATION)
  /// Zip parameter error. The corresponding C error is `LXW_ERROR_ZIP_PARAMETER_ERROR`.
  public static let zipParameterError = Self(LXW_ERROR_ZIP_PARAMETER_ERROR)
  /// Bad zip file (the `useZip64` option may be required). The corresponding C error is
  /// `LXW_ERROR_ZIP_BAD_ZIP_FILE`.
  public static let zipBadZipFile = Self(LXW_ERROR_ZIP_BAD_ZIP_FILE)
  /// Internal zip error. The corresponding C error is `LXW_ERROR_ZIP_INTERNAL_ERROR`.
  public static let zipInternalError = Self(LXW_ERROR_ZIP_INTERNAL_ERROR)
  /// A part could not be added to the zip container. The corresponding C error is
  /// `LXW_ERROR_ZIP_FILE_ADD`.
  public static let zipFileAdd = Self(LXW_ERROR_ZIP_FILE_ADD)
  /// The zip container could not be closed. The corresponding C error is `LXW_ERROR_ZIP_CLOSE`.
  public static let zipClose = Self(LXW_ERROR_ZIP_CLOSE)
  /// The feature is not supported in this configuration (e.g. tables in constant-memory mode).
  /// The corresponding C error is `LXW_ERROR_FEATURE_NOT_SUPPORTED`.
  public static let featureNotSupported = Self(LXW_ERROR_FEATURE_NOT_SUPPORTED)
  /// A NULL parameter was ignored. The corresponding C error is
  /// `LXW_ERROR_NULL_PARAMETER_IGNORED`.
  public static let nullParameterIgnored = Self(LXW_ERROR_NULL_PARAMETER_IGNORED)
  /// A parameter failed validation. The corresponding C error is
  /// `LXW_ERROR_PARAMETER_VALIDATION`.
  public static let parameterValidation = Self(LXW_ERROR_PARAMETER_VALIDATION)
  /// A sheet name is longer than 31 characters. The corresponding C error is
  /// `LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED`.
  public static let sheetNameLengthExceeded = Self(LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED)
  /// A sheet name contains one of `[ ] : * ? / \`. The corresponding C error is
  /// `LXW_ERROR_INVALID_SHEETNAME_CHARACTER`.
  public static let invalidSheetNameCharacter = Self(LXW_ERROR_INVALID_SHEETNAME_CHARACTER)
  /// A sheet name starts or ends with an apostrophe. The corresponding C error is
  /// `LXW_ERROR_SHEETNAME_START_END_APOSTROPHE`.
  public static let sheetNameStartEndApostrophe = Self(LXW_ERROR_SHEETNAME_START_END_APOSTROPHE)
  /// A sheet name is already in use. The corresponding C error is
  /// `LXW_ERROR_SHEETNAME_ALREADY_USED`.
  public static let sheetNameAlreadyUsed = Self(LXW_ERROR_SHEETNAME_ALREADY_USED)
  /// A parameter exceeds 32 characters. The corresponding C error is
  /// `LXW_ERROR_32_STRING_LENGTH_EXCEEDED`.
  public static let stringLength32Exceeded = Self(LXW_ERROR_32_STRING_LENGTH_EXCEEDED)
  /// A parameter exceeds 128 characters. The corresponding C error is
  /// `LXW_ERROR_128_STRING_LENGTH_EXCEEDED`.
  public static let stringLength128Exceeded = Self(LXW_ERROR_128_STRING_LENGTH_EXCEEDED)
  /// A parameter exceeds 255 characters (e.g. header or footer text). The corresponding C error
  /// is `LXW_ERROR_255_STRING_LENGTH_EXCEEDED`.
  public static let stringLength255Exceeded = Self(LXW_ERROR_255_STRING_LENGTH_EXCEEDED)
  /// A cell string exceeds Excel's limit of 32,767 characters. The corresponding C error is
  /// `LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED`.
  public static let maxStringLengthExceeded = Self(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
  /// Internal shared-string error. The corresponding C error is
  /// `LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND`.
  public static let sharedStringIndexNotFound = Self(LXW_ERROR_SHARED_STRING_INDEX_NOT_FOUND)
  /// A row (≥ 1,048,576) or column (≥ 16,384) is outside the worksheet. The corresponding C error
  /// is `LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE`.
  public static let worksheetIndexOutOfRange = Self(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)
  /// A hyperlink is longer than 2079 characters. The corresponding C error is
  /// `LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED`.
  public static let maxUrlLengthExceeded = Self(LXW_ERROR_WORKSHEET_MAX_URL_LENGTH_EXCEEDED)
  /// More than 65,530 hyperlinks in a worksheet. The corresponding C error is
  /// `LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED`.
  public static let maxNumberUrlsExceeded = Self(LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED)
  /// Image dimensions could not be read. The corresponding C error is
  /// `LXW_ERROR_IMAGE_DIMENSIONS`.
  public static let imageDimensions = Self(LXW_ERROR_IMAGE_DIMENSIONS)
}

// MARK: Wrapper codes

extension XlsxError.Code {
  /// The workbook was already closed (or closing failed); no handle of it may be used any more.
  public static let workbookClosed = Self(rawValue: 1000)
  /// In constant-memory mode a row was written before a row already written; the library would
  /// silently drop it.
  public static let rowOutOfOrder = Self(rawValue: 1001)
  /// A sheet name breaks Excel's rules: empty, longer than 31 characters, containing one of
  /// `[ ] : * ? / \`, or starting or ending with `'`.
  public static let invalidSheetName = Self(rawValue: 1002)
  /// A sheet name is already used in the workbook (Excel compares names case-insensitively).
  public static let duplicateSheetName = Self(rawValue: 1003)
  /// A string contains the NUL character, which cannot be passed to the C library.
  public static let stringContainsNul = Self(rawValue: 1004)
  /// A number is NaN or infinite; Excel cannot store it.
  public static let nonFiniteNumber = Self(rawValue: 1005)
  /// A calendar date is not a valid Excel date (years 1900–9999).
  public static let invalidDate = Self(rawValue: 1006)
  /// A cell range names a sheet that is not in the workbook.
  public static let unknownSheet = Self(rawValue: 1007)
  /// An argument is outside the range the operation accepts.
  public static let invalidArgument = Self(rawValue: 1008)
  /// The C library returned NULL where an object was expected (usually out of memory, or an
  /// unusable temporary directory in constant-memory mode).
  public static let libraryReturnedNull = Self(rawValue: 1009)
  /// The "C" locale could not be created, so numbers could not be written locale-independently.
  public static let localeUnavailable = Self(rawValue: 1010)

  fileprivate static let wrapperMessages: [Int32: String] = [
    1000: "The workbook is closed.",
    1001: "Row written out of order in constant-memory mode.",
    1002: "Invalid worksheet name.",
    1003: "Worksheet name is already in use (case-insensitively).",
    1004: "String contains a NUL character.",
    1005: "Number is NaN or infinite.",
    1006: "Invalid date.",
    1007: "Range refers to an unknown worksheet.",
    1008: "Argument out of range.",
    1009: "libxlsxwriter returned NULL.",
    1010: "The C locale is unavailable.",
  ]
}
