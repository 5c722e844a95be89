import FuzzSupport
import NKInputs

// The validator of checkpoints.csv beside a valid arrivals.csv; the invariants of every load are in loadAndCheck.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoints(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  loadAndCheck("checkpoints.csv", bytes(data, size), companions: [("arrivals.csv", validArrivals)])
  return 0
}
