// swift-tools-version: 6.2
import PackageDescription

// Module layout and who may import whom: docs/ARCHITECTURE.md. Each target declares exactly the modules it imports
// (scripts/check-imports, run by CI).
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
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
        .executable(name: "ampere-bench", targets: ["ampere-bench"]),
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
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // The lower half: one technology each; none of them names a Retrieval port (docs/ARCHITECTURE.md).
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .target(name: "Sockets", dependencies: ["CEpoll"]),
        .target(name: "HTTPServer", dependencies: ["Sockets", "CZlib", logging]),
        // Kernels for ISAs above the AVX2 floor, per-function target attributes (VectorMath's KernelISA picks one at start).
        // -O2 in debug too (the encoder's reference tests run the GEMM); no FP contraction, so the AVX-512 GEMM does
        // the same operations as the Swift AVX2 one.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-ffp-contract=off"]),
                                              .unsafeFlags(["-O2"], .when(configuration: .debug))],
                linkerSettings: [.linkedLibrary("m")]),
        .target(name: "VectorMath", dependencies: ["CKernels"], swiftSettings: indexFlags),
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),  // header-only __builtin_prefetch
        .target(name: "HNSW", dependencies: ["VectorMath", "CPrefetch", "CKernels"],
                swiftSettings: indexFlags + [.unsafeFlags(["-target-cpu", "haswell"])]),
        // LEARN's twin towers and their CPU trainer, on flat arrays (ampere rec-train; served through App's adapter).
        .target(name: "Recommend", dependencies: ["VectorMath"], swiftSettings: indexFlags),
        .target(name: "CSQLiteRank", dependencies: ["CSQLite"], linkerSettings: [.linkedLibrary("m")]),
        .target(name: "Storage", dependencies: ["CSQLite", "CSQLiteRank", "Retrieval", "HNSW", "VectorMath"]),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),
        // libpq on dedicated threads: connections, binary results, errors by SQLSTATE (cluster mode).
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        // Cluster mode: PostgreSQL as the system of record (schema, writes) and the replica feed into local SQLite.
        .target(name: "Cluster", dependencies: ["Postgres", "Storage", "Retrieval", logging, coreMetrics]),
        .target(name: "Summarizer", dependencies: ["HTTPClient", "Retrieval", logging, coreMetrics]),
        .target(name: "CJPEGShim", dependencies: ["CJPEG"]),
        .target(name: "Encoder", dependencies: ["CJPEGShim", "CZlib", "CPrefetch", "CKernels", "VectorMath", logging],
                // AVX2 + FMA for the MiniLM GEMM (see GEMM.swift); deploy hosts need AVX2 (Haswell / Zen or later).
                // -O in debug too: an unoptimised forward pass is ~100x slower and the reference tests run it.
                swiftSettings: [.unsafeFlags(["-target-cpu", "haswell"]), .unsafeFlags(["-O"], .when(configuration: .debug))]),

        // The core: the domain model, the ports and the two services (catalog, search).
        .target(name: "Retrieval", dependencies: ["VectorMath", logging, coreMetrics]),

        // The top half: HTTP contract, request guard, configuration, observability, wiring, tools.
        .target(name: "API", dependencies: ["HTTPServer", "Retrieval"]),
        .target(name: "Guard", dependencies: ["API", "HTTPServer", "Retrieval", coreMetrics]),
        .target(name: "Config"),
        .target(name: "Observability", dependencies: ["HTTPServer", logging, coreMetrics]),
        .target(name: "App", dependencies: [
            "API", "Guard", "Config", "Observability", "HTTPServer", "Retrieval", "Storage", "Summarizer", "Encoder",
            "HNSW", "VectorMath", "Recommend", "Cluster", "Postgres", logging, coreMetrics,
        ]),
        .target(name: "Tools", dependencies: ["App", "API", "CZlib", "HTTPClient", "Recommend", "Retrieval", "VectorMath", metrics]),
        .executableTarget(name: "ampere", dependencies: [
            "App", "Config", "Tools", "Observability", "Recommend", "Retrieval", argumentParser, logging, metrics,
        ]),
        .executableTarget(name: "ampere-bench", dependencies: [
            "API", "Guard", "Observability", "Tools", "HTTPServer", "Retrieval", "Encoder", "Summarizer", "HNSW",
            "Storage", "VectorMath", "CZlib", argumentParser,
        ]),

        // Fuzzing.
        .target(name: "FuzzSupport", path: "Fuzz/Sources/FuzzSupport"),
        fuzzTarget("FuzzHTTPParser", ["HTTPServer"]),
        fuzzTarget("FuzzJSONBodies", ["API", "HTTPServer", "Retrieval", logging]),
        fuzzTarget("FuzzImageDecoder", ["Encoder"]),
        fuzzTarget("FuzzSnapshot", ["HNSW", "VectorMath"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["App", "HTTPServer", "Sockets", logging], path: "Tests/TestSupport"),
        .target(name: "RetrievalFakes", dependencies: ["Retrieval"], path: "Tests/RetrievalFakes"),
        .testTarget(name: "SocketsTests", dependencies: ["Sockets"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "Sockets", "TestSupport", "VectorMath"]),
        .testTarget(name: "VectorMathTests", dependencies: ["VectorMath"]),
        .testTarget(name: "HNSWTests", dependencies: ["HNSW", "VectorMath", "CKernels"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "HNSW", "Retrieval", "TestSupport", "VectorMath"]),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"]),
        .testTarget(name: "SummarizerTests", dependencies: ["Summarizer", "Retrieval", "HTTPClient", "Storage", "TestSupport", "VectorMath", logging, .product(name: "MetricsTestKit", package: "swift-metrics")]),
        .testTarget(name: "EncoderTests", dependencies: ["Encoder", "VectorMath", "CJPEGShim", "CZlib", "TestSupport", logging]),
        .testTarget(name: "RetrievalTests", dependencies: ["Retrieval", "VectorMath", "RetrievalFakes", logging]),
        .testTarget(name: "APITests", dependencies: ["API", "App", "CSQLite", "Guard", "HTTPServer", "Recommend", "Retrieval", "RetrievalFakes", "Storage", "TestSupport", "VectorMath", coreMetrics, logging]),
        .testTarget(name: "GuardTests", dependencies: ["App", "Config", "Guard"]),
        .testTarget(name: "ObservabilityTests", dependencies: ["Observability", "API", "HTTPServer", "TestSupport", logging, coreMetrics]),
        .testTarget(name: "ToolsTests", dependencies: ["Tools", "App", "CZlib", "Retrieval"]),
        .testTarget(name: "RecommendTests", dependencies: ["Recommend", "VectorMath"]),
        .testTarget(name: "AppTests", dependencies: ["App", "API", "Cluster", "Config", "Postgres", "HTTPServer", "Retrieval", "TestSupport", "VectorMath", logging, coreMetrics]),
    ],
    swiftLanguageModes: [.v6]
)
