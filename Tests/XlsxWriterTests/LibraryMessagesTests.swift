import Foundation
import Testing
import XlsxWriter

/// libxlsxwriter's own stderr lines reach the handler, with the workbook they concern.
@Suite("libxlsxwriter's messages", .serialized)
struct LibraryMessagesTests {
  final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [LibraryMessages.Message] = []
    func add(_ message: LibraryMessages.Message) { lock.withLock { messages.append(message) } }
    var all: [LibraryMessages.Message] { lock.withLock { messages } }
  }

  @Test func aWorkbookClosedOntoAFullDeviceReportsTheLibrarysErrorsToTheHandler() throws {
    let received = Received()
    LibraryMessages.handler = { received.add($0) }
    defer { LibraryMessages.handler = nil }
    // /dev/full: every write fails with ENOSPC, as on a full disk.
    let workbook = try Workbook(path: "/dev/full")
    let sheet = try workbook.addWorksheet(named: "Data")
    for row in 0..<200 {
      try sheet.write("row \(row) of a workbook that cannot be written", row: row, column: 0)
    }
    #expect(throws: XlsxError.self) { try workbook.close() }
    // Other suites' workbooks may close meanwhile: only this one's messages count.
    let messages = received.all.filter { $0.file == "/dev/full" }
    #expect(!messages.isEmpty)
    #expect(messages.contains { $0.isError && $0.text.hasPrefix("[ERROR][") }, "\(messages)")
  }

  @Test func aSuccessfulCloseReportsNothing() throws {
    let received = Received()
    LibraryMessages.handler = { received.add($0) }
    defer { LibraryMessages.handler = nil }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "library-messages-\(UUID().uuidString).xlsx"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let workbook = try Workbook(path: path)
    try workbook.addWorksheet(named: "Data").write(1.5, row: 0, column: 0)
    try workbook.close()
    #expect(received.all.filter { $0.file == path }.isEmpty)
    #expect(FileManager.default.fileExists(atPath: path))
  }
}
