import Foundation
import NKPeriods

/// An input file as the report cites it (Summary sheet, run.json).
public struct SourceFile: Hashable, Sendable {
  public var name: String
  public var path: String
  public var isPresent: Bool
  public var bytes: Int
  public var sha256: String
  public var rowsRead: Int
  public var rowsAccepted: Int
  public var rowsRejected: Int

  public init(
    name: String, path: String, isPresent: Bool, bytes: Int, sha256: String, rowsRead: Int,
    rowsAccepted: Int, rowsRejected: Int
  ) {
    self.name = name
    self.path = path
    self.isPresent = isPresent
    self.bytes = bytes
    self.sha256 = sha256
    self.rowsRead = rowsRead
    self.rowsAccepted = rowsAccepted
    self.rowsRejected = rowsRejected
  }
}

/// One line of `rejects.csv`.
public struct RejectedRow: Hashable, Sendable {
  public var file: String
  public var line: Int
  public var column: String
  public var value: String
  public var reason: String

  public init(file: String, line: Int, column: String, value: String, reason: String) {
    self.file = file
    self.line = line
    self.column = column
    self.value = value
    self.reason = reason
  }
}
