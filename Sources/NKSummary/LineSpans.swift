/// A compact, bounded record of many input lines (an aid metric's records out of a ledger of a
/// million): runs of consecutive lines, at most `maxRuns` of them. Lines come in file order;
/// when the runs would exceed the bound, the two closest runs merge, so the runs then cover
/// the lines (and some lines between them) and `isExact` turns false. `count` stays exact.
public struct LineSpans: Hashable, Sendable, CustomStringConvertible {
  public static let maxRuns = 16

  public private(set) var runs: [ClosedRange<Int>] = []
  public private(set) var count = 0
  public private(set) var isExact = true

  public init() {}

  /// Adds `line`, which must not be before the last line added.
  public mutating func add(_ line: Int) {
    count += 1
    if let last = runs.last, line <= last.upperBound + 1 {
      runs[runs.count - 1] = last.lowerBound...max(last.upperBound, line)
      return
    }
    runs.append(line...line)
    guard runs.count > Self.maxRuns else { return }
    // Merge across the smallest gap.
    var best = 0
    for index in 1..<(runs.count - 1)
    where runs[index + 1].lowerBound - runs[index].upperBound
      < runs[best + 1].lowerBound - runs[best].upperBound
    {
      best = index
    }
    runs[best] = runs[best].lowerBound...runs[best + 1].upperBound
    runs.remove(at: best + 1)
    isExact = false
  }

  /// "2–9, 12–40" (lines 2 to 9 and 12 to 40).
  public var description: String {
    runs.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
      .joined(separator: ", ")
  }
}
