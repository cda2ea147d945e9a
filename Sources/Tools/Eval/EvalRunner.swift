import API
import App
import Foundation
import Retrieval

/// `ampere eval`: loads a catalog into a stack, runs every query through the same search service the server
/// uses, and scores the hits against the gold ids (R@k: any gold id in the first k; MRR over the first 10).
package enum EvalRunner {
    /// One line of `queries.jsonl`.
    struct QueryLine: Decodable {
        var qid: String
        var domain: String
        var gold: [String]
    }

    /// Ingests every product of `catalogPath` (JSON lines) through the same catalog service the server uses.
    package static func ingest(catalogPath: String, into stack: RetrievalStack, limits: InputLimits = InputLimits(),
                              progress: (@Sendable (Int) -> Void)? = nil) async throws -> (ok: Int, failed: Int) {
        let sink = LocalImportSink(stack: stack, limits: limits)
        let lines = try JSONLines.read(catalogPath)
        var ok = 0, failed = 0
        for start in stride(from: 0, to: lines.count, by: 100) {
            for outcome in try await sink.upsert(Array(lines[start..<min(start + 100, lines.count)])) {
                if outcome == .stored { ok += 1 } else { failed += 1 }
            }
            progress?(ok + failed)
        }
        return (ok, failed)
    }

    /// Runs every query of `queriesPath` and scores it.
    /// `dump`, when given, receives one JSON line per query (qid, domain, rank of the first gold id, gold ids and
    /// the hits) for failure analysis. `stages` holds per-stage latency figures keyed `kind.stage`, where kind is
    /// `text` or `asr` (the query field that drives the cost) and stage is a `SearchTimings` stage or `total`.
    /// `summaryWaits` are the summarize stage's milliseconds of every query with a transcript.
    package static func evaluate(queriesPath: String, stack: RetrievalStack, mode: SearchMode,
                                limits: InputLimits = InputLimits(), dump: ((String) -> Void)? = nil)
        async throws -> (slices: [String: EvalReport.Slice], latencies: [Double], stages: [String: EvalReport.Latency],
                         summaryWaits: [Double]) {
        let lines = try JSONLines.read(queriesPath)
        var tallies: [String: Tally] = [:]
        var latencies: [Double] = []
        var stageSamples: [String: [Double]] = [:]
        for line in lines {
            let meta = try JSONDecoder().decode(QueryLine.self, from: Data(line))
            var query = try JSONBody.decode(SearchBody.self, from: line).query(limits: limits, defaultMode: mode)
            query.k = 10
            let started = ContinuousClock.now
            let result = try await stack.search.search(query)
            let took = ContinuousClock.now - started
            let total = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
            latencies.append(total)
            let kind = query.asr != nil ? "asr" : "text"
            for stage in result.timings.stages { stageSamples["\(kind).\(stage.name)", default: []].append(stage.millis) }
            stageSamples["\(kind).total", default: []].append(total)
            let gold = Set(meta.gold)
            let rank = result.hits.firstIndex { gold.contains($0.id) }.map { $0 + 1 }
            tallies[meta.domain, default: Tally()].add(rank)
            tallies["overall", default: Tally()].add(rank)
            if let dump {
                let record = DumpLine(qid: meta.qid, domain: meta.domain, rank: rank, gold: meta.gold,
                                      summary: result.summary?.text,
                                      hits: result.hits.map { .init(id: $0.id, title: $0.title, score: $0.score,
                                                                    vector: $0.vectorScore, lexical: $0.lexicalScore) })
                dump(String(decoding: try JSONEncoder().encode(record), as: UTF8.self))
            }
        }
        let stages = stageSamples.mapValues { EvalReport.Latency(p50: quantile($0, 0.5), p99: quantile($0, 0.99)) }
        return (tallies.mapValues { $0.slice }, latencies, stages, stageSamples["asr.summarize"] ?? [])
    }

    /// One line of the `--dump` file.
    struct DumpLine: Encodable {
        struct Hit: Encodable {
            var id: String
            var title: String
            var score: Double
            var vector: Double?
            var lexical: Double?
        }
        var qid: String
        var domain: String
        var rank: Int?
        var gold: [String]
        var summary: String?
        var hits: [Hit]
    }

    /// The `q`-quantile (0...1) of `values` by nearest rank.
    package static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[index]
    }

    struct Tally {
        var n = 0, r1 = 0, r5 = 0, r10 = 0
        var reciprocal = 0.0

        mutating func add(_ rank: Int?) {
            n += 1
            guard let rank else { return }
            if rank <= 1 { r1 += 1 }
            if rank <= 5 { r5 += 1 }
            if rank <= 10 { r10 += 1; reciprocal += 1 / Double(rank) }
        }

        var slice: EvalReport.Slice {
            let d = Double(max(n, 1))
            return .init(queries: n, recallAt1: Double(r1) / d, recallAt5: Double(r5) / d, recallAt10: Double(r10) / d,
                         mrr: reciprocal / d)
        }
    }
}

/// Reads a JSON-lines file into one byte array per non-blank line.
package enum JSONLines {
    /// The non-blank lines of the file at `path`.
    package static func read(_ path: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            let bytes = [UInt8](line)
            return bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ? nil : bytes
        }
    }
}
