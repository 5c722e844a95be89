// Why C: SwiftPM links every executable target with `--defsym main=<Target>_main`, so that
// tests can link executables. A fuzz target has no main of its own (-parse-as-library;
// libFuzzer's main runs the fuzzer), so the link fails on the missing `<Target>_main`.
// Each function below is that symbol for one target and starts libFuzzer's driver, as
// libFuzzer's own main does. A target links only the one its name refers to.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *, size_t));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ENTRY(target) \
  int target##_main(int argc, char **argv) { \
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); \
  }

FUZZ_ENTRY(FuzzCSVReader)
FUZZ_ENTRY(FuzzPeriod)
FUZZ_ENTRY(FuzzArrivals)
FUZZ_ENTRY(FuzzDepartures)
FUZZ_ENTRY(FuzzCheckpoints)
FUZZ_ENTRY(FuzzAid)
FUZZ_ENTRY(FuzzExchangeRates)
FUZZ_ENTRY(FuzzHeading)
