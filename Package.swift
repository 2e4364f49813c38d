// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Quarry",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Quarry", targets: ["Quarry"]),
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CQuarrySupport"),
        .target(
            name: "Quarry",
            dependencies: ["CLibXML2", "CZlib", "CQuarrySupport"]
        ),
        .target(
            name: "QuarryJSON",
            dependencies: ["Quarry"]
        ),
        .target(
            name: "QuarryServer",
            dependencies: [
                "Quarry",
                "QuarryJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "quarry",
            dependencies: [
                "Quarry",
                "QuarryJSON",
                "QuarryServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "QuarryTests",
            dependencies: ["Quarry"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "QuarryServerTests",
            dependencies: ["Quarry", "QuarryJSON", "QuarryServer"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
