/// Retrieval quality and latency of one evaluation run, per query domain and overall.
package struct EvalReport: Codable, Sendable {
    /// Figures for one slice of the queries.
    package struct Slice: Codable, Sendable {
        package var queries: Int
        package var recallAt1: Double
        package var recallAt5: Double
        package var recallAt10: Double
        package var mrr: Double
    }

    /// Median and 99th percentile of one latency, in milliseconds.
    package struct Latency: Codable, Sendable {
        package var p50: Double
        package var p99: Double
    }

    /// The LLM summarizer's own figures over the query phase (`--summarizer llm`), read from its metrics.
    package struct LLMStats: Codable, Sendable, Equatable {
        /// Query summaries asked for (every source).
        package var summaries: Int
        /// LLM lines that passed the grounding checks, and those rejected, by reason.
        package var accepted: Int
        package var rejected: [String: Int]
        /// HTTP attempts to the LLM.
        package var calls: Int
        /// Queries that stopped waiting at `llm.deadline_s`, were refused for lack of a slot, or whose LLM call failed
        /// (or the breaker was open): each got the extractive summary.
        package var pastDeadline: Int
        package var busy: Int
        package var failed: Int
        /// Per-attempt LLM latency.
        package var latencyP50Seconds: Double
        package var latencyP99Seconds: Double

        package init(summaries: Int, accepted: Int, rejected: [String: Int], calls: Int, pastDeadline: Int, busy: Int,
                     failed: Int, latencyP50Seconds: Double, latencyP99Seconds: Double) {
            self.summaries = summaries
            self.accepted = accepted
            self.rejected = rejected
            self.calls = calls
            self.pastDeadline = pastDeadline
            self.busy = busy
            self.failed = failed
            self.latencyP50Seconds = latencyP50Seconds
            self.latencyP99Seconds = latencyP99Seconds
        }

        /// Accepted among the lines the LLM gave (accepted + rejected); 0 when it gave none.
        package var acceptanceRate: Double {
            let judged = accepted + rejected.values.reduce(0, +)
            return judged == 0 ? 0 : Double(accepted) / Double(judged)
        }

        /// Share of the summaries whose LLM outcome came before the deadline (not cut off, not refused as busy).
        package var withinDeadlineShare: Double {
            summaries == 0 ? 0 : Double(summaries - pastDeadline - busy) / Double(summaries)
        }

        /// The report's LLM lines.
        func lines() -> [String] {
            let reasons = rejected.keys.sorted().map { "\($0) \(rejected[$0]!)" }.joined(separator: ", ")
            return ["llm: summaries=\(summaries) calls=\(calls) accepted=\(accepted) acceptance=\(fmt(acceptanceRate * 100, 1))% "
                    + "rejected: \(reasons.isEmpty ? "none" : reasons)",
                    "llm: call latency p50=\(fmt(latencyP50Seconds * 1000, 1)) ms p99=\(fmt(latencyP99Seconds * 1000, 1)) ms; "
                    + "within deadline \(fmt(withinDeadlineShare * 100, 1))% (past deadline \(pastDeadline), busy \(busy), "
                    + "failed \(failed))"]
        }
    }

    /// Slices keyed by domain (`page`, `video`, `live`) plus `overall`.
    package var slices: [String: Slice]
    /// Median and 99th-percentile query latency in milliseconds (summarize + encode + search).
    package var latencyP50Millis: Double
    /// 99th-percentile latency.
    package var latencyP99Millis: Double
    /// Products ingested and how long that took.
    package var productsIngested: Int
    /// Products that failed to ingest.
    package var ingestErrors: Int
    /// Seconds spent ingesting.
    package var ingestSeconds: Double
    /// Search mode and summarizer used.
    package var mode: String
    /// `llm`, `extractive` or `none`.
    package var summarizer: String
    /// Per-stage latency keyed `kind.stage` (kind `text` or `asr`; stage summarize, encode, ann, lexical, fuse, total).
    package var stages: [String: Latency] = [:]
    /// The LLM's figures, with `--summarizer llm`.
    package var llm: LLMStats?
    /// With `--summarizer llm`: the share of transcript queries whose summary took at most 1, 3 and 10 s (keys
    /// "1", "3", "10"), to read what a deadline would cut off from a run without one (`--set llm.deadline_s=0`).
    package var summaryWithin: [String: Double]?

    /// The seconds `summaryWithin` reports.
    package static let waitThresholds = [1.0, 3.0, 10.0]

    /// `summaryWithin` from the summarize stage's milliseconds per transcript query.
    package static func summaryWithin(_ millis: [Double]) -> [String: Double] {
        guard !millis.isEmpty else { return [:] }
        var shares: [String: Double] = [:]
        for seconds in waitThresholds {
            shares[String(Int(seconds))] = Double(millis.filter { $0 <= seconds * 1000 }.count) / Double(millis.count)
        }
        return shares
    }

    /// Creates a report.
    package init(slices: [String: Slice], latencyP50Millis: Double, latencyP99Millis: Double, productsIngested: Int,
                ingestErrors: Int, ingestSeconds: Double, mode: String, summarizer: String) {
        self.slices = slices
        self.latencyP50Millis = latencyP50Millis
        self.latencyP99Millis = latencyP99Millis
        self.productsIngested = productsIngested
        self.ingestErrors = ingestErrors
        self.ingestSeconds = ingestSeconds
        self.mode = mode
        self.summarizer = summarizer
    }

    /// The report as an aligned text table (the format of the dev set's README: R@1/5/10 and MRR per domain).
    package func table() -> String {
        var lines = ["mode=\(mode) summarizer=\(summarizer) products=\(productsIngested) ingest_errors=\(ingestErrors) " +
                     "ingest_s=\(fmt(ingestSeconds, 1))",
                     "domain     n      R@1     R@5    R@10     MRR"]
        for name in ["page", "video", "live", "overall"] {
            guard let s = slices[name] else { continue }
            lines.append(name.padding(8) + String(s.queries).leftPadding(5) + pct(s.recallAt1) + pct(s.recallAt5)
                         + pct(s.recallAt10) + "  " + fmt(s.mrr, 3))
        }
        lines.append("latency p50=\(fmt(latencyP50Millis, 2)) ms p99=\(fmt(latencyP99Millis, 2)) ms")
        for kind in ["text", "asr"] {
            let names = ["summarize", "encode", "ann", "lexical", "fuse", "total"]
            let parts = names.compactMap { name in
                stages["\(kind).\(name)"].map { "\(name) \(fmt($0.p50, 2))/\(fmt($0.p99, 2))" }
            }
            if !parts.isEmpty { lines.append("\(kind) stages p50/p99 ms: " + parts.joined(separator: ", ")) }
        }
        if let llm { lines += llm.lines() }
        if let within = summaryWithin, !within.isEmpty {
            let parts = Self.waitThresholds.map { String(Int($0)) }.compactMap { key in
                within[key].map { "\(key) s \(fmt($0 * 100, 1))%" }
            }
            lines.append("llm: summaries done within " + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    func pct(_ v: Double) -> String { (fmt(v * 100, 1) + "%").leftPadding(8) }
}

func fmt(_ v: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (v * scale).rounded() / scale
    var s = String(r)
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    } else if digits > 0 {
        s += "." + String(repeating: "0", count: digits)
    }
    return s
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func leftPadding(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
