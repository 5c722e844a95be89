import Foundation

/// The report's metrics: the rows of `summary.csv` (in this order, `period` first) and the
/// `figures` of `run.json`. The raw values are the contract's metric names.
public enum Metric: String, CaseIterable, Hashable, Sendable {
  case period
  case arrivalsYTD = "arrivals_ytd"
  case arrivalsYTDPrevious = "arrivals_ytd_prev"
  case arrivalsChange = "arrivals_change"
  case arrivalsChangeFraction = "arrivals_change_pct"
  case residents
  case aidAuthorised = "aid_authorised"
  case aidDeliveredValueKRW = "aid_delivered_value_krw"
  case aidDeliveredValueUSD = "aid_delivered_value_usd"
  case aidDeliveredProviders = "aid_delivered_providers"
  case aidPending = "aid_pending"
  case aidPendingValueKRW = "aid_pending_value_krw"
  case aidPendingValueUSD = "aid_pending_value_usd"

  /// What kind of value the metric has, known even when the value is not computable (a
  /// renderer picks its format by it; an earlier run.json's number is read back by it).
  public enum Kind: Hashable, Sendable {
    case text
    case count
    case money(Currency)
    /// A fraction (−0.0029 for −0.29 %).
    case fraction
  }

  public var kind: Kind {
    switch self {
    case .period: return .text
    case .arrivalsChangeFraction: return .fraction
    case .aidDeliveredValueKRW, .aidPendingValueKRW: return .money(.krw)
    case .aidDeliveredValueUSD, .aidPendingValueUSD: return .money(.usd)
    case .arrivalsYTD, .arrivalsYTDPrevious, .arrivalsChange, .residents, .aidAuthorised,
      .aidDeliveredProviders, .aidPending:
      return .count
    }
  }

  /// The metric's value in `model`, exact (money is rounded only where it is written).
  public func value(in model: ReportModel) -> MetricValue {
    let headline = model.headline
    switch self {
    case .period: return .text(model.period.description)
    case .arrivalsYTD: return MetricValue(headline.arrivalsYTD)
    case .arrivalsYTDPrevious: return MetricValue(headline.arrivalsYTDPrevious)
    case .arrivalsChange: return MetricValue(headline.arrivalsChange)
    case .arrivalsChangeFraction: return MetricValue(headline.arrivalsChangeFraction)
    case .residents: return MetricValue(headline.residents)
    case .aidAuthorised: return MetricValue(headline.aidAuthorised)
    case .aidDeliveredValueKRW: return MetricValue(headline.aidDeliveredValueKRW, .krw)
    case .aidDeliveredValueUSD: return MetricValue(headline.aidDeliveredValueUSD, .usd)
    case .aidDeliveredProviders: return MetricValue(headline.aidDeliveredProviders)
    case .aidPending: return MetricValue(headline.aidPending)
    case .aidPendingValueKRW: return MetricValue(headline.aidPendingValueKRW, .krw)
    case .aidPendingValueUSD: return MetricValue(headline.aidPendingValueUSD, .usd)
    }
  }
}

/// The currencies the report values aid in.
public enum Currency: String, Hashable, Sendable {
  case krw = "KRW"
  case usd = "USD"
}

/// A metric's value, typed: not computable is a state of its own, with its reason.
public enum MetricValue: Hashable, Sendable {
  case text(String)
  case count(Int)
  /// An amount in `currency`; written at the currency's minor unit.
  case money(Decimal, Currency)
  /// A fraction (−0.0029 for −0.29 %).
  case fraction(Double)
  case notComputable(reason: UnavailableReason)

  public init(_ figure: Figure<Int>) {
    switch figure {
    case .known(let value): self = .count(value)
    case .unavailable(let reason): self = .notComputable(reason: reason)
    }
  }

  public init(_ figure: Figure<Double>) {
    switch figure {
    case .known(let value): self = .fraction(value)
    case .unavailable(let reason): self = .notComputable(reason: reason)
    }
  }

  public init(_ figure: Figure<Decimal>, _ currency: Currency) {
    switch figure {
    case .known(let value): self = .money(value, currency)
    case .unavailable(let reason): self = .notComputable(reason: reason)
    }
  }
}
