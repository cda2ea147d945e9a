import Synchronization

/// Holds every metric and renders them in the Prometheus text format. Backs `PrometheusMetricsFactory`.
///
/// Chosen over swift-prometheus to avoid another package (and swift-atomics) in every clean build, and because
/// the few pieces needed (counter, gauge, fixed-bucket histogram, escaping) are small and fully tested here.
package final class PrometheusRegistry: Sendable {
    enum Kind: String, Sendable { case counter, gauge, histogram }

    enum Handler: Sendable {
        case counter(PrometheusCounter)
        case gauge(PrometheusGauge)
        case histogram(PrometheusHistogram)
    }

    struct Family: Sendable {
        let name: String
        let kind: Kind
        var help: String?
        var series: [(labels: [(String, String)], key: String, handler: Handler)] = []
    }

    struct State: Sendable {
        var families: [String: Family] = [:]
        var order: [String] = []
        var help: [String: String] = [:]
        var collectors: [@Sendable () -> Void] = []
    }

    let state = Mutex(State())

    /// Latency buckets in seconds, from 100 µs to 10 s.
    package static let defaultBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// Buckets per metric name, for recorders/timers whose values are not latencies in seconds.
    let bucketOverrides: [String: [Double]]

    /// An empty registry; `buckets` overrides the default buckets for the named histograms.
    package init(buckets: [String: [Double]] = [:]) {
        bucketOverrides = buckets
    }

    /// Sets the `# HELP` text of a metric (swift-metrics has no place for it).
    package func describe(_ name: String, _ help: String) {
        let name = PrometheusText.sanitizeName(name)
        state.withLock { s in
            s.help[name] = help
            s.families[name]?.help = help
        }
    }

    /// Runs `collector` before each render (to refresh gauges such as process memory).
    package func addCollector(_ collector: @escaping @Sendable () -> Void) {
        state.withLock { $0.collectors.append(collector) }
    }

    /// Returns the existing series for `name` + `labels`, or creates it with `make`.
    /// A name already used with another type gets a detached handler: it works but is not exported.
    func handler(name raw: String, labels: [(String, String)], kind: Kind, make: () -> Handler) -> Handler {
        let name = PrometheusText.sanitizeName(raw)
        let key = PrometheusText.labelSet(labels)
        return state.withLock { s in
            if s.families[name] == nil {
                s.families[name] = Family(name: name, kind: kind, help: s.help[name])
                s.order.append(name)
            }
            guard s.families[name]!.kind == kind else { return make() }
            if let existing = s.families[name]!.series.first(where: { $0.key == key }) { return existing.handler }
            let handler = make()
            s.families[name]!.series.append((labels, key, handler))
            return handler
        }
    }

    /// Buckets for histogram `name`.
    func buckets(for name: String) -> [Double] {
        bucketOverrides[PrometheusText.sanitizeName(name)] ?? Self.defaultBuckets
    }
}
