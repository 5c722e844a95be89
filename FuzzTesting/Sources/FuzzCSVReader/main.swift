import FuzzSupport
import NKInputs

// The CSV reader, through arrivals.csv: with tight field and row limits, the file read in
// 16- and 17-byte chunks must give exactly what one large chunk gives (records, lines and
// problems never depend on where a chunk ends), besides the invariants of every load.
private let tight = InputLimits(maxFieldBytes: 48, maxRowBytes: 160, maxProblemsKeptPerFile: 64)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = bytes(data, size)
  var limits = tight
  let whole = LoadOutcome(loadAndCheck("arrivals.csv", input, limits: limits))
  for chunk in [16, 17] {
    limits.chunkBytes = chunk
    let chunked = LoadOutcome(loadAndCheck("arrivals.csv", input, limits: limits))
    check(
      chunked == whole,
      "\(chunk)-byte chunks read differently from one chunk: \(difference(chunked, whole))")
  }
  return 0
}

private func difference(_ x: LoadOutcome, _ y: LoadOutcome) -> String {
  if x.problems != y.problems {
    let first = zip(x.problems, y.problems).first { $0 != $1 }
    return "problems \(x.problems.count) vs \(y.problems.count): \(String(describing: first))"
  }
  if x.arrivals != y.arrivals { return "arrivals \(x.arrivals) vs \(y.arrivals)" }
  return "files \(x.files) vs \(y.files)"
}
