import ArgumentParser
import Dispatch
import Foundation
import Retrieval
import Tools

/// `ampere-bench bench-lexical QUERIES.jsonl`: in-process cost of query text analysis, the CPU work a text search does
/// beside the encoder: `LexicalAnalyzer.terms`, `LexicalQuery(text:)` over every `text` and `asr` field, code
/// extraction of titles (`CodeAgreement.codes`, the first line of each `text`, or a catalog's titles), and a
/// 20-title `CodeAgreement.rerank` per text query (analysing titles, and with codes stored per title). Each input is timed `--rounds` times and its median kept;
/// p50/p99 are over inputs, in microseconds.
struct BenchLexicalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-lexical", abstract: "Time query text analysis (terms, LexicalQuery, title codes).")

    @Argument(help: "A queries.jsonl file (the `text` and `asr` fields are used).") var queries: String
    @Option(help: "A catalog.jsonl whose titles feed the title-code timing (default: first lines of `text`).")
    var catalog: String?
    @Option(help: "Timed repetitions of each input (its median is kept).") var rounds = 7

    func run() throws {
        let rows = try Self.objects(queries)
        let texts = rows.compactMap { $0["text"] as? String }
        let inputs = texts + rows.compactMap { $0["asr"] as? String }
        var titles = texts.map { String($0.prefix { $0 != "\n" }) }
        if let catalog { titles = try Self.objects(catalog).compactMap { $0["title"] as? String } }
        guard !inputs.isEmpty, !titles.isEmpty else { throw ValidationError("no text, asr or titles in the input") }
        let lengths = inputs.map(\.utf8.count).sorted()
        Console.out("inputs \(inputs.count) (text \(texts.count)), utf8 bytes p50 \(lengths[lengths.count / 2]) "
            + "max \(lengths.last!); titles \(titles.count); rounds \(rounds)")

        var sink = 0
        report("LexicalAnalyzer.terms", inputs) { sink &+= LexicalAnalyzer.terms($0).count }
        report("LexicalQuery(text:)", inputs) { sink &+= LexicalQuery(text: $0, maxRepeat: 3)?.terms.count ?? 0 }
        report("LexicalAnalyzer.indexText", inputs) { sink &+= LexicalAnalyzer.indexText($0).utf8.count }
        report("CodeAgreement.codes(title)", titles) { sink &+= CodeAgreement.codes($0).count }
        // A written query's rerank over 20 candidates, as SearchService runs it (titles drawn in turn).
        let agreement = CodeAgreement(strength: 0.5)
        var next = 0
        let cases = texts.map { text -> (Set<String>, [(id: String, score: Double)]) in
            let ranked = (0..<20).map { i -> (id: String, score: Double) in
                next = (next + 1) % titles.count
                return (id: String(next), score: 1 / Double(i + 1))
            }
            return (Set(LexicalAnalyzer.terms(text)), ranked)
        }
        report("CodeAgreement.rerank(20)", cases) { c in
            sink &+= agreement.rerank(c.1, queryTerms: c.0, depth: 20) { titles[Int($0)!] }.count
        }
        // The same with each title's codes computed once, as `AppearanceDirectory` entries keep them.
        let stored = titles.map(CodeAgreement.codes)
        report("rerank(20), stored codes", cases) { c in
            sink &+= agreement.rerank(c.1, queryTerms: c.0, depth: 20, titleCodes: { stored[Int($0)!] }).count
        }
        Console.out("(checksum \(sink))")
    }

    /// Times `body` on every input `rounds` times, keeps each input's median, prints p50/p99/mean over inputs.
    func report<T>(_ name: String, _ inputs: [T], _ body: (T) -> Void) {
        for input in inputs { body(input) }  // warm-up
        var perInput = [[Double]](repeating: [], count: inputs.count)
        for _ in 0..<rounds {
            for (i, input) in inputs.enumerated() {
                let t0 = DispatchTime.now().uptimeNanoseconds
                body(input)
                perInput[i].append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000)
            }
        }
        let us = perInput.map { $0.sorted()[$0.count / 2] }.sorted()
        func pct(_ p: Double) -> Double { us[min(us.count - 1, Int((Double(us.count - 1) * p).rounded()))] }
        let mean = us.reduce(0, +) / Double(us.count)
        Console.out(name.padding(toLength: 28, withPad: " ", startingAt: 0) + String(
            format: " p50 %9.2f us  p99 %9.2f us  max %9.2f us  mean %9.2f us", pct(0.5), pct(0.99), us.last!, mean))
    }

    static func objects(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
