import Dispatch
import Foundation
import HNSW
import VectorMath

extension BenchIndexCommand {
    /// Deletes `fraction` of the keys (seeded choice), then re-inserts them under the same keys, and compares
    /// recall@k at `ef` against exact search before and after: deletes must neither rot recall nor leak slots.
    func measureChurn(_ index: HNSWIndex, base: Matrix<Float>, queries: Matrix<Float>, fraction: Double, ef: Int) {
        func recallAgainstExact() -> Double {
            var hits = 0, total = 0
            for q in 0..<min(queries.rows, 200) {
                let query = Array(queries.values[q * queries.cols..<(q + 1) * queries.cols])
                let exact = Set(index.exactSearch(query, k: k).map(\.key))
                hits += index.search(query, k: k, ef: ef).filter { exact.contains($0.key) }.count
                total += exact.count
            }
            return Double(hits) / Double(max(total, 1))
        }
        let before = recallAgainstExact()
        var rng = VectorMath.SplitMix64(seed: seed &+ 1)
        let victims = (0..<base.rows).shuffled(using: &rng).prefix(Int(Double(base.rows) * fraction))
        let slotsBefore = index.slotCapacity
        let deleteStart = Self.now()
        for row in victims { index.remove(key: Int64(row)) }
        let deleteSeconds = Self.now() - deleteStart
        let afterDelete = recallAgainstExact()
        // The final compaction, with a second thread searching meanwhile: how long do searches wait for it?
        let searchK = k
        let compactStart = Self.now()
        let done = BenchFlag()
        // Each written by one thread only, and read after both finished.
        let compactSeconds = BenchBox(0.0), stalls = BenchBox([Double]())
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            if worker == 0 {
                index.compact()
                compactSeconds.value = Self.now() - compactStart
                done.set()
            } else {
                var q = 0
                while !done.isSet {
                    let start = Self.now()
                    _ = queries.withRow(q % queries.rows) { index.search($0, k: searchK, ef: ef) }
                    stalls.value.append((Self.now() - start) * 1e3)
                    q += 1
                }
            }
        }
        let latencies = stalls.value.sorted()
        print(String(format: "             during the final compaction: %d searches, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                     latencies.count, Self.percentile(latencies, 0.5), Self.percentile(latencies, 0.99), latencies.last ?? 0))
        let insertStart = Self.now()
        for row in victims { base.withRow(row) { index.insert(key: Int64(row), vector: $0) } }
        let insertSeconds = Self.now() - insertStart
        let after = recallAgainstExact()
        print(String(format: "churn        %.0f%% deleted in %.2f s (with automatic compactions), final compaction %.2f s, re-inserted in %.2f s",
                     fraction * 100, deleteSeconds, compactSeconds.value, insertSeconds))
        print(String(format: "             recall@%d at ef=%d vs exact: %.4f before, %.4f after deletes, %.4f after re-insert; slots %d -> %d; invariants %@",
                     k, ef, before, afterDelete, after, slotsBefore, index.slotCapacity,
                     index.invariantViolations().isEmpty ? "ok" : "VIOLATED"))
    }
}

/// A one-way flag shared between the compacting and the searching thread of the churn figures.
final class BenchFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A mutable value handed to a `concurrentPerform` worker (one writer; read after the workers joined).
final class BenchBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
