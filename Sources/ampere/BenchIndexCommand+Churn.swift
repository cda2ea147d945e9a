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
        let compactStart = Self.now()
        index.compact()
        let compactSeconds = Self.now() - compactStart
        let insertStart = Self.now()
        for row in victims { base.withRow(row) { index.insert(key: Int64(row), vector: $0) } }
        let insertSeconds = Self.now() - insertStart
        let after = recallAgainstExact()
        print(String(format: "churn        %.0f%% deleted in %.2f s (with automatic compactions), final compaction %.2f s, re-inserted in %.2f s",
                     fraction * 100, deleteSeconds, compactSeconds, insertSeconds))
        print(String(format: "             recall@%d at ef=%d vs exact: %.4f before, %.4f after deletes, %.4f after re-insert; slots %d -> %d; invariants %@",
                     k, ef, before, afterDelete, after, slotsBefore, index.slotCapacity,
                     index.invariantViolations().isEmpty ? "ok" : "VIOLATED"))
    }
}
