// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for the input reader, built apart from the main package because every
// module here (and the main package's modules it uses) is compiled with the fuzzer flags:
//
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
//
// Each target defines LLVMFuzzerTestOneInput; libFuzzer supplies `main`. `make fuzz` and
// `make fuzz-smoke` in the main Makefile build and run them with the corpora in Corpus/.
let fuzzTargets = [
  "FuzzCSVReader", "FuzzPeriod", "FuzzArrivals", "FuzzDepartures", "FuzzCheckpoints", "FuzzAid",
  "FuzzExchangeRates", "FuzzHeading",
]

let package = Package(
  name: "FuzzTesting",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "nkreport", path: "..")],
  targets: [
    .target(name: "FuzzEntry"),
    .target(
      name: "FuzzSupport",
      dependencies: [
        .product(name: "NKInputs", package: "nkreport"),
        .product(name: "NKPeriods", package: "nkreport"),
      ]),
  ]
    + fuzzTargets.map { name in
      .executableTarget(
        name: name,
        dependencies: [
          "FuzzEntry", "FuzzSupport",
          .product(name: "NKInputs", package: "nkreport"),
          .product(name: "NKPeriods", package: "nkreport"),
        ] + (name == "FuzzHeading" ? [.product(name: "NKImport", package: "nkreport")] : []))
    },
  swiftLanguageModes: [.v6]
)
