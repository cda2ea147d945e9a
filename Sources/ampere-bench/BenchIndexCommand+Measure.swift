import ArgumentParser
import Dispatch
import Foundation
import HNSW

/// One point of the ef sweep.
struct SweepPoint {
    var ef: Int
    var recall: Double
    var qpsT1: [Double]
    var qpsT2: [Double]
    var qpsCPU: [Double]
    var latencyP50: Double
    var latencyP99: Double
}

/// Snapshot figures.
struct SnapshotFigures {
    var saveSeconds: Double
    var loadSeconds: Double
    var megabytes: Double
}

extension BenchIndexCommand {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU seconds this process has used (all threads); robust to other tenants on a shared machine.
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Current resident set size in MiB, from /proc/self/statm.
    static func residentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// Saves the snapshot to a temporary file, loads it back, and checks it answers like the original.
    func measureSnapshot(_ index: HNSWIndex, configuration: HNSWConfiguration, buildSeconds: Double) throws -> SnapshotFigures {
        let path = NSTemporaryDirectory() + "ampere-bench-\(getpid()).snapshot"
        defer { unlink(path) }
        let saveStart = Self.now()
        let bytes = index.snapshot(sequence: 1)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let saveSeconds = Self.now() - saveStart
        let loadStart = Self.now()
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("snapshot vanished") }
        let (loaded, _) = try data.withUnsafeBytes { try HNSWIndex.load(snapshot: $0, configuration: configuration) }
        let loadSeconds = Self.now() - loadStart
        guard loaded.count == index.count else { throw ValidationError("snapshot lost vectors") }
        let megabytes = Double(bytes.count) / 1_048_576
        print(String(format: "snapshot     save %.3f s, load %.3f s (%.0fx faster than the build), %.1f MB",
                     saveSeconds, loadSeconds, buildSeconds / loadSeconds, megabytes))
        return SnapshotFigures(saveSeconds: saveSeconds, loadSeconds: loadSeconds, megabytes: megabytes)
    }

    func measureSweep(_ index: HNSWIndex, queries: Matrix<Float>, truth: Matrix<Int32>, efList: [Int]) -> [SweepPoint] {
        let k = self.k
        var points: [SweepPoint] = []
        for ef in efList {
            // Warm-up pass, which also gives recall@k.
            var hits = 0
            for q in 0..<queries.rows {
                let found = queries.withRow(q) { index.search($0, k: k, ef: ef) }
                var expected = Set<Int64>()
                for j in 0..<k { expected.insert(Int64(truth.values[q * truth.cols + j])) }
                hits += found.filter { expected.contains($0.key) }.count
            }
            let recall = Double(hits) / Double(k * queries.rows)
            let t1 = (0..<passes).map { _ in timedPass(index, queries: queries, ef: ef, threads: 1) }
            let t2 = noT2 ? [] : (0..<passes).map { _ in timedPass(index, queries: queries, ef: ef, threads: 2) }
            var latencies = [Double](repeating: 0, count: queries.rows)
            for q in 0..<queries.rows {
                let start = Self.now()
                _ = queries.withRow(q) { index.search($0, k: k, ef: ef) }
                latencies[q] = (Self.now() - start) * 1e6
            }
            latencies.sort()
            let point = SweepPoint(ef: ef, recall: recall, qpsT1: t1.map(\.wall), qpsT2: t2.map(\.wall),
                                   qpsCPU: t1.map(\.cpu),
                                   latencyP50: Self.percentile(latencies, 0.50), latencyP99: Self.percentile(latencies, 0.99))
            print(String(format: "  ef=%-4d recall=%.4f qps1=%.0f qps2=%.0f p50=%.0fus p99=%.0fus cpu-qps1=%.0f", ef, recall,
                         Self.median(point.qpsT1), Self.median(point.qpsT2), point.latencyP50, point.latencyP99,
                         Self.median(point.qpsCPU)))
            points.append(point)
        }
        return points
    }

    /// Loops over all queries (split across `threads`) until `minPassS` seconds passed; returns queries per
    /// wall-clock second and per CPU second (the latter is what survives other tenants on a shared machine).
    func timedPass(_ index: HNSWIndex, queries: Matrix<Float>, ef: Int, threads: Int) -> (wall: Double, cpu: Double) {
        let k = self.k
        let start = Self.now(), cpuStart = Self.cpuSeconds()
        var done = 0
        repeat {
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                var q = t
                while q < queries.rows {
                    _ = queries.withRow(q) { index.search($0, k: k, ef: ef) }
                    q += threads
                }
            }
            done += queries.rows
        } while Self.now() - start < minPassS
        return (Double(done) / (Self.now() - start), Double(done) / (Self.cpuSeconds() - cpuStart))
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = p * Double(sorted.count - 1)
        let lower = Int(position), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    static func median(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : percentile(xs.sorted(), 0.5) }
}
