// swift-tools-version: 6.2
import PackageDescription

// Module layout and dependency direction follow ../shared/ARCHITECTURE.md ("Modules ... and who may import whom").
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
// Index hot loops: bounds checks are done once per call, not per element (see the bench-index figures).
let indexFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-enforce-exclusivity=unchecked"], .when(configuration: .release))]
// Fuzz targets (scripts/fuzz, README "Fuzzing"): built with `--sanitize=fuzzer,address -Xswiftc -DFUZZING`, libFuzzer
// supplies `main`; in every other build a small replay `main` (#if !FUZZING) keeps `swift build` linking.
let fuzzFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]
func fuzzTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies, path: "Fuzz/Sources/\(name)",
                      swiftSettings: fuzzFlags)
}

let package = Package(
    name: "Ampere",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ampere", targets: ["ampere"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ],
    targets: [
        // System libraries: module map + shim header for macros and variadic calls.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libjpeg",
                       providers: [.apt(["libjpeg62-turbo-dev"])]),

        // Layers.
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .target(name: "Sockets", dependencies: ["CEpoll"]),
        .target(name: "HTTPServer", dependencies: ["Sockets", "CZlib", logging]),
        .target(name: "VectorMath", swiftSettings: indexFlags),
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),  // header-only __builtin_prefetch
        .target(name: "HNSW", dependencies: ["VectorMath", "CPrefetch"],
                swiftSettings: indexFlags + [.unsafeFlags(["-target-cpu", "haswell"])]),
        .target(name: "Retrieval", dependencies: ["HNSW", "VectorMath", logging, metrics]),
        .target(name: "CSQLiteRank", dependencies: ["CSQLite"], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Storage", dependencies: ["CSQLite", "CSQLiteRank", "Retrieval", "HNSW"]),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        .target(name: "Summarizer", dependencies: ["HTTPClient", "Retrieval", logging, metrics]),
        .target(name: "CJPEGShim", dependencies: ["CJPEG"]),
        .target(name: "Encoder", dependencies: ["Retrieval", "VectorMath", "CJPEG", "CJPEGShim", "CZlib", "CPrefetch", logging],
                // AVX2 + FMA for the MiniLM GEMM (see GEMM.swift); deploy hosts need AVX2 (Haswell / Zen or later).
                // -O in debug too: an unoptimised forward pass is ~100x slower and the reference tests run it.
                swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"]), .unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "API", dependencies: ["HTTPServer", "Retrieval", logging]),
        .target(name: "App", dependencies: [
            "API", "HTTPServer", "Retrieval", "Storage", "Summarizer", "Encoder", "HTTPClient", "HNSW", "VectorMath",
            logging, metrics,
        ]),
        .executableTarget(name: "ampere", dependencies: [
            "App", "Encoder", "HNSW", "VectorMath", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            logging,
        ]),

        // Fuzzing.
        .target(name: "FuzzSupport", path: "Fuzz/Sources/FuzzSupport"),
        fuzzTarget("FuzzHTTPParser", ["HTTPServer"]),
        fuzzTarget("FuzzJSONBodies", ["API", "HTTPServer", "Retrieval", logging]),
        fuzzTarget("FuzzImageDecoder", ["Encoder"]),
        fuzzTarget("FuzzSnapshot", ["HNSW", "VectorMath"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["App", "HTTPServer", "Sockets", logging], path: "Tests/TestSupport"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Sockets", "TestSupport", "VectorMath"]),
        .testTarget(name: "VectorMathTests", dependencies: ["VectorMath"]),
        .testTarget(name: "HNSWTests", dependencies: ["HNSW", "VectorMath"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "HNSW", "Retrieval", "TestSupport", "VectorMath"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"]),
        .testTarget(name: "SummarizerTests", dependencies: ["Summarizer", "Retrieval", "HTTPClient", "Storage", "TestSupport", "VectorMath", logging, .product(name: "MetricsTestKit", package: "swift-metrics")]),
        .testTarget(name: "EncoderTests", dependencies: ["Encoder", "VectorMath", "CJPEGShim", "CZlib", "TestSupport"]),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "HNSW", "TestSupport"]),
        .testTarget(name: "APITests", dependencies: ["API", "App", "Storage", "TestSupport", "VectorMath"]),
        .testTarget(name: "AppTests", dependencies: ["App", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
