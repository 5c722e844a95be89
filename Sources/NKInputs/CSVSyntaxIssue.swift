/// A problem with the CSV syntax or encoding of one record, found by the reader.
struct CSVSyntaxIssue: Hashable, Sendable {
  enum Kind: Hashable, Sendable {
    case invalidUTF8(byte: UInt8)
    case truncatedUTF8
    /// A multi-byte character is cut short by the byte at the position.
    case incompleteUTF8
    case nul
    case fieldTooLong(limit: Int)
    case rowTooLong(limit: Int)
    case unterminatedQuote(openedOnLine: Int)
    case strayQuote
    case textAfterClosingQuote

    /// Bytes that are not UTF-8 (perhaps a file saved in another encoding).
    var isInvalidUTF8: Bool {
      switch self {
      case .invalidUTF8, .truncatedUTF8, .incompleteUTF8: return true
      default: return false
      }
    }
  }

  var kind: Kind
  /// Physical line and 1-based byte position in that line where the problem is.
  var line: Int
  var byteInLine: Int
  /// Index of the field in its record.
  var field: Int

  var reason: String {
    let at = "at line \(line), byte \(byteInLine) of the line"
    switch kind {
    case .invalidUTF8(let byte):
      let hex = String(byte, radix: 16, uppercase: true)
      return "invalid UTF-8: byte 0x\(byte < 16 ? "0" : "")\(hex) \(at)"
    case .truncatedUTF8: return "invalid UTF-8: the file ends inside a character \(at)"
    case .incompleteUTF8: return "invalid UTF-8: a character is cut short \(at)"
    case .nul: return "NUL byte \(at) (save the file as UTF-8 text, not UTF-16)"
    case .fieldTooLong(let limit):
      return "field is longer than \(limit) bytes (\(at)); the rest of the row was skipped"
    case .rowTooLong(let limit):
      return "row is longer than \(limit) bytes (\(at)); the rest of the row was skipped"
    case .unterminatedQuote(let opened):
      return "quoted field opened on line \(opened) is not closed before the end of the file"
    case .strayQuote:
      return
        "quote character inside an unquoted field \(at): quote the whole field and double the quote"
    case .textAfterClosingQuote:
      return "text after the closing quote \(at): quote the whole field and double any quote in it"
    }
  }
}
