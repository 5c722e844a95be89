// Why not NKInputs' reader: it is internal to the loader and streams a file descriptor for
// million-row ledgers. Here the text is small, already bounded and decoded, and the merge
// must keep every record's exact bytes (quoting, spacing, line ends) when it rewrites a file,
// so this reader returns each record's byte range along with its fields and physical line.

/// One record of a CSV text: fields, the physical line it starts on, and its bytes.
struct CSVRecord {
  var line: Int
  var fields: [String]
  /// The record's bytes without its line end.
  var body: Range<Int>
  /// The line end that closes it (`\r\n`, `\n`, `\r`), empty at the end of the text.
  var terminator: [UInt8]

  /// Blank: no characters, or only spaces and tabs.
  var isBlank: Bool { fields.allSatisfy { $0.trimmingSpaces.isEmpty } && fields.count <= 1 }
}

struct CSVSyntaxError: Error, Equatable {
  var line: Int
  var reason: String
}

enum CSVText {
  /// Splits UTF-8 `bytes` (without BOM) into records.
  static func records(_ bytes: [UInt8]) throws(CSVSyntaxError) -> [CSVRecord] {
    var records: [CSVRecord] = []
    var index = 0
    var line = 1
    while index < bytes.count {
      let start = index
      let startLine = line
      var fields: [String] = []
      var field: [UInt8] = []
      var quoted = false
      var afterQuote = false
      var terminator: [UInt8] = []
      recordLoop: while index < bytes.count {
        let byte = bytes[index]
        if quoted {
          if byte == 0x22 {
            if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
              field.append(0x22)
              index += 2
              continue
            }
            quoted = false
            afterQuote = true
            index += 1
            continue
          }
          if byte == 0x0A
            || (byte == 0x0D && !(index + 1 < bytes.count && bytes[index + 1] == 0x0A))
          {
            line += 1
          }
          field.append(byte)
          index += 1
          continue
        }
        switch byte {
        case 0x2C:
          fields.append(String(decoding: field, as: UTF8.self))
          field = []
          afterQuote = false
          index += 1
        case 0x0D, 0x0A:
          let end = index
          if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A {
            index += 2
          } else {
            index += 1
          }
          terminator = Array(bytes[end..<index])
          line += 1
          fields.append(String(decoding: field, as: UTF8.self))
          records.append(
            CSVRecord(line: startLine, fields: fields, body: start..<end, terminator: terminator))
          break recordLoop
        case 0x22 where field.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) && !afterQuote:
          field = []
          quoted = true
          index += 1
        default:
          if afterQuote && byte != 0x20 && byte != 0x09 {
            throw CSVSyntaxError(
              line: line, reason: "text after a closing quote: quote the whole field")
          }
          if byte == 0x22 {
            throw CSVSyntaxError(
              line: line, reason: "quote character inside an unquoted field")
          }
          if !afterQuote { field.append(byte) }
          index += 1
        }
      }
      if quoted {
        throw CSVSyntaxError(
          line: startLine, reason: "quoted field opened on line \(startLine) is not closed")
      }
      if terminator.isEmpty {
        fields.append(String(decoding: field, as: UTF8.self))
        records.append(
          CSVRecord(line: startLine, fields: fields, body: start..<index, terminator: []))
      }
    }
    return records
  }

  /// A field as RFC 4180 writes it: quoted when it holds a comma, quote, line break or
  /// surrounding spaces.
  static func field(_ text: String) -> String {
    let needsQuotes =
      text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
      || text.first == " " || text.last == " "
    guard needsQuotes else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func record(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }
}

extension String {
  /// Without surrounding spaces, tabs, no-break and ideographic spaces.
  var trimmingSpaces: String {
    let isSpace: (Character) -> Bool = {
      $0 == " " || $0 == "\t" || $0 == "\u{00A0}" || $0 == "\u{3000}"
    }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return String(self[first...last])
  }
}
