import ArgumentParser
import Foundation
import Retrieval
import Summarizer

/// `ampere-bench summarize-eval --dir ../shared/data/eval/dev`: quality figures of the extractive summarizer.
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
    @Option(help: "Write qid<TAB>summary lines to this file.") var dump: String?
    @Option(help: "Override: tokens per window.") var window: Int?
    @Option(help: "Override: minimum window score share.") var share: Double?
    @Option(help: "Override: minimum IDF of a content word.") var minIDF: Double?
    @Option(help: "Override: minimum content neighbours.") var neighbours: Int?
    @Option(help: "Override: neighbour radius.") var radius: Int?
    @Flag(inversion: .prefixedNo, help: "Learn the host-speech background online from the transcripts (the service default).")
    var background = true
    @Option(help: "Background: min share of transcripts.") var bgShare: Double?
    @Option(help: "Background: min ratio transcript/catalog share.") var bgRatio: Double?

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
        // The clean offer text each transcript was rendered from: what a perfect summarizer would recover (ceiling).
        var oracle: [String: String] = [:]
        for row in (try? Self.readJSONL(dir + "/sources.jsonl")) ?? [] {
            if let qid = row["qid"] as? String, let text = row["oracle_text"] as? String { oracle[qid] = text }
        }
        let snapshot = vocabulary.snapshot()
        var options = ExtractiveSummarizer.Options()
        if let window { options.windowTokens = window }
        if let share { options.minWindowShare = share }
        if let minIDF { options.minIDF = minIDF }
        if let neighbours { options.minNeighbours = neighbours }
        if let radius { options.neighbourRadius = radius }
        let summarizer = ExtractiveSummarizer(options: options)
        var bgOptions = TranscriptBackground.Options()
        if let bgShare { bgOptions.minShare = bgShare }
        if let bgRatio { bgOptions.minRatio = bgRatio }
        let learned = background ? TranscriptBackground(options: bgOptions) : nil
        print("catalog \(documents.count) products, vocabulary \(snapshot.documentFrequency.count) terms; BM25 k1=\(k1) b=\(b); max-words \(maxWords)")
        var dumped = ""
        defer { if let dump { try? dumped.write(toFile: dump, atomically: true, encoding: .utf8) } }
        for domain in ["video", "live"] {
            var stats = EvalStats()
            var shown = 0
            var oracleHits = 0
            for q in queries where q["domain"] as? String == domain {
                guard let asr = q["asr"] as? String, let gold = q["gold"] as? [String] else { continue }
                let clock = ContinuousClock()
                var summary = ""
                stats.summarizeTime += clock.measure { summary = summarizer.summarize(asr, vocabulary: snapshot, maxWords: maxWords, background: learned) }
                stats.add(raw: asr, summary: summary, goldTitles: gold.compactMap { titles[$0] },
                          rawTop: bm25.top(asr), summaryTop: bm25.top(summary), gold: Set(gold))
                dumped += "\(q["qid"] as? String ?? "")\t\(summary)\n"
                if let text = oracle[q["qid"] as? String ?? ""], let top = bm25.top(text), gold.contains(top) { oracleHits += 1 }
                if shown < examples {
                    shown += 1
                    let hit = bm25.top(summary).map { gold.contains($0) } ?? false
                    print("  [\(domain)] \(hit ? "HIT " : "MISS") \(summary)\n      gold: \(gold.compactMap { titles[$0] }.first ?? "?")")
                }
            }
            print(stats.report(domain: domain) + " | oracle-text BM25 R@1 \(String(format: "%.1f%%", 100 * Double(oracleHits) / Double(max(stats.count, 1))))")
        }
    }

    static func readJSONL(_ path: String) throws -> [[String: Any]] {
        let data = try String(contentsOfFile: path, encoding: .utf8)
        return data.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
