/// A figure of the report: either a value, or *not computable* with the reason why.
///
/// Not computable is a state of its own — never 0 and never a guess — so every renderer is
/// forced to decide how to show it (a blank CSV cell, an "n/a" cell, a sentence in the digest).
public enum Figure<Value: Hashable & Sendable>: Hashable, Sendable {
  case known(Value)
  case unavailable(reason: UnavailableReason)

  public var value: Value? {
    if case .known(let value) = self { return value }
    return nil
  }

  public var isKnown: Bool { value != nil }

  public var unavailableReason: UnavailableReason? {
    if case .unavailable(let reason) = self { return reason }
    return nil
  }

  public func map<T>(_ transform: (Value) -> T) -> Figure<T> {
    switch self {
    case .known(let value): return .known(transform(value))
    case .unavailable(let reason): return .unavailable(reason: reason)
    }
  }

  /// Combines two figures; unavailable when either is (the first reason wins).
  public func combined<Other, T>(with other: Figure<Other>, _ transform: (Value, Other) -> T)
    -> Figure<T>
  {
    switch (self, other) {
    case (.known(let a), .known(let b)): return .known(transform(a, b))
    case (.unavailable(let reason), _), (_, .unavailable(let reason)):
      return .unavailable(reason: reason)
    }
  }

  /// Like `combined`, but the transform itself may find the result unavailable.
  public func flatCombined<Other, T>(
    with other: Figure<Other>, _ transform: (Value, Other) -> Figure<T>
  )
    -> Figure<T>
  {
    switch (self, other) {
    case (.known(let a), .known(let b)): return transform(a, b)
    case (.unavailable(let reason), _), (_, .unavailable(let reason)):
      return .unavailable(reason: reason)
    }
  }
}

extension Figure where Value: AdditiveArithmetic {
  /// The sum of `figures`; unavailable when any of them is.
  public static func sum(_ figures: some Sequence<Figure<Value>>) -> Figure<Value> {
    var total = Value.zero
    for figure in figures {
      switch figure {
      case .known(let value): total += value
      case .unavailable: return figure
      }
    }
    return .known(total)
  }
}
