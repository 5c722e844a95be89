// Why a hand-written scanner: the released binary runs on a server that has libxlsxwriter and
// nothing else, and Foundation's XMLParser (and XMLCoder and SWXMLHash, which are built on it)
// loads libxml2 at run time. An XLSX part is also untrusted input: this scanner refuses any
// DTD (`<!DOCTYPE`, `<!ENTITY`), so there is no external entity (XXE) and no entity
// expansion ("billion laughs") — only the five predefined entities and numeric character
// references are decoded. It reads the small subset of XML that SpreadsheetML parts use
// (elements, attributes, text, CDATA, comments, processing instructions), checks that tags
// nest, and bounds depth, names and attributes.

/// One step of an XML document. Names are local names: a namespace prefix is dropped.
enum XMLEvent: Equatable {
  case start(name: String, attributes: [String: String], selfClosing: Bool)
  case end(name: String)
  case text(String)
}

struct XMLScanError: Error, Equatable, CustomStringConvertible {
  var reason: String
  /// Byte offset in the part where the problem was found.
  var offset: Int
  var description: String { "\(reason) (at byte \(offset))" }
}

struct BoundedXMLScanner {
  static let maxDepth = 128
  static let maxNameBytes = 256
  static let maxAttributes = 64

  private let bytes: [UInt8]
  private var position = 0
  private var open: [String] = []
  private var pendingEnd: String?

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    // Some writers start a part with a UTF-8 byte-order mark.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
  }

  /// The next event, or `nil` at the end of a well-formed document.
  mutating func next() throws(XMLScanError) -> XMLEvent? {
    if let name = pendingEnd {
      pendingEnd = nil
      open.removeLast()
      return .end(name: name)
    }
    while position < bytes.count {
      if bytes[position] != ascii("<") {
        let start = position
        while position < bytes.count && bytes[position] != ascii("<") { position += 1 }
        let text = try decodeText(bytes[start..<position], at: start)
        if open.isEmpty {
          guard text.allSatisfy(\.isWhitespace) else {
            throw fail("text outside the root element", at: start)
          }
          continue
        }
        return .text(text)
      }
      if starts(with: "<?") {
        try skip(past: "?>", what: "processing instruction")
        continue
      }
      if starts(with: "<!--") {
        try skip(past: "-->", what: "comment")
        continue
      }
      if starts(with: "<![CDATA[") {
        let start = position + 9
        guard let end = find("]]>", from: start) else { throw fail("unclosed CDATA", at: position) }
        position = end + 3
        guard !open.isEmpty else { throw fail("CDATA outside the root element", at: start) }
        guard let text = String(validating: bytes[start..<end], as: UTF8.self) else {
          throw fail("invalid UTF-8", at: start)
        }
        return .text(text)
      }
      if starts(with: "<!") {
        // <!DOCTYPE, <!ENTITY, <!ELEMENT …: a DTD could define entities; none is accepted.
        throw fail("a DTD or entity declaration is not allowed in a workbook part", at: position)
      }
      if starts(with: "</") {
        let start = position
        position += 2
        let name = try readName()
        skipSpaces()
        guard position < bytes.count, bytes[position] == ascii(">") else {
          throw fail("malformed end tag", at: start)
        }
        position += 1
        guard let last = open.last, last == name else {
          throw fail("end tag </\(name)> does not match the open element", at: start)
        }
        open.removeLast()
        return .end(name: localName(name))
      }
      return try readStartTag()
    }
    guard open.isEmpty else { throw fail("the part ends inside <\(open.last!)>", at: position) }
    return nil
  }

  // MARK: - tags

  private mutating func readStartTag() throws(XMLScanError) -> XMLEvent {
    let start = position
    position += 1
    let name = try readName()
    var attributes: [String: String] = [:]
    while true {
      let hadSpace = skipSpaces()
      guard position < bytes.count else { throw fail("unclosed start tag <\(name)", at: start) }
      if bytes[position] == ascii(">") {
        position += 1
        try push(name, at: start)
        return .start(name: localName(name), attributes: attributes, selfClosing: false)
      }
      if starts(with: "/>") {
        position += 2
        try push(name, at: start)
        pendingEnd = localName(name)
        return .start(name: localName(name), attributes: attributes, selfClosing: true)
      }
      guard hadSpace else { throw fail("malformed start tag <\(name)", at: start) }
      let attribute = try readName()
      skipSpaces()
      guard position < bytes.count, bytes[position] == ascii("=") else {
        throw fail("attribute \(attribute) has no value", at: position)
      }
      position += 1
      skipSpaces()
      guard position < bytes.count, bytes[position] == ascii("\"") || bytes[position] == ascii("'")
      else { throw fail("attribute \(attribute) value is not quoted", at: position) }
      let quote = bytes[position]
      let valueStart = position + 1
      guard let valueEnd = bytes[valueStart...].firstIndex(of: quote) else {
        throw fail("unclosed attribute value", at: position)
      }
      position = valueEnd + 1
      if bytes[valueStart..<valueEnd].contains(ascii("<")) {
        throw fail("< in an attribute value", at: valueStart)
      }
      guard attributes.count < Self.maxAttributes else {
        throw fail("more than \(Self.maxAttributes) attributes", at: start)
      }
      let key = localName(attribute)
      // A prefixed and an unprefixed attribute may share a local name; the first one wins.
      if attributes[key] == nil {
        attributes[key] = try decodeText(bytes[valueStart..<valueEnd], at: valueStart)
      }
    }
  }

  private mutating func push(_ name: String, at offset: Int) throws(XMLScanError) {
    guard open.count < Self.maxDepth else {
      throw fail("elements nest deeper than \(Self.maxDepth)", at: offset)
    }
    open.append(name)
  }

  private mutating func readName() throws(XMLScanError) -> String {
    let start = position
    while position < bytes.count, isNameByte(bytes[position]) { position += 1 }
    guard position > start else { throw fail("expected a name", at: start) }
    guard position - start <= Self.maxNameBytes else { throw fail("name too long", at: start) }
    guard let name = String(validating: bytes[start..<position], as: UTF8.self) else {
      throw fail("invalid UTF-8 in a name", at: start)
    }
    return name
  }

  private func localName(_ name: String) -> String {
    guard let colon = name.lastIndex(of: ":") else { return name }
    return String(name[name.index(after: colon)...])
  }

  // MARK: - text and references

  private func decodeText(_ slice: ArraySlice<UInt8>, at offset: Int) throws(XMLScanError)
    -> String
  {
    guard slice.contains(ascii("&")) else {
      guard let text = String(validating: slice, as: UTF8.self) else {
        throw fail("invalid UTF-8", at: offset)
      }
      return text
    }
    var out: [UInt8] = []
    out.reserveCapacity(slice.count)
    var index = slice.startIndex
    while index < slice.endIndex {
      let byte = slice[index]
      guard byte == ascii("&") else {
        out.append(byte)
        index += 1
        continue
      }
      guard let semicolon = slice[index...].prefix(12).firstIndex(of: ascii(";")) else {
        throw fail("& not followed by a reference", at: offset + index - slice.startIndex)
      }
      let name = Array(slice[(index + 1)..<semicolon])
      guard let scalar = Self.reference(name) else {
        let shown = String(decoding: name, as: UTF8.self)
        throw fail(
          "undefined entity &\(shown); (only &lt; &gt; &amp; &quot; &apos; and &#…; are read)",
          at: offset + index - slice.startIndex)
      }
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
      index = semicolon + 1
    }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw fail("invalid UTF-8", at: offset)
    }
    return text
  }

  private static func reference(_ name: [UInt8]) -> Unicode.Scalar? {
    switch String(decoding: name, as: UTF8.self) {
    case "lt": return "<"
    case "gt": return ">"
    case "amp": return "&"
    case "quot": return "\""
    case "apos": return "'"
    default: break
    }
    guard name.first == UInt8(ascii: "#"), name.count > 1 else { return nil }
    let isHex = name[1] == UInt8(ascii: "x")
    let digits = String(decoding: name.dropFirst(isHex ? 2 : 1), as: UTF8.self)
    guard !digits.isEmpty, let value = UInt32(digits, radix: isHex ? 16 : 10),
      let scalar = Unicode.Scalar(value), value != 0
    else { return nil }
    return scalar
  }

  // MARK: - bytes

  @discardableResult
  private mutating func skipSpaces() -> Bool {
    let start = position
    while position < bytes.count,
      [ascii(" "), ascii("\t"), ascii("\n"), ascii("\r")].contains(bytes[position])
    {
      position += 1
    }
    return position > start
  }

  private mutating func skip(past terminator: String, what: String) throws(XMLScanError) {
    guard let end = find(terminator, from: position + 2) else {
      throw fail("unclosed \(what)", at: position)
    }
    position = end + terminator.utf8.count
  }

  private func starts(with prefix: String) -> Bool {
    let prefixBytes = Array(prefix.utf8)
    guard position + prefixBytes.count <= bytes.count else { return false }
    return bytes[position..<(position + prefixBytes.count)].elementsEqual(prefixBytes)
  }

  private func find(_ needle: String, from start: Int) -> Int? {
    let pattern = Array(needle.utf8)
    guard start <= bytes.count - pattern.count else { return nil }
    var index = start
    while index <= bytes.count - pattern.count {
      if bytes[index] == pattern[0]
        && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
      {
        return index
      }
      index += 1
    }
    return nil
  }

  private func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case ascii("a")...ascii("z"), ascii("A")...ascii("Z"), ascii("0")...ascii("9"): return true
    case ascii(":"), ascii("_"), ascii("-"), ascii("."): return true
    default: return byte >= 0x80
    }
  }

  private func fail(_ reason: String, at offset: Int) -> XMLScanError {
    XMLScanError(reason: reason, offset: offset)
  }
}

private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(ascii: character) }
