import Foundation
import NKPeriods

/// One aid record as the report shows it (`aid-records.csv`, the Aid records sheet).
public struct AidRecordRow: Hashable, Sendable {
  public var id: String
  public var authorised: Day
  public var provider: String
  public var providerType: String
  public var category: String
  public var description: String
  public var amount: Decimal
  public var currency: String
  public var status: String
  public var delivered: Day?
  /// As at the end of P: at the rate of the delivery month for rows delivered by then, else
  /// of the authorised month (as pending aid is valued).
  public var valueKRW: Figure<Decimal>
  public var valueUSD: Figure<Decimal>
  /// Source line in `aid.csv`.
  public var line: Int

  public init(
    id: String, authorised: Day, provider: String, providerType: String, category: String,
    description: String, amount: Decimal, currency: String, status: String, delivered: Day?,
    valueKRW: Figure<Decimal>, valueUSD: Figure<Decimal>, line: Int
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
    self.valueKRW = valueKRW
    self.valueUSD = valueUSD
    self.line = line
  }

  public static let csvColumns = [
    "id", "authorised", "provider", "provider_type", "category", "description", "amount",
    "currency", "status", "delivered", "value_krw", "value_usd",
  ]
}
