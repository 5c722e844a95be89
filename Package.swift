// swift-tools-version: 6.1
import PackageDescription

// Data flows one way: NKInputs (load + validate) → NKSummary (pure report model)
// → NKRender (xlsx, csv, digest) → NKPublish (lock, stage, rename) ← nkreport (CLI).
// XlsxWriter is a domain-free wrapper of the system library libxlsxwriter.
let package = Package(
  name: "nkreport",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "nkreport", targets: ["nkreport"]),
    .library(name: "XlsxWriter", targets: ["XlsxWriter"]),
    // For the fuzz targets in FuzzTesting/, a package of its own (built with the fuzzer flags).
    .library(name: "NKPeriods", targets: ["NKPeriods"]),
    .library(name: "NKInputs", targets: ["NKInputs"]),
    .library(name: "NKImport", targets: ["NKImport"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CXlsxWriter",
      pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]
    ),
    .target(name: "XlsxWriter", dependencies: ["CXlsxWriter"]),
    .target(name: "NKPeriods"),
    // Atomic, durable file writes and folder swaps (fsync, renameat2), with a fault-injection
    // seam for tests; Foundation and Glibc only, so any module can adopt it.
    .target(name: "NKDurableFiles"),
    .target(
      name: "NKInputs",
      dependencies: ["NKPeriods", .product(name: "Crypto", package: "swift-crypto")]
    ),
    .target(name: "NKSummary", dependencies: ["NKInputs", "NKPeriods"]),
    // `nkreport import mou-table`: the Ministry's wide table (CSV or XLSX) into Inputs/.
    .target(
      name: "NKImport", dependencies: ["NKInputs", "NKPeriods", "NKDurableFiles", "ZIPFoundation"]),
    .target(
      name: "NKRender",
      dependencies: [
        "NKSummary", "NKPeriods", "XlsxWriter", .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .target(
      name: "NKPublish",
      dependencies: [
        "NKRender", "NKSummary", "NKInputs", "NKPeriods", "NKDurableFiles",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // `nkreport send`: mails published digests not yet delivered (an outbox of report folders).
    .target(name: "NKDeliver", dependencies: ["NKPublish", "NKRender", "NKDurableFiles"]),
    .executableTarget(
      name: "nkreport",
      dependencies: [
        "NKInputs", "NKSummary", "NKRender", "NKPublish", "NKDeliver", "NKImport", "XlsxWriter",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ]
    ),
    // `make bench`: the 1M-row aid ledger against libxlsxwriter alone (see Benchmarks/README.md).
    .executableTarget(
      name: "nkbench",
      dependencies: [
        "XlsxWriter",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Benchmarks/nkbench"
    ),
    // Reads .xlsx parts back for assertions; shared by the test targets that check workbooks.
    .target(name: "XlsxReadBack", dependencies: ["ZIPFoundation"], path: "Tests/XlsxReadBack"),
    // Reads HTML back as a tree: the digest and the reports folder's index.html.
    .target(name: "HTMLReadBack", path: "Tests/HTMLReadBack"),
    // The seeded generator of the property tests.
    .target(name: "TestRandom", path: "Tests/TestRandom"),
    .testTarget(
      name: "XlsxWriterTests",
      dependencies: ["XlsxWriter", "XlsxReadBack", "TestRandom", "ZIPFoundation"]
    ),
    .testTarget(
      name: "NKInputsTests",
      dependencies: [
        "NKInputs", "NKPeriods", "TestRandom",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "NKImportTests",
      dependencies: [
        "NKImport", "NKInputs", "NKPeriods", "NKDurableFiles", "XlsxWriter", "ZIPFoundation",
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "NKSummaryTests", dependencies: ["NKSummary", "NKInputs", "NKPeriods", "TestRandom"]),
    .testTarget(
      name: "NKRenderTests",
      dependencies: [
        "NKRender", "NKSummary", "NKInputs", "NKPeriods", "XlsxReadBack", "TestRandom",
        "HTMLReadBack", "ZIPFoundation",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    .testTarget(
      name: "NKPublishTests",
      dependencies: [
        "NKPublish", "NKRender", "NKSummary", "NKInputs", "NKPeriods", "NKDurableFiles",
        "TestRandom", "HTMLReadBack",
      ]),
    .testTarget(
      name: "NKDeliverTests", dependencies: ["NKDeliver", "NKPublish", "NKDurableFiles"]),
    .testTarget(
      name: "nkreportTests",
      dependencies: [
        "nkreport", "NKSummary", "NKPublish", "NKDurableFiles", "XlsxReadBack", "HTMLReadBack",
        "ZIPFoundation",
      ]
    ),
    .testTarget(name: "NKDurableFilesTests", dependencies: ["NKDurableFiles"]),
  ],
  swiftLanguageModes: [.v6]
)
