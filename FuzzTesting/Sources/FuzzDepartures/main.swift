import FuzzSupport
import NKInputs

// The validator of departures.csv beside a valid arrivals.csv; the invariants of every load are in loadAndCheck.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDepartures(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  loadAndCheck("departures.csv", bytes(data, size), companions: [("arrivals.csv", validArrivals)])
  return 0
}
