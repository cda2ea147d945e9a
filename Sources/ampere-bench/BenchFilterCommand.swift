import ArgumentParser
import Foundation
import HNSW
import Retrieval
import VectorMath

/// `ampere-bench bench-filter`: filtered ANN search over `--count` appearances of random seeded vectors, with
/// brands spread so that filters match 0 (an unknown brand), 0.1%, 1% and 10% of the catalog. Each filter runs
/// through the directory's compiled columns (what `/search` uses) and through the previous predicate (an entry
/// looked up under the directory's mutex, brand and category folded per visited node), interleaved; prints
/// p50/p99 milliseconds per search and the recall@10 of the columns' answers against brute force.
struct BenchFilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-filter", abstract: "Benchmark filtered ANN search: flat filter columns vs the previous predicate.")

    @Option(help: "Appearances in the index.") var count: Int = 200_000
    @Option(help: "Vector dimension.") var dimension: Int = 64
    @Option(help: "efConstruction (low by default: the build is not what is measured).") var efc: Int = 40
    @Option(help: "Queries per filter.") var queries: Int = 100
    @Option(help: "Vector seed.") var seed: UInt64 = 11
    @Option(help: "index.filter_max_ef: the widest beam a filter widens ef to.") var maxEf: Int = 512
    @Option(help: "Comma-separated ef values to run.") var efs: String = "64"
    @Flag(help: "Skip the previous predicate (seconds per query on selective filters).") var noPrevious = false
    @Option(help: "Stored vector type: f32 or int8 (index.vector_type).") var vectorType: String = "f32"
    @Option(help: "Neighbours asked for (/search asks max(4k, 50) for its k).") var k: Int = 10

    func run() throws {
        guard let type = HNSWVectorType(rawValue: vectorType) else {
            throw ValidationError("--vector-type must be f32 or int8")
        }
        var configuration = HNSWConfiguration(dimension: dimension, metric: .innerProduct, M: 16, efConstruction: efc,
                                              seed: seed, initialCapacity: count, maxFilteredEf: maxEf)
        configuration.vectorType = type
        let index = HNSWIndex(configuration: configuration)
        let directory = AppearanceDirectory()
        var rng = SplitMix64(seed: seed)
        var vectors: [[Float]] = []
        vectors.reserveCapacity(count)
        let buildStart = BenchIndexCommand.now()
        for i in 0..<count {
            let v = rng.vector(count: dimension)
            vectors.append(v)
            let key = Int64(i + 1)
            index.insert(key: key, vector: v)
            directory.insert(StoredAppearanceRecord(key: key, productID: "p\(i)", meta: AppearanceMeta(
                domain: .page, title: "Product \(i)", brand: Self.brand(i), category: "Category \(i % 7)", price: Double(i % 500)),
                vector: []))
        }
        print(String(format: "bench-filter: %d appearances x %d dims %@ (built in %.1f s), %d queries per filter, k %d, filter_max_ef %d",
                     count, dimension, vectorType, BenchIndexCommand.now() - buildStart, queries, k, maxEf))
        let queryVectors = (0..<queries).map { _ in rng.vector(count: dimension) }
        for ef in efs.split(separator: ",").compactMap({ Int($0) }) {
            print("ef \(ef)")
            print("filter                  matches   columns p50/p99 ms   key list p50/p99 ms   previous p50/p99 ms   recall@10 (columns, list)")
            measure(ef: ef, index: index, directory: directory, vectors: vectors, queries: queryVectors)
        }
    }

    func measure(ef: Int, index: HNSWIndex, directory: AppearanceDirectory, vectors: [[Float]], queries queryVectors: [[Float]]) {
        for (name, brand) in [("no such brand", "Nobody"), ("brand ~0.1%", "Rare"), ("brand ~1%", "Uncommon"),
                              ("brand ~10%", "Common")] {
            let filter = SearchFilter(brand: brand)
            let compiled = directory.compile(filter)!
            let matcher = FilterMatcher(filter)
            let previous: (Int64) -> Bool = { key in directory.entry(key).map { matcher.matches($0.meta) } ?? false }
            var fast: [Double] = [], listed: [Double] = [], slow: [Double] = [], recall = 0.0, listRecall = 0.0
            let matching = (0..<count).filter { compiled.matches(Int64($0 + 1)) }
            for q in queryVectors {
                var t = BenchIndexCommand.now()
                // As `SearchService` does: a filter that matches nothing skips the ANN stage.
                let hits = compiled.matchesNothing ? [] : index.search(q, k: k, ef: ef, where: { _, key in compiled.matches(key) })
                fast.append((BenchIndexCommand.now() - t) * 1000)
                // What `/search` runs for a brand: the brand's key list goes along (an exact plan looks those up).
                t = BenchIndexCommand.now()
                let listHits = compiled.matchesNothing ? [] : index.search(q, k: k, ef: ef, candidates: compiled.candidates ?? [],
                                                                           where: { _, key in compiled.matches(key) })
                listed.append((BenchIndexCommand.now() - t) * 1000)
                if !noPrevious {
                    t = BenchIndexCommand.now()
                    _ = index.search(q, k: k, ef: ef, where: { _, key in previous(key) })
                    slow.append((BenchIndexCommand.now() - t) * 1000)
                } else {
                    slow.append(.nan)
                }
                let truth = Set(matching.map { (key: Int64($0 + 1), score: Kernels.dot(q, vectors[$0])) }
                    .sorted { $0.score > $1.score }.prefix(10).map(\.key))
                recall += truth.isEmpty ? 1 : Double(hits.prefix(10).filter { truth.contains($0.key) }.count) / Double(truth.count)
                listRecall += truth.isEmpty ? 1 : Double(listHits.prefix(10).filter { truth.contains($0.key) }.count) / Double(truth.count)
            }
            let padded = name.padding(toLength: 22, withPad: " ", startingAt: 0)
            print(padded + String(format: " %8d   %7.3f / %7.3f      %7.3f / %7.3f      %8.3f / %8.3f      %.3f, %.3f",
                         matching.count, Self.percentile(fast, 0.5), Self.percentile(fast, 0.99),
                         Self.percentile(listed, 0.5), Self.percentile(listed, 0.99), Self.percentile(slow, 0.5),
                         Self.percentile(slow, 0.99), recall / Double(queryVectors.count),
                         listRecall / Double(queryVectors.count)))
        }
    }

    /// Brands by share of the catalog: 0.1% "Rare", 1% "Uncommon", 10% "Common", the rest one of 50 others;
    /// scattered by a hash of the position (a real catalog's brands are not periodic in key order).
    static func brand(_ i: Int) -> String {
        var z = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
        z ^= z >> 29
        return switch Int(z % 1_000) {
        case 0: "Rare"
        case 1..<11: "Uncommon"
        case 11..<111: "Common"
        default: "Brand \(i % 50)"
        }
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}
