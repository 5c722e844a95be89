import Foundation
import Logging

/// One line per event on stderr, for journald: `nkreport: <level>: <event> key=value …`.
/// No timestamps: the journal adds its own.
struct EventLogHandler: LogHandler {
  var logLevel: Logger.Level = .info
  var metadata: Logger.Metadata = [:]

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(event: LogEvent) {
    let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
    // One event, one line: line breaks inside a message or value are escaped.
    var line = "nkreport: \(event.level): \(Self.oneLine("\(event.message)"))"
    for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
      line += " \(key)=\(Self.quoted("\(value)"))"
    }
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }

  private static func quoted(_ value: String) -> String {
    value.contains(where: {
      $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline
        || $0.asciiValue.map { $0 < 0x20 } == true
    })
      ? value.debugDescription : value
  }

  private static func oneLine(_ text: String) -> String {
    text.contains(where: \.isNewline)
      ? text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
      : text
  }
}

enum EventLog {
  static let logger: Logger = {
    LoggingSystem.bootstrap { _ in EventLogHandler() }
    return Logger(label: "nkreport")
  }()
}

func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
