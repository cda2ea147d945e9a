import CoreMetrics

/// The summarizer's metrics, created once with bounded labels (reasons and sources are fixed enums).
///
/// Names as they appear on `/metrics`: `ampere_llm_calls_total` (HTTP attempts), `ampere_llm_failures_total{reason}`,
/// `ampere_llm_latency_seconds` (per attempt), `ampere_summary_cache_hits_total`, `ampere_summary_cache_misses_total`,
/// `ampere_summarizer_fallbacks_total{reason}`, `ampere_summaries_total{source}`,
/// `ampere_llm_summaries_rejected_total{reason}` (a `GroundingRejection`) and `ampere_llm_summaries_accepted_total`.
public final class SummarizerMetrics: Sendable {
    let llmCalls: Counter
    let llmLatency: Timer
    let cacheHits: Counter
    let cacheMisses: Counter
    private let failures: [String: Counter]
    private let fallbacks: [String: Counter]
    private let summaries: [SummarySourceLabel: Counter]
    private let rejections: [GroundingRejection: Counter]
    /// LLM lines (fresh or cached) that passed the grounding checks.
    let accepted: Counter

    /// Failure reasons (`LLMError.metricReason` values), fixed so label cardinality stays bounded.
    public static let failureReasons = ["circuit_open", "timeout", "connect", "too_large", "transport", "http_429",
                                        "http_5xx", "http_4xx", "malformed", "empty"]
    /// Why the extractive fallback answered.
    public static let fallbackReasons = ["no_llm", "circuit_open", "llm_error", "deadline", "busy", "too_long", "rejected",
                                          "client_quota"]

    /// Registers every metric with `factory` (the bootstrapped global one by default).
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        llmCalls = Counter(label: "ampere_llm_calls_total", factory: factory)
        llmLatency = Timer(label: "ampere_llm_latency_seconds", preferredDisplayUnit: .seconds, factory: factory)
        cacheHits = Counter(label: "ampere_summary_cache_hits_total", factory: factory)
        cacheMisses = Counter(label: "ampere_summary_cache_misses_total", factory: factory)
        var f: [String: Counter] = [:]
        for r in Self.failureReasons { f[r] = Counter(label: "ampere_llm_failures_total", dimensions: [("reason", r)], factory: factory) }
        failures = f
        var b: [String: Counter] = [:]
        for r in Self.fallbackReasons { b[r] = Counter(label: "ampere_summarizer_fallbacks_total", dimensions: [("reason", r)], factory: factory) }
        fallbacks = b
        var s: [SummarySourceLabel: Counter] = [:]
        for source in SummarySourceLabel.allCases {
            s[source] = Counter(label: "ampere_summaries_total", dimensions: [("source", source.rawValue)], factory: factory)
        }
        summaries = s
        var r: [GroundingRejection: Counter] = [:]
        for reason in GroundingRejection.allCases {
            r[reason] = Counter(label: "ampere_llm_summaries_rejected_total", dimensions: [("reason", reason.rawValue)], factory: factory)
        }
        rejections = r
        accepted = Counter(label: "ampere_llm_summaries_accepted_total", factory: factory)
    }

    func failure(_ reason: String) { failures[reason]?.increment() }
    func fallback(_ reason: String) { fallbacks[reason]?.increment() }
    func summary(_ source: SummarySourceLabel) { summaries[source]?.increment() }
    func rejected(_ reason: GroundingRejection) { rejections[reason]?.increment() }
}

/// Mirrors `SummarySource` without importing Retrieval here (keeps this file's dependencies to CoreMetrics).
enum SummarySourceLabel: String, CaseIterable { case llm, extractive, cache }
