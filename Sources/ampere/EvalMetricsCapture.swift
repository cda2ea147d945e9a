import Metrics
import Synchronization
import Tools

/// The swift-metrics backend of `ampere eval`: keeps every counter by name and labels and every timer sample, so
/// the report can give the summarizer's own figures for the query phase (acceptance rate, rejection reasons,
/// per-call latency percentiles, answers within the deadline) exactly, not from histogram buckets.
final class EvalMetricsCapture: MetricsFactory, Sendable {
    private final class Count: CounterHandler, FloatingPointCounterHandler, Sendable {
        let value = Mutex<Double>(0)
        func increment(by amount: Int64) { value.withLock { $0 += Double(amount) } }
        func increment(by amount: Double) { value.withLock { $0 += amount } }
        func reset() { value.withLock { $0 = 0 } }
    }

    private final class Samples: TimerHandler, RecorderHandler, MeterHandler, Sendable {
        let values = Mutex<[Double]>([])
        func recordNanoseconds(_ duration: Int64) { values.withLock { $0.append(Double(duration) / 1e9) } }
        func record(_ value: Int64) { values.withLock { $0.append(Double(value)) } }
        func record(_ value: Double) { values.withLock { $0.append(value) } }
        func set(_ value: Int64) { record(value) }
        func set(_ value: Double) { record(value) }
        func increment(by: Double) {}
        func decrement(by: Double) {}
    }

    private let counters = Mutex<[String: Count]>([:])
    private let timers = Mutex<[String: Samples]>([:])

    static func name(_ label: String, _ dimensions: [(String, String)]) -> String {
        dimensions.isEmpty ? label : label + "{" + dimensions.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "}"
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { count(label, dimensions) }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        count(label, dimensions)
    }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { samples(label, dimensions) }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        samples(label, dimensions)
    }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { samples(label, dimensions) }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private func count(_ label: String, _ dimensions: [(String, String)]) -> Count {
        counters.withLock { table in
            let key = Self.name(label, dimensions)
            if let existing = table[key] { return existing }
            let made = Count()
            table[key] = made
            return made
        }
    }

    private func samples(_ label: String, _ dimensions: [(String, String)]) -> Samples {
        timers.withLock { table in
            let key = Self.name(label, dimensions)
            if let existing = table[key] { return existing }
            let made = Samples()
            table[key] = made
            return made
        }
    }

    /// Every counter's value now, by `name{label=value}`.
    func counterValues() -> [String: Double] { counters.withLock { $0.mapValues { $0.value.withLock { $0 } } } }

    /// Forgets every counter value and sample (the start of the query phase).
    func reset() {
        counters.withLock { for c in $0.values { c.reset() } }
        timers.withLock { for t in $0.values { t.values.withLock { $0 = [] } } }
    }

    /// The samples of a timer, in seconds.
    func samples(of label: String) -> [Double] { timers.withLock { $0[label]?.values.withLock { $0 } ?? [] } }

    /// The summarizer's figures since the last `reset`, read from its own counters.
    func llmStats() -> EvalReport.LLMStats {
        let c = counterValues()
        let accepted = Int(c["ampere_llm_summaries_accepted_total"] ?? 0)
        var rejected: [String: Int] = [:]
        let prefix = "ampere_llm_summaries_rejected_total{reason="
        for (name, value) in c where name.hasPrefix(prefix) && value > 0 {
            rejected[String(name.dropFirst(prefix.count).dropLast())] = Int(value)
        }
        let fallback = { (reason: String) in Int(c[Self.name("ampere_summarizer_fallbacks_total", [("reason", reason)])] ?? 0) }
        let summaries = ["llm", "extractive", "cache"].reduce(0) {
            $0 + Int(c[Self.name("ampere_summaries_total", [("source", $1)])] ?? 0)
        }
        let latencies = samples(of: "ampere_llm_latency_seconds").sorted()
        return EvalReport.LLMStats(summaries: summaries, accepted: accepted, rejected: rejected,
                                   calls: Int(c["ampere_llm_calls_total"] ?? 0),
                                   pastDeadline: fallback("deadline"), busy: fallback("busy"),
                                   failed: fallback("llm_error") + fallback("circuit_open"),
                                   latencyP50Seconds: EvalRunner.quantile(latencies, 0.5),
                                   latencyP99Seconds: EvalRunner.quantile(latencies, 0.99))
    }
}
