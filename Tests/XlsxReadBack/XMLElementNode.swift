import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A tiny XML element tree for test assertions on .xlsx parts; names are local names
/// (namespace prefixes dropped). Shared by every test target that reads a workbook back.
public final class XMLElementNode {
  public let name: String
  public let attributes: [String: String]
  public internal(set) var children: [XMLElementNode] = []
  public internal(set) var text = ""

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  public struct ParseFailure: Error, CustomStringConvertible {
    public var description: String
  }

  public static func parse(_ data: Data) throws -> XMLElementNode {
    let builder = TreeBuilder()
    let parser = XMLParser(data: data)
    parser.delegate = builder
    guard parser.parse(), let root = builder.root else {
      throw ParseFailure(description: String(describing: parser.parserError))
    }
    return root
  }

  /// All descendants (and self) with a local name, in document order.
  public func all(_ name: String) -> [XMLElementNode] {
    var result: [XMLElementNode] = []
    var stack: [XMLElementNode] = [self]
    while let node = stack.popLast() {
      if node.name == name { result.append(node) }
      stack.append(contentsOf: node.children.reversed())
    }
    return result
  }

  public func first(_ name: String) -> XMLElementNode? { all(name).first }

  public func children(named name: String) -> [XMLElementNode] {
    children.filter { $0.name == name }
  }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
  var root: XMLElementNode?
  var stack: [XMLElementNode] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
    let node = XMLElementNode(name: local, attributes: attributeDict)
    if let parent = stack.last { parent.children.append(node) } else { root = node }
    stack.append(node)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?
  ) {
    _ = stack.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }
}
