import Foundation
import NKPeriods
import NKRender
import NKSummary

/// `run.json`: what was read, what was computed and what was written, for operators and
/// for the next run (which compares content digests to know whether anything changed, and
/// this run's figures with its own to list what a revision changed).
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
  /// summary.csv's metrics by name; `null` where not computable.
  var figures: [String: ManifestFigure]
  var warnings: [Warning]
  var rejectedRows: Int
  var outputs: [String: String]
  var contentSHA256: String
  var revision: Revision?
  /// What changed since the earlier report.
  var comparison: ManifestComparison
  /// The rows marked provisional, by file.
  var provisional: [String: [String]]
  var lineage: [String: [String]]
  var lineageNotComputable: [String: ManifestNotComputable]

  enum CodingKeys: String, CodingKey {
    case tool, period, window, inputs, figures, warnings, outputs, revision, comparison
    case provisional, lineage
    case lineageNotComputable = "lineage_not_computable"
    case previousWindow = "previous_window"
    case dataThrough = "data_through"
    case rejectedRows = "rejected_rows"
    case contentSHA256 = "content_sha256"
  }

  init(_ report: RenderedReport, _ publication: Publication) {
    tool = Tool(version: report.toolVersion)
    period = report.period.description
    window = report.window.description
    previousWindow = report.previousWindow.description
    dataThrough = report.dataThrough.description
    inputs = report.inputs.map {
      Input(
        name: $0.name, path: $0.path, present: $0.isPresent, bytes: $0.bytes,
        rowsRead: $0.rowsRead, rowsAccepted: $0.rowsAccepted, rowsRejected: $0.rowsRejected,
        sha256: $0.sha256)
    }
    figures = Dictionary(
      report.figures.map { ($0.metric.rawValue, ManifestFigure($0.value)) },
      uniquingKeysWith: { first, _ in first })
    warnings = report.warnings.map { Warning(kind: $0.kind.rawValue, message: $0.message) }
    rejectedRows = report.rejectedRowCount
    outputs = publication.outputs
    contentSHA256 = publication.contentSHA256
    revision = publication.revision
    comparison = ManifestComparison(report.series)
    provisional = report.provisionalRows
    lineage = report.series.manifestLineage
    lineageNotComputable = report.series.manifestNotComputable
  }

  func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return try encoder.encode(self) + Data("\n".utf8)
  }
}

/// A figure as run.json holds it: typed JSON, `null` when not computable.
enum ManifestFigure: Codable, Equatable {
  case text(String)
  /// A count or an amount of money (at its minor unit), exactly as written.
  case number(Decimal)
  /// Rounded to four decimals; written as the shortest JSON number for that `Double`.
  case fraction(Double)
  case notComputable
  /// Read back only: JSON that is no figure (an object, a boolean), e.g. from an edited file.
  case unreadable

  init(_ value: MetricValue) {
    switch value {
    case .text(let text): self = .text(text)
    case .count(let count): self = .number(Decimal(count))
    case .money(let amount, _): self = .number(amount)
    case .fraction(let fraction): self = .fraction(fraction)
    case .notComputable: self = .notComputable
    }
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .notComputable
    } else if let text = try? container.decode(String.self) {
      self = .text(text)
    } else if let number = try? container.decode(Decimal.self) {
      self = .number(number)
    } else {
      self = .unreadable
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .text(let text): try container.encode(text)
    case .number(let number): try container.encode(number)
    case .fraction(let fraction): try container.encode(fraction)
    case .notComputable, .unreadable: try container.encodeNil()
    }
  }
}

extension ManifestFigure {
  /// The text `summary.csv` gave this figure of the metric named `name`, so that a revision
  /// lists figures as readers saw them. Numbers are read back by the metric's kind: `8000000`
  /// US$ was `8000000.00`; an amount an earlier version wrote unrounded keeps its digits.
  /// Blank when not computable or unreadable.
  func summaryText(metric name: String) -> String {
    switch self {
    case .text(let text): return text
    case .fraction(let fraction): return MetricValue.fraction(fraction).summaryText
    case .notComputable, .unreadable: return ""
    case .number(let number):
      switch Metric(rawValue: name)?.kind {
      case .money(let currency): return MetricValue.money(number, currency).summaryText
      case .fraction:
        // The decimal text as written parses to the same Double the encoder wrote.
        return Double(number.description).map { MetricValue.fraction($0).summaryText }
          ?? number.description
      case .count, .text, nil: return number.description
      }
    }
  }
}

/// `run.json` as an earlier publication wrote it, read leniently: a field that is missing or
/// malformed (an older version, an edited file) is `nil` and costs none of the others.
struct EarlierRunManifest: Decodable {
  var contentSHA256: String?
  var outputs: [String: String]?
  var figures: [String: ManifestFigure]?
  var revision: Revision?

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: RunManifest.CodingKeys.self)
    contentSHA256 = try? container.decodeIfPresent(String.self, forKey: .contentSHA256)
    outputs = try? container.decodeIfPresent([String: String].self, forKey: .outputs)
    figures = try? container.decodeIfPresent([String: ManifestFigure].self, forKey: .figures)
    revision = try? container.decodeIfPresent(Revision.self, forKey: .revision)
  }
}
