/// SplitMix64 (Steele, Lea and Flood, 2014): a small seeded generator, so that every random
/// test case is a pure function of its seed and a failure replays from the seed it reports.
/// Shared by the test targets' property tests.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// An integer in `range` (by remainder: cheap, and uniform enough for test cases).
  public mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
  }

  /// True with about `probability`.
  public mutating func chance(_ probability: Double) -> Bool {
    Double(next() % 1_000_000) < probability * 1_000_000
  }
}
