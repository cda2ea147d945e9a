import ArgumentParser
import Foundation
import Retrieval
import Summarizer

/// `ampere summarize-eval --dir ../shared/data/eval/dev`: quality figures of the extractive summarizer.
///
/// (a) share of the gold product's title terms present in the summary vs the raw transcript, and lengths;
/// (b) BM25 recall@1 of video and live queries against the catalog (title + brand + description), raw ASR vs summary.
/// The vocabulary is built from `catalog.jsonl` only; `gold` labels are used for scoring, never for tuning inputs.
struct SummarizeEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize-eval", abstract: "Measure the extractive ASR summarizer on an eval directory.")

    @Option(help: "Directory holding catalog.jsonl and queries.jsonl.") var dir: String
    @Option(help: "Word budget of each summary.") var maxWords = 32
    @Option(help: "BM25 k1.") var k1 = 1.2
    @Option(help: "BM25 b.") var b = 0.75
    @Option(help: "Print this many example summaries per domain.") var examples = 0

    func run() throws {
        let catalog = try Self.readJSONL(dir + "/catalog.jsonl")
        let queries = try Self.readJSONL(dir + "/queries.jsonl")
        let vocabulary = ProductVocabulary()
        var titles: [String: String] = [:]
        var documents: [(id: String, text: String)] = []
        for p in catalog {
            guard let id = p["id"] as? String, let title = p["title"] as? String else { continue }
            let brand = p["brand"] as? String
            // The same page text the catalog service hands the summarizer (ProductDraft.pageText's layout).
            let attributes = (p["attributes"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            let pageText = ([title, brand, p["category"] as? String].compactMap { $0 } + attributes
                + [p["description"] as? String].compactMap { $0 }).joined(separator: "\n")
            vocabulary.add(ProductText(pageText: pageText))
            titles[id] = title
            documents.append((id, [title, brand ?? "", p["description"] as? String ?? ""].joined(separator: " ")))
        }
        let bm25 = BM25Index(documents: documents, k1: k1, b: b)
        let snapshot = vocabulary.snapshot()
        let summarizer = ExtractiveSummarizer()
        print("catalog \(documents.count) products, vocabulary \(snapshot.documentFrequency.count) terms; BM25 k1=\(k1) b=\(b); max-words \(maxWords)")
        for domain in ["video", "live"] {
            var stats = EvalStats()
            var shown = 0
            for q in queries where q["domain"] as? String == domain {
                guard let asr = q["asr"] as? String, let gold = q["gold"] as? [String] else { continue }
                let clock = ContinuousClock()
                var summary = ""
                stats.summarizeTime += clock.measure { summary = summarizer.summarize(asr, vocabulary: snapshot, maxWords: maxWords) }
                stats.add(raw: asr, summary: summary, goldTitles: gold.compactMap { titles[$0] },
                          rawTop: bm25.top(asr), summaryTop: bm25.top(summary), gold: Set(gold))
                if shown < examples { shown += 1; print("  [\(domain)] \(summary)") }
            }
            print(stats.report(domain: domain))
        }
    }

    static func readJSONL(_ path: String) throws -> [[String: Any]] {
        let data = try String(contentsOfFile: path, encoding: .utf8)
        return data.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
