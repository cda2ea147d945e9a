import Foundation
import Summarizer

/// A plain Okapi BM25 over product text, for `summarize-eval` only (query terms counted with repeats).
struct BM25Index {
    private var postings: [String: [(doc: Int, tf: Int)]] = [:]
    private var lengths: [Double] = []
    private var ids: [String] = []
    private let k1: Double, b: Double
    private var averageLength = 0.0

    init(documents: [(id: String, text: String)], k1: Double, b: Double) {
        self.k1 = k1
        self.b = b
        for (index, d) in documents.enumerated() {
            let terms = TextTokenizer.matchTerms(d.text)
            ids.append(d.id)
            lengths.append(Double(terms.count))
            var tf: [String: Int] = [:]
            for t in terms { tf[t, default: 0] += 1 }
            for (t, c) in tf { postings[t, default: []].append((index, c)) }
        }
        averageLength = lengths.reduce(0, +) / Double(max(1, lengths.count))
    }

    /// The best-scoring product id for `query`, or `nil` when no term matches.
    func top(_ query: String) -> String? {
        var scores = [Double](repeating: 0, count: ids.count)
        let n = Double(ids.count)
        for term in TextTokenizer.matchTerms(query) {
            guard let list = postings[term] else { continue }
            let df = Double(list.count)
            let idf: Double = log(1 + (n - df + 0.5) / (df + 0.5))
            for (doc, tf) in list {
                let f = Double(tf)
                scores[doc] += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[doc] / averageLength))
            }
        }
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] > 0 else { return nil }
        return ids[best]
    }
}
