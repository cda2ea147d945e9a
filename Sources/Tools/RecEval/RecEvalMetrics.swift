import Foundation

/// HR@10, NDCG@10 and Recall@10 over the cases of one setting and one method, and coverage@10.
package struct RecEvalScore: Codable, Sendable {
    package var setting: String
    package var method: String
    package var cases: Int
    package var hr10: Double
    package var ndcg10: Double
    package var recall10: Double
    /// Distinct items in any top 10, over the catalog size.
    package var coverage10: Double
    /// Per-request latency of the served path (p50, p99 in ms), when measured.
    package var p50Millis: Double?
    package var p99Millis: Double?
    /// Training time of a learned method (seconds, one core).
    package var trainSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case setting, method, cases
        case hr10 = "hr@10", ndcg10 = "ndcg@10", recall10 = "recall@10", coverage10 = "coverage@10"
        case p50Millis = "p50_ms", p99Millis = "p99_ms", trainSeconds = "train_seconds"
    }
}

/// Accumulates the metrics of one method in one setting.
struct RecEvalAccumulator {
    var hits = 0.0, ndcg = 0.0, recall = 0.0, cases = 0
    var seen = Set<Int>()

    mutating func add(top: [Int], targets: Set<Int>, drawn: Int) {
        cases += 1
        if let rank = top.firstIndex(of: drawn) {
            hits += 1
            ndcg += 1 / log2(Double(rank + 2))
        }
        recall += Double(top.count { targets.contains($0) }) / Double(min(10, targets.count))
        seen.formUnion(top)
    }

    func score(setting: String, method: String, catalog: Int) -> RecEvalScore {
        let n = Double(max(cases, 1))
        return RecEvalScore(setting: setting, method: method, cases: cases, hr10: hits / n, ndcg10: ndcg / n,
                            recall10: recall / n, coverage10: Double(seen.count) / Double(max(catalog, 1)))
    }
}

/// The 10 best indices by score (ties by index, i.e. by code), skipping `excluded`.
func topTen(_ scores: [Double], excluded: Set<Int>) -> [Int] {
    var best: [(Int, Double)] = []
    best.reserveCapacity(11)
    for (i, s) in scores.enumerated() where !excluded.contains(i) {
        if best.count == 10, let last = best.last, !(s > last.1) { continue }
        var at = best.count
        while at > 0 && s > best[at - 1].1 { at -= 1 }
        best.insert((i, s), at: at)
        if best.count > 10 { best.removeLast() }
    }
    return best.map(\.0)
}
