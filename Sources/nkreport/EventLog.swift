import Foundation
import Logging
import XlsxWriter

#if canImport(Glibc)
  import Glibc
#endif

/// One line per event on stderr, for journald: `nkreport: <level>: <event> key=value …`.
/// No timestamps: the journal adds its own. Under journald each line starts with its syslog
/// priority (`<3>` … `<7>`, read by systemd's `SyslogLevelPrefix=`), so `journalctl -p err`
/// shows the program's own errors.
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
    Journal.write(line, priority: Journal.Priority(event.level))
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
    let logger = Logger(label: "nkreport")
    // libxlsxwriter prints its own "[ERROR][src/…]: …" lines on stderr: log them instead, at
    // error priority, with the workbook they concern (`journalctl -p err` shows them).
    LibraryMessages.handler = { message in
      let text = message.text.replacingOccurrences(
        of: #"^\[(ERROR|WARNING)\]\s*"#, with: "", options: .regularExpression)
      let metadata: Logger.Metadata = ["file": "\(message.file)", "library": "libxlsxwriter"]
      if message.isError {
        logger.error("libxlsxwriter: \(text)", metadata: metadata)
      } else {
        logger.warning("libxlsxwriter: \(text)", metadata: metadata)
      }
    }
    return logger
  }()
}

/// Lines on stderr, each with its syslog priority prefix when stderr is the journal.
enum Journal {
  enum Priority: Int {
    case error = 3
    case warning = 4
    case notice = 5
    case info = 6
    case debug = 7

    init(_ level: Logger.Level) {
      switch level {
      case .critical, .error: self = .error
      case .warning: self = .warning
      case .notice: self = .notice
      case .info: self = .info
      case .debug, .trace: self = .debug
      }
    }
  }

  /// True when stderr is the stream systemd connected to the journal: `JOURNAL_STREAM` names
  /// its device and inode (see systemd.exec(5)), so a redirected stderr gets no prefixes.
  static let isStderrJournal: Bool = {
    guard let value = ProcessInfo.processInfo.environment["JOURNAL_STREAM"] else { return false }
    let parts = value.split(separator: ":")
    guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
      return false
    }
    var status = stat()
    guard fstat(STDERR_FILENO, &status) == 0 else { return false }
    return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
  }()

  static func write(_ line: String, priority: Priority) {
    let prefix = isStderrJournal ? "<\(priority.rawValue)>" : ""
    FileHandle.standardError.write(Data((prefix + line + "\n").utf8))
  }
}

/// A line for the operator on stderr (a problem, an error's explanation): priority error
/// unless told otherwise.
func printError(_ text: String, priority: Journal.Priority = .error) {
  Journal.write(text, priority: priority)
}
