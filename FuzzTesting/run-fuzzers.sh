#!/usr/bin/env bash
# Runs fuzz targets built in .build/release for SECONDS each, one after another, and prints
# one line per target: executions, libFuzzer's coverage (cov: edges, ft: features), time,
# and the crash file if one was found. Used by `make fuzz` and `make fuzz-smoke`.
#
#   run-fuzzers.sh SECONDS [TARGET...]     (all targets when none is named)
#
# Each target grows a working corpus in .build/fuzz/corpus/TARGET, seeded from Corpus/TARGET
# (committed, small); crash files and logs go to .build/fuzz/artifacts and .build/fuzz/logs.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: run-fuzzers.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(FuzzCSVReader FuzzPeriod FuzzArrivals FuzzDepartures FuzzCheckpoints FuzzAid FuzzExchangeRates FuzzHeading)
fi
work=.build/fuzz
mkdir -p "$work/bin" "$work/logs" "$work/artifacts"
failed=0
for target in "${targets[@]}"; do
  # A copy, so that a rebuild while the fuzzer runs can't pull the binary from under it.
  bin="$work/bin/$target.$$"
  cp ".build/release/$target" "$bin" || { echo "$target: not built"; failed=1; continue; }
  mkdir -p "$work/corpus/$target"
  log="$work/logs/$target.log"
  start=$(date +%s)
  # The Swift runtime's own crash backtracer fights AddressSanitizer; libFuzzer reports.
  SWIFT_BACKTRACE=enable=no "$bin" -max_total_time="$seconds" -print_final_stats=1 \
    -rss_limit_mb=4096 -timeout=30 -artifact_prefix="$work/artifacts/$target-" \
    "$work/corpus/$target" "Corpus/$target" >"$log" 2>&1
  status=$?
  elapsed=$(($(date +%s) - start))
  rm -f "$bin"
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+')
  if [ $status -eq 0 ]; then
    echo "$target: ok, ${executions:-?} executions in ${elapsed}s, ${coverage:-no coverage line}"
  else
    failed=1
    crash=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    echo "$target: FAILED (exit $status) after ${executions:-?} executions in ${elapsed}s," \
      "${coverage:-no coverage line}; input: ${crash:-none}; log: $log"
    grep -m1 -E 'Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer' "$log" | cut -c1-300
  fi
done
exit $failed
