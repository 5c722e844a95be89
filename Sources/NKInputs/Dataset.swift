import Foundation
import NKPeriods

// The validated contents of `Inputs/`: what the summary stage computes from.
// Every row remembers the physical line it came from, so later stages can point at it.

/// Whether a published figure is final or may still be revised (the optional `status`
/// column of `arrivals.csv` and `checkpoints.csv`; the Ministry marks it 잠정 / 暂定 /
/// provisional).
public enum FigureStatus: String, CaseIterable, Hashable, Sendable {
  case final, provisional
}

/// One accepted row of `arrivals.csv`.
public struct ArrivalRow: Hashable, Sendable {
  public var period: Period
  /// `nil` when the file leaves the split by sex blank (unknown, not zero).
  public var male: Int?
  public var female: Int?
  /// Given, or `male + female` when the `total` cell is blank or absent.
  public var total: Int
  public var note: String
  /// `final` when the file has no `status` column or leaves the cell blank.
  public var status: FigureStatus
  public var line: Int

  public init(
    period: Period, male: Int?, female: Int?, total: Int, note: String = "",
    status: FigureStatus = .final, line: Int
  ) {
    self.period = period
    self.male = male
    self.female = female
    self.total = total
    self.note = note
    self.status = status
    self.line = line
  }
}

public enum DepartureReason: String, CaseIterable, Hashable, Sendable {
  case death, emigration, `return`, other
}

/// One accepted row of `departures.csv`.
public struct DepartureRow: Hashable, Sendable {
  public var period: Period
  public var count: Int
  public var reason: DepartureReason?
  public var line: Int

  public init(period: Period, count: Int, reason: DepartureReason? = nil, line: Int) {
    self.period = period
    self.count = count
    self.reason = reason
    self.line = line
  }
}

/// What a checkpoint's published figure counts (the optional `measure` column).
public enum CheckpointMeasure: String, CaseIterable, Hashable, Sendable {
  /// North Koreans living in the South at the date: arrivals − departures (the default).
  case residents
  /// Every arrival up to the date (the Ministry's "total" column).
  case cumulativeArrivals = "cumulative_arrivals"
}

/// One accepted row of `checkpoints.csv`: a published total to reconcile against, and an
/// anchor from which the matching cumulative figure runs.
public struct Checkpoint: Hashable, Sendable {
  public var date: Day
  /// The published figure (the `residents` column, whatever its `measure`).
  public var residents: Int
  public var source: String
  public var measure: CheckpointMeasure
  /// `provisional` when the figure includes provisional counts (`final` by default).
  public var status: FigureStatus
  public var line: Int

  public init(
    date: Day, residents: Int, source: String, measure: CheckpointMeasure = .residents,
    status: FigureStatus = .final, line: Int
  ) {
    self.date = date
    self.residents = residents
    self.source = source
    self.measure = measure
    self.status = status
    self.line = line
  }
}

public enum ProviderType: String, CaseIterable, Hashable, Sendable {
  case civic, government, international
}

public enum AidStatus: String, CaseIterable, Hashable, Sendable {
  case authorised, delivered
  case onHold = "on_hold"
  case cancelled
}

/// One accepted row of `aid.csv`.
public struct AidRecord: Hashable, Sendable {
  public var id: String
  public var authorised: Day
  public var provider: String
  public var providerType: ProviderType
  /// Trimmed; compare with `categoryKey`.
  public var category: String
  public var description: String
  /// In `currency` units; exact decimal as written.
  public var amount: Decimal
  /// ISO 4217 code, upper case.
  public var currency: String
  public var status: AidStatus
  public var delivered: Day?
  public var line: Int

  public init(
    id: String, authorised: Day, provider: String, providerType: ProviderType, category: String,
    description: String = "", amount: Decimal, currency: String, status: AidStatus,
    delivered: Day? = nil, line: Int
  ) {
    self.id = id
    self.authorised = authorised
    self.provider = provider
    self.providerType = providerType
    self.category = category
    self.description = description
    self.amount = amount
    self.currency = currency
    self.status = status
    self.delivered = delivered
    self.line = line
  }

  /// Categories are compared case-insensitively after trimming.
  public var categoryKey: String { category.lowercased() }
}

/// One accepted row of `fx.csv`.
public struct ExchangeRate: Hashable, Sendable {
  public var month: YearMonth
  public var currency: String
  public var krwPerUnit: Decimal
  public var line: Int

  public init(month: YearMonth, currency: String, krwPerUnit: Decimal, line: Int) {
    self.month = month
    self.currency = currency
    self.krwPerUnit = krwPerUnit
    self.line = line
  }
}

/// KRW per unit of each currency by month, with the contract's fall-back: a month without a
/// rate uses the latest earlier month's rate.
public struct ExchangeRates: Hashable, Sendable {
  /// Sorted by month within each currency.
  private var ratesByCurrency: [String: [ExchangeRate]]

  public init(_ rates: [ExchangeRate]) {
    ratesByCurrency = Dictionary(grouping: rates, by: \.currency).mapValues {
      $0.sorted { $0.month < $1.month }
    }
  }

  public struct Lookup: Hashable, Sendable {
    public var krwPerUnit: Decimal
    /// The month whose rate was used; earlier than the month asked for on a fall-back.
    public var rateMonth: YearMonth
    public var isFallBack: Bool
  }

  /// KRW per unit of `currency` in `month`; KRW is always 1. `nil` when no rate exists in or
  /// before `month`.
  public func rate(_ currency: String, in month: YearMonth) -> Lookup? {
    if currency == "KRW" { return Lookup(krwPerUnit: 1, rateMonth: month, isFallBack: false) }
    guard let rates = ratesByCurrency[currency] else { return nil }
    // Binary search for the last rate at or before `month`.
    var low = 0
    var high = rates.count
    while low < high {
      let mid = (low + high) / 2
      if rates[mid].month <= month { low = mid + 1 } else { high = mid }
    }
    guard low > 0 else { return nil }
    let found = rates[low - 1]
    return Lookup(
      krwPerUnit: found.krwPerUnit, rateMonth: found.month, isFallBack: found.month != month)
  }

  public var currencies: [String] { ratesByCurrency.keys.sorted() }
  public var isEmpty: Bool { ratesByCurrency.isEmpty }
  public var all: [ExchangeRate] { currencies.flatMap { ratesByCurrency[$0] ?? [] } }
}

/// What was read from one input file, for row accounting, `validate` and `run.json`.
public struct InputFileSummary: Hashable, Sendable {
  /// File name as given under the inputs folder, e.g. `arrivals.csv`.
  public var name: String
  public var path: String
  /// `false` for an optional file that is absent.
  public var isPresent: Bool
  public var bytes: Int
  /// Lower-case hex SHA-256 of the file's bytes.
  public var sha256: String
  public var rowsRead: Int
  public var rowsAccepted: Int
  public var rowsRejected: Int { rowsRead - rowsAccepted }

  public init(
    name: String, path: String, isPresent: Bool, bytes: Int, sha256: String, rowsRead: Int,
    rowsAccepted: Int
  ) {
    self.name = name
    self.path = path
    self.isPresent = isPresent
    self.bytes = bytes
    self.sha256 = sha256
    self.rowsRead = rowsRead
    self.rowsAccepted = rowsAccepted
  }
}

/// One problem found in an input file: `file:line: column: reason (value)`.
public struct InputProblem: Hashable, Sendable, CustomStringConvertible {
  public var file: String
  /// Physical line (1-based) where the row starts; 0 when the problem is the file as a whole.
  public var line: Int
  /// Column name (header), or empty when the problem is not about one column.
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

  public var description: String {
    var text = line > 0 ? "\(file):\(line): " : "\(file): "
    if !column.isEmpty { text += "\(column): " }
    text += reason
    if !value.isEmpty { text += " (\(value.debugDescriptionTruncated))" }
    return text
  }
}

extension String {
  /// The value as shown in messages: quoted, escaped, at most 80 characters.
  var debugDescriptionTruncated: String {
    let limit = 80
    let shown = count > limit ? String(prefix(limit)) + "…" : self
    return quotedForMessage(shown)
  }
}

/// A notice the report shows its reader (e.g. an exchange-rate fall-back).
public struct InputWarning: Hashable, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension Dataset {
  /// True when the loader looked for the optional file `name` and found none. A dataset built
  /// in code lists no files and has every ledger it was given.
  public func isAbsent(_ name: String) -> Bool {
    files.contains { $0.name == name && !$0.isPresent }
  }
}
