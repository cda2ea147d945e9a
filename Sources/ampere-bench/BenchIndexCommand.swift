import ArgumentParser
import Foundation
import HNSW
import VectorMath
#if canImport(Glibc)
import Glibc
#endif

/// `ampere-bench bench-index`: builds an HNSW index from a base file, sweeps `ef`, and reports recall@k, queries per
/// second (1 and 2 threads), latency, build time, snapshot save/load time and memory; the last line is
/// `RESULT <json>` in the worker schema of `../shared/bench/peers.py`, so one `peers.py run --external` measures
/// us beside hnswlib, USearch and FAISS.
struct BenchIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-index", abstract: "Benchmark the HNSW index against ground truth.")

    @Option(help: "Base vectors (.f32.bin or .fvecs).") var base: String
    @Option(help: "Query vectors (.f32.bin or .fvecs).") var query: String
    @Option(help: "Ground-truth neighbour ids (.i32.bin or .ivecs), best first.") var gt: String
    @Option(help: "ip, l2 or cosine.") var metric: String = "ip"
    @Option(name: .customLong("M"), help: "Links per node (level 0 keeps 2M).") var M: Int = 16
    @Option(help: "efConstruction.") var efc: Int = 200
    @Option(help: "Comma-separated ef values to sweep.") var efs: String = "10,16,24,32,48,64,96,128"
    @Option(help: "Neighbours per query.") var k: Int = 10
    @Option(help: "Timed passes per ef.") var passes: Int = 3
    @Option(help: "Minimum seconds per timed pass.") var minPassS: Double = 1.0
    @Option(help: "Level-sampling seed.") var seed: UInt64 = 100
    @Flag(help: "Skip the 2-thread passes.") var noT2 = false
    @Option(help: "Distance kernels (as the server's kernels.isa): auto, avx2 or avx512.") var isa: String = "auto"
    @Option(help: "After the sweep, delete this fraction of keys and re-insert them, comparing recall (0 = skip).")
    var churn: Double = 0
    @Option(help: "Comma-separated vector types to build and sweep one after the other in this run (f32, int8); RESULT is the first's.")
    var vectorTypes: String = "f32"

    func run() throws {
        guard let metric = Metric(name: metric) else { throw ValidationError("unknown metric \(self.metric)") }
        guard let request = KernelISA.Request(rawValue: isa) else { throw ValidationError("--isa: auto, avx2 or avx512") }
        let kernels = try KernelISA.select(request)
        FileHandle.standardError.write(Data("kernels: \(kernels.rawValue)\n".utf8))
        let efList = efs.split(separator: ",").compactMap { Int($0) }
        let baseSet = try Matrix<Float>.read(path: base)
        let querySet = try Matrix<Float>.read(path: query)
        let truth = try Matrix<Int32>.read(path: gt)
        guard baseSet.cols == querySet.cols, truth.rows == querySet.rows, truth.cols >= k else {
            throw ValidationError("shapes disagree: base \(baseSet.rows)x\(baseSet.cols), query \(querySet.rows)x\(querySet.cols), gt \(truth.rows)x\(truth.cols)")
        }
        print("bench-index: \(baseSet.rows) x \(baseSet.cols) base, \(querySet.rows) queries, metric \(metric.name), M \(M), efConstruction \(efc), k \(k)")

        let types = try vectorTypes.split(separator: ",").map { name in
            guard let type = HNSWVectorType(rawValue: String(name)) else { throw ValidationError("--vector-types: f32, int8") }
            return type
        }
        var summaries: [String] = []
        var firstJSON = ""
        for type in types {
            // One index at a time, freed before the next is built, so the resident figures do not add up.
            let (json, summary) = try runOne(type, metric: metric, baseSet: baseSet, querySet: querySet, truth: truth,
                                             efList: efList)
            if firstJSON.isEmpty { firstJSON = json }
            summaries.append(summary)
        }
        if types.count > 1 {
            print("vector types, same run (build s, index MB, B/vector, snapshot MB; recall@\(k) and 1-thread qps per ef):")
            for line in summaries { print("  " + line) }
        }
        print("RESULT " + firstJSON)
    }

    /// Builds, snapshots and sweeps one index of `type`; returns its RESULT json and a summary line.
    func runOne(_ type: HNSWVectorType, metric: Metric, baseSet: Matrix<Float>, querySet: Matrix<Float>,
                truth: Matrix<Int32>, efList: [Int]) throws -> (String, String) {
        print("-- vectors \(type.rawValue)")
        let rssBefore = Self.residentMB()
        var configuration = HNSWConfiguration(dimension: baseSet.cols, metric: metric, M: M, efConstruction: efc,
                                              efSearch: efList.first ?? 64, seed: seed, initialCapacity: baseSet.rows)
        configuration.vectorType = type
        let index = HNSWIndex(configuration: configuration)
        let buildStart = Self.now(), buildCPU = Self.cpuSeconds()
        baseSet.values.withUnsafeBufferPointer { all in
            for row in 0..<baseSet.rows {
                index.insert(key: Int64(row), vector: UnsafeBufferPointer(rebasing: all[row * baseSet.cols..<(row + 1) * baseSet.cols]))
            }
        }
        let buildSeconds = Self.now() - buildStart, buildCPUSeconds = Self.cpuSeconds() - buildCPU
        let rssDelta = Self.residentMB() - rssBefore
        print(String(format: "build        %8.2f s   (%.0f inserts/s; %.2f CPU s)", buildSeconds,
                     Double(baseSet.rows) / buildSeconds, buildCPUSeconds))
        print(String(format: "memory       %8.1f MB resident added, %.1f MB by the index's own count, %.0f B/vector",
                     rssDelta, Double(index.memoryBytes) / 1_048_576, rssDelta * 1_048_576 / Double(baseSet.rows)))

        let snapshot = try measureSnapshot(index, configuration: configuration, buildSeconds: buildSeconds)
        let sweep = measureSweep(index, queries: querySet, truth: truth, efList: efList)
        printTable(sweep)
        if churn > 0 { measureChurn(index, base: baseSet, queries: querySet, fraction: churn, ef: efList.last ?? 64) }
        let summary = type.rawValue + String(format: "  build %.1f s  index %.1f MB  %.0f B/vector  snapshot %.1f MB  ",
                             buildSeconds, Double(index.memoryBytes) / 1_048_576,
                             Double(index.memoryBytes) / Double(baseSet.rows), snapshot.megabytes)
            + sweep.map { String(format: "ef%d %.4f/%.0f", $0.ef, $0.recall, Self.median($0.qpsT1)) }.joined(separator: " ")
        let json = resultJSON(buildSeconds: buildSeconds, buildCPU: buildCPUSeconds, rssDelta: rssDelta, snapshot: snapshot, sweep: sweep)
        return (json, summary)
    }
}
