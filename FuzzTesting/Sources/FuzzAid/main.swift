import FuzzSupport
import NKInputs

// The validator of aid.csv beside valid arrivals and rates: its id checks and its one read; the invariants of every load are in loadAndCheck.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAid(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  loadAndCheck(
    "aid.csv", bytes(data, size),
    companions: [("arrivals.csv", validArrivals), ("fx.csv", validRates)])
  return 0
}
