// swift-tools-version: 6.1
// Benchmarks for Quarry, on ordo-one's package-benchmark. A package of its own, so the root package
// never builds the harness. Run from this folder: `swift package benchmark` (see README.md).
import PackageDescription

/// One executable per suite, at Benchmarks/<Suite>/<Suite>.swift.
let suites = ["Codec", "Tokenizer", "TermLookup", "QueryModes"]

let package = Package(
    name: "QuarryBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The engine, by path; `name:` fixes its identity whatever the checkout folder is called.
        .package(name: "Quarry", path: ".."),
        // The malloc interposer trait only (for mallocCountTotal): no jemalloc, no ARC runtime hooks.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Helpers shared by the suites: corpus paths, text, temporary indexes, query sets.
        .target(
            name: "BenchSupport",
            dependencies: [
                .product(name: "Quarry", package: "Quarry"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Support"
        ),
    ] + suites.map { suite in
        .executableTarget(
            name: suite,
            dependencies: [
                "BenchSupport",
                .product(name: "Quarry", package: "Quarry"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/\(suite)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    },
    swiftLanguageModes: [.v6]
)
