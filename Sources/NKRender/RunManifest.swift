import Foundation
import NKPeriods
import NKSummary

/// `run.json`: what was read, what was computed and what was written, for operators and
/// for the next run (which compares content digests to know whether anything changed).
struct RunManifest: Encodable {
  struct Tool: Encodable {
    var name = "nkreport"
    var version: String
  }

  struct Input: Encodable {
    var name: String
    var path: String
    var present: Bool
    var bytes: Int
    var rowsRead: Int
    var rowsAccepted: Int
    var rowsRejected: Int
    var sha256: String

    enum CodingKeys: String, CodingKey {
      case name, path, present, bytes, sha256
      case rowsRead = "rows_read"
      case rowsAccepted = "rows_accepted"
      case rowsRejected = "rows_rejected"
    }
  }

  struct Warning: Encodable {
    var kind: String
    var message: String
  }

  var tool: Tool
  var period: String
  var window: String
  var previousWindow: String
  var dataThrough: String
  var inputs: [Input]
  /// summary.csv's metrics; `null` where not computable.
  var figures: [String: FigureValue]
  var warnings: [Warning]
  var rejectedRows: Int
  var outputs: [String: String]
  var contentSHA256: String
  var revision: RevisionInfo?

  struct RevisionInfo: Encodable {
    var previous: String
    var changedFiles: [String]
    var changedFigures: [[String: String]]

    enum CodingKeys: String, CodingKey {
      case previous
      case changedFiles = "changed_files"
      case changedFigures = "changed_figures"
    }
  }

  enum CodingKeys: String, CodingKey {
    case tool, period, window, inputs, figures, warnings, outputs, revision
    case previousWindow = "previous_window"
    case dataThrough = "data_through"
    case rejectedRows = "rejected_rows"
    case contentSHA256 = "content_sha256"
  }

  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }
}

/// A figure as run.json writes it: typed JSON, `null` when not computable.
enum FigureValue: Encodable, Equatable {
  case text(String)
  case integer(Int)
  case decimal(Decimal)
  /// Already rounded to the contract's four decimal places.
  case fraction(Double)
  case unavailable

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .text(let value): try container.encode(value)
    case .integer(let value): try container.encode(value)
    case .decimal(let value): try container.encode(value)
    case .fraction(let value): try container.encode(value)
    case .unavailable: try container.encodeNil()
    }
  }
}

extension FigureValue {
  /// `value` as published (`MetricValue.published`), typed for JSON.
  init(published value: MetricValue) {
    switch value {
    case .text(let text): self = .text(text)
    case .count(let count): self = .integer(count)
    case .money(let amount, _): self = .decimal(amount)
    case .fraction(let fraction): self = .fraction(fraction)
    case .notComputable: self = .unavailable
    }
  }
}
