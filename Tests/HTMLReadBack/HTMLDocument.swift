/// Reads back HTML as a tree, for tests: the pages this project writes and Chromium's
/// serialised DOM (`--dump-dom`), where every element but a void one is closed. Not a general
/// HTML parser: an end tag closes the nearest open element of its name, and an end tag with
/// none open is ignored.
public struct HTMLElement: Sendable {
  public var name: String
  public var attributes: [String: String]
  public var children: [HTMLNode]

  /// Every element below this one, in document order.
  public var descendants: [HTMLElement] {
    children.flatMap { child -> [HTMLElement] in
      guard case .element(let element) = child else { return [] }
      return [element] + element.descendants
    }
  }

  public func all(_ name: String) -> [HTMLElement] { descendants.filter { $0.name == name } }

  /// Elements with `name` in their `class` attribute.
  public func all(class name: String) -> [HTMLElement] {
    descendants.filter {
      ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(name))
    }
  }

  /// The text inside, entities decoded, runs of white space as one space, trimmed.
  public var text: String {
    rawText.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\u{A0}" })
      .joined(separator: " ")
  }

  var rawText: String {
    children.map { child in
      switch child {
      case .text(let text): return text
      case .element(let element): return element.rawText
      }
    }.joined()
  }
}

public enum HTMLNode: Sendable {
  case element(HTMLElement)
  case text(String)
}

public enum HTMLDocument {
  static let voidElements: Set<String> = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
  ]

  /// The document as the children of a root element named `#document`.
  public static func parse(_ html: String) -> HTMLElement {
    var stack = [HTMLElement(name: "#document", attributes: [:], children: [])]
    func append(_ node: HTMLNode) { stack[stack.count - 1].children.append(node) }
    func close(through index: Int) {
      while stack.count > index {
        let element = stack.removeLast()
        stack[stack.count - 1].children.append(.element(element))
      }
    }
    var rest = Substring(html)
    var rawTextEnd: String?  // inside <style> or <script>: text up to the end tag
    while !rest.isEmpty {
      if let end = rawTextEnd {
        let range = rest.firstRange(of: end) ?? (rest.endIndex..<rest.endIndex)
        append(.text(String(rest[..<range.lowerBound])))
        rest = rest[range.lowerBound...]
        rawTextEnd = nil
        continue
      }
      guard let open = rest.firstIndex(of: "<") else {
        append(.text(decode(rest)))
        break
      }
      if open > rest.startIndex { append(.text(decode(rest[..<open]))) }
      rest = rest[open...]
      if rest.hasPrefix("<!--") {
        rest = rest.firstRange(of: "-->").map { rest[$0.upperBound...] } ?? ""
        continue
      }
      guard let tagEnd = rest.firstIndex(of: ">") else { break }
      let tag = rest[rest.index(after: rest.startIndex)..<tagEnd]
      rest = rest[rest.index(after: tagEnd)...]
      if tag.hasPrefix("!") { continue }  // <!DOCTYPE html>
      if tag.hasPrefix("/") {
        let name = tag.dropFirst().trimmingWhitespace.lowercased()
        if let index = stack.lastIndex(where: { $0.name == name }), index > 0 {
          close(through: index)
        }
        continue
      }
      let (name, attributes, selfClosing) = parseTag(tag)
      let element = HTMLElement(name: name, attributes: attributes, children: [])
      if voidElements.contains(name) || selfClosing {
        append(.element(element))
      } else {
        stack.append(element)
        if name == "style" || name == "script" { rawTextEnd = "</\(name)" }
      }
    }
    close(through: 1)
    return stack[0]
  }

  static func parseTag(_ tag: Substring) -> (String, [String: String], Bool) {
    var text = tag
    let selfClosing = text.hasSuffix("/")
    if selfClosing { text = text.dropLast() }
    let nameEnd = text.firstIndex(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) ?? text.endIndex
    let name = text[..<nameEnd].lowercased()
    var attributes: [String: String] = [:]
    var rest = text[nameEnd...].trimmingWhitespace
    while !rest.isEmpty {
      let keyEnd = rest.firstIndex(where: { $0 == "=" || $0 == " " || $0 == "\n" }) ?? rest.endIndex
      let key = rest[..<keyEnd].lowercased()
      rest = rest[keyEnd...].trimmingWhitespace
      var value = ""
      if rest.hasPrefix("=") {
        rest = rest.dropFirst().trimmingWhitespace
        if let quote = rest.first, quote == "\"" || quote == "'" {
          let body = rest.dropFirst()
          let end = body.firstIndex(of: quote) ?? body.endIndex
          value = decode(body[..<end])
          rest = end < body.endIndex ? body[body.index(after: end)...] : ""
        } else {
          let end = rest.firstIndex(where: { $0 == " " || $0 == "\n" }) ?? rest.endIndex
          value = decode(rest[..<end])
          rest = rest[end...]
        }
      }
      if !key.isEmpty { attributes[key] = value }
      rest = rest.trimmingWhitespace
    }
    return (name, attributes, selfClosing)
  }

  /// Decodes the entities these pages use: the five XML ones, `&nbsp;` and numeric ones.
  static func decode(_ text: Substring) -> String {
    guard text.contains("&") else { return String(text) }
    var result = ""
    var rest = text
    while let amp = rest.firstIndex(of: "&") {
      result += rest[..<amp]
      rest = rest[amp...]
      guard let semicolon = rest.firstIndex(of: ";"), rest.distance(from: amp, to: semicolon) < 10
      else {
        result += "&"
        rest = rest.dropFirst()
        continue
      }
      let entity = rest[rest.index(after: amp)..<semicolon]
      let named = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
      if let character = named[String(entity)] {
        result += character
      } else if entity.hasPrefix("#x") || entity.hasPrefix("#X"),
        let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code)
      {
        result.unicodeScalars.append(scalar)
      } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()),
        let scalar = Unicode.Scalar(code)
      {
        result.unicodeScalars.append(scalar)
      } else {
        result += "&" + entity + ";"
      }
      rest = rest[rest.index(after: semicolon)...]
    }
    return result + rest
  }
}

extension Substring {
  fileprivate var trimmingWhitespace: Substring {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return self[first...last]
  }
}
