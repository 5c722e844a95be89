import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// libxlsxwriter reports some failures by printing to stderr itself
/// (`[ERROR][./src/packager.c:1541]: Error in closing member in the zipfile`), outside the
/// caller's log format and priorities. While a library call that may do so runs, the process's
/// stderr goes to a pipe; afterwards the library's `[ERROR]`/`[WARNING]` lines are handed to
/// ``handler`` with the file they concern, and anything else caught meanwhile (another
/// thread's output) is written on to the real stderr. Without a handler, everything is
/// written on unchanged.
public enum LibraryMessages {
  /// A line libxlsxwriter printed.
  public struct Message: Sendable, Equatable {
    /// The line as printed, e.g. `[ERROR][./src/packager.c:1541]: Error in closing member …`.
    public var text: String
    /// True for `[ERROR]`, false for `[WARNING]`.
    public var isError: Bool
    /// The workbook the call was working on.
    public var file: String
  }

  /// Receives the library's messages; set once at start-up (e.g. to log them).
  public static var handler: (@Sendable (Message) -> Void)? {
    get { lock.withLock { installedHandler } }
    set { lock.withLock { installedHandler = newValue } }
  }

  nonisolated(unsafe) private static var installedHandler: (@Sendable (Message) -> Void)?
  /// Guards the handler, and makes captures one at a time (stderr is one per process).
  private static let lock = NSLock()
  private static let captureLock = NSLock()

  /// Runs `body` with stderr captured (when a handler is set), then routes what it printed.
  static func capture<Result>(file: String, _ body: () -> Result) -> Result {
    guard let handler else { return body() }
    captureLock.lock()
    defer { captureLock.unlock() }
    fflush(nil)  // all C streams: the library's stderr output so far goes where it was
    var ends: [Int32] = [0, 0]
    let saved = dup(STDERR_FILENO)
    guard saved >= 0, pipe(&ends) == 0 else {
      if saved >= 0 { close(saved) }
      return body()
    }
    // A reader drains the pipe while the call runs, so a chatty library never blocks on it.
    let collected = Collected()
    let readEnd = ends[0]
    let reader = Thread { collected.drain(readEnd) }
    reader.start()
    dup2(ends[1], STDERR_FILENO)
    close(ends[1])
    let result = body()
    fflush(nil)
    dup2(saved, STDERR_FILENO)  // closes the pipe's last write end: the reader sees EOF
    close(saved)
    collected.finished.wait()
    close(ends[0])

    var passThrough = Data()
    for line in collected.data.split(separator: UInt8(ascii: "\n")) {
      let text = String(decoding: line, as: UTF8.self)
      if text.hasPrefix("[ERROR]") || text.hasPrefix("[WARNING]") {
        handler(Message(text: text, isError: text.hasPrefix("[ERROR]"), file: file))
      } else {
        passThrough += line + [UInt8(ascii: "\n")]
      }
    }
    if !passThrough.isEmpty { FileHandle.standardError.write(passThrough) }
    return result
  }

  /// The bytes read from the pipe; `finished` is signalled at end of file.
  private final class Collected: @unchecked Sendable {
    var data = Data()
    let finished = DispatchSemaphore(value: 0)

    func drain(_ descriptor: Int32) {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
          data.append(contentsOf: buffer[..<count])
        } else if count < 0 && errno == EINTR {
          continue
        } else {
          break
        }
      }
      finished.signal()
    }
  }
}
