import FuzzSupport
import NKInputs

// The validator of fx.csv beside a valid arrivals.csv; the invariants of every load are in loadAndCheck.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExchangeRates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  loadAndCheck("fx.csv", bytes(data, size), companions: [("arrivals.csv", validArrivals)])
  return 0
}
