// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer harness: one executable, `quarry-fuzz <target>`, that runs one of the engine's
// fuzz entry points (`@_spi(Fuzzing) FuzzEntryPoints`). Build it with the sanitizers:
//   swift build -c release -Xswiftc -sanitize=fuzzer,address
// (run.sh does). The root package does not depend on this one.
let package = Package(
    name: "QuarryFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Quarry", path: "../.."),
    ],
    targets: [
        // Declares libFuzzer's `LLVMFuzzerRunDriver`, which the harness's `main` calls.
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "quarry-fuzz",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "Quarry", package: "Quarry"),
            ],
            // gold cannot link libFuzzer's runtime with Swift's entry point alias; lld can.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"], .when(platforms: [.linux]))]
        ),
    ],
    swiftLanguageModes: [.v6]
)
