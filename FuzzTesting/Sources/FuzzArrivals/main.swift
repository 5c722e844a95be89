import FuzzSupport
import NKInputs

// The validator of arrivals.csv, with its nesting checks; the invariants of every load are in loadAndCheck.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArrivals(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  loadAndCheck("arrivals.csv", bytes(data, size), companions: [])
  return 0
}
