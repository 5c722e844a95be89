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

extension Headline {
  /// summary.csv's metrics as typed values, in `metricNames` order (period first).
  func figureValues(period: YearMonth) -> [(String, FigureValue)] {
    func count(_ figure: Figure<Int>) -> FigureValue {
      figure.value.map(FigureValue.integer) ?? .unavailable
    }
    // At the minor unit, rounded half-even once from the exact value.
    func money(_ figure: Figure<Decimal>, _ places: Int) -> FigureValue {
      figure.value.map { .decimal(MinorUnit.rounded($0, places: places)) } ?? .unavailable
    }
    func fraction(_ figure: Figure<Double>) -> FigureValue {
      figure.value.map { .fraction(($0 * 10_000).rounded() / 10_000) } ?? .unavailable
    }
    return [
      ("period", .text(period.description)),
      ("arrivals_ytd", count(arrivalsYTD)),
      ("arrivals_ytd_prev", count(arrivalsYTDPrevious)),
      ("arrivals_change", count(arrivalsChange)),
      ("arrivals_change_pct", fraction(arrivalsChangeFraction)),
      ("residents", count(residents)),
      ("aid_authorised", count(aidAuthorised)),
      ("aid_delivered_value_krw", money(aidDeliveredValueKRW, MinorUnit.krw)),
      ("aid_delivered_value_usd", money(aidDeliveredValueUSD, MinorUnit.usd)),
      ("aid_delivered_providers", count(aidDeliveredProviders)),
      ("aid_pending", count(aidPending)),
      ("aid_pending_value_krw", money(aidPendingValueKRW, MinorUnit.krw)),
      ("aid_pending_value_usd", money(aidPendingValueUSD, MinorUnit.usd)),
    ]
  }
}
