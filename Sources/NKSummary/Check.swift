import Foundation
import NKPeriods

/// One row of `checks.csv`.
public struct Check: Hashable, Sendable {
  public enum Status: String, Hashable, Sendable {
    case ok, mismatch
    case notComputable = "not_computable"
  }
  public var name: String
  public var expected: Figure<Decimal>
  public var computed: Figure<Decimal>
  /// computed − expected.
  public var difference: Figure<Decimal>
  public var status: Status
  /// What the check compares, for the Checks sheet.
  public var detail: CheckDetail
  /// What the computed figure runs from, for cumulative figures (a checkpoint, the open-start
  /// row); else nil.
  public var anchor: FigureAnchor?

  public init(
    name: String, expected: Figure<Decimal>, computed: Figure<Decimal>, difference: Figure<Decimal>,
    status: Status, detail: CheckDetail, anchor: FigureAnchor? = nil
  ) {
    self.name = name
    self.expected = expected
    self.computed = computed
    self.difference = difference
    self.status = status
    self.detail = detail
    self.anchor = anchor
  }
}
