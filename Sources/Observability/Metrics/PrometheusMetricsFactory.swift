import CoreMetrics

/// The swift-metrics backend writing into a `PrometheusRegistry`. Instrumented code uses the swift-metrics API
/// (`Counter`, `Timer`, `Gauge`, `Meter`, `Recorder`); bootstrap once with `MetricsSystem.bootstrap(factory)`,
/// or pass `factory:` explicitly (tests, which cannot bootstrap the process-global system more than once).
///
/// Handlers are cached by name + labels, so creating the same metric twice returns the same series.
package struct PrometheusMetricsFactory: MetricsFactory {
    /// Where the metrics live.
    package let registry: PrometheusRegistry

    /// A factory over `registry`.
    package init(registry: PrometheusRegistry) { self.registry = registry }

    package func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        counter(label, dimensions)
    }

    package func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        counter(label, dimensions)
    }

    package func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        gauge(label, dimensions)
    }

    package func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        aggregate ? histogram(label, dimensions) : gauge(label, dimensions)
    }

    package func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        histogram(label, dimensions)
    }

    // Series stay registered for the life of the process: labels are bounded by design, so nothing accumulates.
    package func destroyCounter(_ handler: any CounterHandler) {}
    package func destroyMeter(_ handler: any MeterHandler) {}
    package func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    package func destroyRecorder(_ handler: any RecorderHandler) {}
    package func destroyTimer(_ handler: any TimerHandler) {}

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> PrometheusCounter {
        guard case .counter(let c) = registry.handler(name: label, labels: dimensions, kind: .counter, make: {
            .counter(PrometheusCounter())
        }) else { return PrometheusCounter() }
        return c
    }

    private func gauge(_ label: String, _ dimensions: [(String, String)]) -> PrometheusGauge {
        guard case .gauge(let g) = registry.handler(name: label, labels: dimensions, kind: .gauge, make: {
            .gauge(PrometheusGauge())
        }) else { return PrometheusGauge() }
        return g
    }

    private func histogram(_ label: String, _ dimensions: [(String, String)]) -> PrometheusHistogram {
        let bounds = registry.buckets(for: label)
        guard case .histogram(let h) = registry.handler(name: label, labels: dimensions, kind: .histogram, make: {
            .histogram(PrometheusHistogram(bounds: bounds))
        }) else { return PrometheusHistogram(bounds: bounds) }
        return h
    }
}
