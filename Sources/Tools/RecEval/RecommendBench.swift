import App
import Foundation
import Metrics
import Retrieval

/// `ampere-bench bench-recommend`: `/recommend` latency for users with a full history on a synthetic catalog, in
/// process (no HTTP), on the served stack (SQLite events, HNSW, the hashing text encoder so that loading is fast).
package enum RecommendBench {
    /// What one run measured.
    package struct Report: Sendable {
        package var products: Int
        package var users: Int
        package var historyEvents: Int
        package var loadSeconds: Double
        package var p50Millis: Double
        package var p99Millis: Double
        package var meanMillis: Double
        /// With a learned model: seconds to project the catalog through the item tower (the first learned request).
        package var projectSeconds: Double?
        /// Concurrent clients and the requests all of them completed per second of wall time.
        package var clients = 1
        package var requestsPerSecond: Double = 0
    }

    /// Loads `products` synthetic products (seeded titles) and `users` users with `history` purchase events each,
    /// then times `queries` `/recommend` calls for random users (k 10, default strategy and settings).
    /// With `learnedDimension` > 0, a seeded random twin-tower model of that dimension in the stack's vector space
    /// serves (`strategy` auto: learned for these users), timing the exact scan over every projected product.
    /// `coPurchaseBaskets` > 0 adds a co-purchase table over every product from that many random baskets.
    package static func run(products: Int, users: Int, history: Int, queries: Int, seed: UInt64, learnedDimension: Int = 0,
                            coPurchaseBaskets: Int = 0, clients: Int = 1,
                            progress: @escaping @Sendable (String) -> Void) async throws -> Report {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-bench-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var overrides = ["encoder.text": "hashing", "storage.synchronous": "normal", "index.snapshot_every": "0",
                         "recommend.history_limit": "\(history)"]
        if learnedDimension > 0 {
            let probe = try await StackBuilder.build(
                options: RuntimeOptions(try AmpereSettings.load(overrides: overrides)),
                databasePath: dir.appendingPathComponent("probe.sqlite").path, summarizer: .none,
                metricsFactory: NOOPMetricsHandler.instance, logger: .init(label: "bench-recommend"))
            let path = dir.appendingPathComponent("model.json").path
            try RecTrain.randomModel(space: probe.encoder.spaceID, inputDimension: probe.encoder.dimension,
                                     dimension: learnedDimension, seed: seed, path: path,
                                     coPurchase: coPurchaseBaskets > 0 ? (0..<products).map { "p\($0)" } : [],
                                     baskets: coPurchaseBaskets)
            overrides["recommend.model_path"] = path
        }
        let options = RuntimeOptions(try AmpereSettings.load(overrides: overrides))
        let stack = try await StackBuilder.build(options: options, databasePath: dir.appendingPathComponent("b.sqlite").path,
                                                 summarizer: .none, metricsFactory: NOOPMetricsHandler.instance,
                                                 logger: .init(label: "bench-recommend"))
        var rng = Generator(seed: seed)
        let words = (0..<2_000).map { "w\($0)x" }
        let started = Date()
        // In batches of 500, one transaction each, as `ampere import` stores them (one upsert per product took
        // over 5 minutes for 100k).
        var drafts: [ProductDraft] = []
        for i in 0..<products {
            let title = (0..<(3 + Int(rng.next() % 4))).map { _ in words[Int(rng.next() % UInt64(words.count))] }
                .joined(separator: " ")
            drafts.append(ProductDraft(id: "p\(i)", title: title))
            if drafts.count == 500 || i == products - 1 {
                for result in await stack.catalog.upsertBatch(drafts) { _ = try result.get() }
                drafts = []
            }
            if i % 5_000 == 4_999 { progress("\(i + 1) products") }
        }
        var batch: [Event] = []
        for u in 0..<users {
            for e in 0..<history {
                batch.append(Event(user: "u\(u)", productID: "p\(rng.next() % UInt64(products))", type: .purchase,
                                   timestamp: Double(1_700_000_000 + e * 3_600)))
                if batch.count == 500 { try await stack.recommend.ingest(batch); batch = [] }
            }
        }
        try await stack.recommend.ingest(batch)
        let load = Date().timeIntervalSince(started)
        var projectSeconds: Double?
        if learnedDimension > 0 {
            let t0 = ContinuousClock.now
            _ = try await stack.recommend.recommend(RecommendQuery(user: "u0", k: 10, strategy: .learned))
            let took = ContinuousClock.now - t0
            projectSeconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
            progress("projected \(stack.recommend.learnedProducts) products in \(projectSeconds!) s")
        }
        progress("loaded in \(Int(load)) s; timing \(queries) requests from \(clients) client(s)")
        // Each client its own seeded request order (client 0's is the single-client order).
        let service = stack.recommend
        let base = rng
        let seeds: [UInt64] = clients <= 1 ? [0] : (0..<clients).map { _ in rng.next() }
        let wall = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for (c, clientSeed) in seeds.enumerated() {
                let share = queries / seeds.count + (c < queries % seeds.count ? 1 : 0)
                group.addTask {
                    var own = seeds.count == 1 ? base : Generator(seed: clientSeed)
                    var out: [Double] = []
                    for _ in 0..<share {
                        let user = own.next() % UInt64(users)
                        let t0 = ContinuousClock.now
                        _ = try await service.recommend(RecommendQuery(user: "u\(user)", k: 10))
                        let took = ContinuousClock.now - t0
                        out.append(Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15)
                    }
                    return out
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        let elapsed = ContinuousClock.now - wall
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Report(products: products, users: users, historyEvents: history, loadSeconds: load,
                      p50Millis: EvalRunner.quantile(latencies, 0.5), p99Millis: EvalRunner.quantile(latencies, 0.99),
                      meanMillis: latencies.reduce(0, +) / Double(max(1, latencies.count)), projectSeconds: projectSeconds,
                      clients: seeds.count, requestsPerSecond: Double(latencies.count) / max(seconds, 1e-9))
    }

    /// SplitMix64 (seeded, reproducible).
    struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
