import Summarizer

/// Accumulates `summarize-eval` figures for one domain.
struct EvalStats {
    var count = 0
    var rawTitleRecall = 0.0, summaryTitleRecall = 0.0
    var rawWords = 0, summaryWords = 0
    var rawHits = 0, summaryHits = 0
    var summarizeTime = Duration.zero

    mutating func add(raw: String, summary: String, goldTitles: [String], rawTop: String?, summaryTop: String?, gold: Set<String>) {
        count += 1
        let rawTerms = Set(TextTokenizer.matchTerms(raw)), summaryTerms = Set(TextTokenizer.matchTerms(summary))
        // The best-covered gold title: several catalog listings are the same product.
        var bestRaw = 0.0, bestSummary = 0.0
        for title in goldTitles {
            let t = Set(TextTokenizer.words(title))
            guard !t.isEmpty else { continue }
            bestRaw = max(bestRaw, Double(t.intersection(rawTerms).count) / Double(t.count))
            bestSummary = max(bestSummary, Double(t.intersection(summaryTerms).count) / Double(t.count))
        }
        rawTitleRecall += bestRaw
        summaryTitleRecall += bestSummary
        rawWords += TextTokenizer.words(raw).count
        summaryWords += TextTokenizer.words(summary).count
        if let rawTop, gold.contains(rawTop) { rawHits += 1 }
        if let summaryTop, gold.contains(summaryTop) { summaryHits += 1 }
    }

    func report(domain: String) -> String {
        let n = Double(max(count, 1))
        func pct(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
        let ms = Double(summarizeTime.components.attoseconds) * 1e-15 + Double(summarizeTime.components.seconds) * 1000
        return """
        \(domain) (n=\(count)): title-term recall raw \(pct(rawTitleRecall / n)) vs summary \(pct(summaryTitleRecall / n)); \
        words raw \(String(format: "%.1f", Double(rawWords) / n)) vs summary \(String(format: "%.1f", Double(summaryWords) / n)); \
        BM25 R@1 raw \(pct(Double(rawHits) / n)) vs summary \(pct(Double(summaryHits) / n)); \
        summarize \(String(format: "%.2f", ms / n)) ms/transcript
        """
    }
}
