import Foundation
import NKSummary

/// A metric with its value as `summary.csv` and `run.json` publish it.
public struct ReportFigure: Hashable, Sendable {
  public var metric: Metric
  public var value: MetricValue

  public init(_ metric: Metric, _ value: MetricValue) {
    self.metric = metric
    self.value = value
  }

  /// Every metric of `model`, in the contract's order, as published.
  public static func published(in model: ReportModel) -> [ReportFigure] {
    Metric.allCases.map { ReportFigure($0, $0.value(in: model).published) }
  }
}

extension MetricValue {
  /// The value as `summary.csv` and `run.json` give it: money rounded half-even, once, from the
  /// exact value to its currency's minor unit; a fraction to four decimals (half away from
  /// zero, as `NumberText.fraction` writes it).
  public var published: MetricValue {
    switch self {
    case .money(let amount, let currency):
      return .money(MinorUnit.rounded(amount, places: MinorUnit.exponent(currency)), currency)
    case .fraction(let fraction): return .fraction((fraction * 10_000).rounded() / 10_000)
    case .text, .count, .notComputable: return self
    }
  }

  /// The value's text in `summary.csv`: blank when not computable, `-3`, `-0.0029`,
  /// `8000000.00`. Money is padded to its currency's minor unit but not rounded here (that is
  /// `published`'s job), so an amount published unrounded by an earlier version keeps its
  /// digits when read back.
  public var summaryText: String {
    switch self {
    case .text(let text): return text
    case .count(let count): return String(count)
    case .money(let amount, let currency):
      var bytes: [UInt8] = []
      MinorUnit.appendAmount(amount, currency: currency.rawValue, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    case .fraction(let fraction): return NumberText.fraction(fraction) ?? ""
    case .notComputable: return ""
    }
  }
}

extension MinorUnit {
  static func exponent(_ currency: Currency) -> Int { exponent(currency.rawValue) }
}
