@testable import Observability
import CoreMetrics
import Testing

@Suite("Prometheus exposition")
struct PrometheusRegistryTests {
    @Test func countersGaugesAndEscaping() {
        let registry = PrometheusRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        registry.describe("jobs_total", "Jobs done.\nSecond line with \\ backslash.")
        Counter(label: "jobs_total", dimensions: [("kind", #"a"b\c"#), ("line", "x\ny")], factory: factory).increment(by: 2)
        Counter(label: "jobs_total", dimensions: [("kind", #"a"b\c"#), ("line", "x\ny")], factory: factory).increment()
        Gauge(label: "queue-depth", factory: factory).record(7.5)
        let text = registry.render()
        #expect(text == """
            # HELP jobs_total Jobs done.\\nSecond line with \\\\ backslash.
            # TYPE jobs_total counter
            jobs_total{kind="a\\"b\\\\c",line="x\\ny"} 3
            # HELP queue_depth queue_depth
            # TYPE queue_depth gauge
            queue_depth 7.5

            """)
    }

    @Test func histogramBucketsAreCumulative() {
        let registry = PrometheusRegistry(buckets: ["size_bytes": [10, 100]])
        let factory = PrometheusMetricsFactory(registry: registry)
        let r = Recorder(label: "size_bytes", aggregate: true, factory: factory)
        for v in [5.0, 50, 50, 500] { r.record(v) }
        let text = registry.render()
        #expect(text.contains(#"size_bytes_bucket{le="10"} 1"#))
        #expect(text.contains(#"size_bytes_bucket{le="100"} 3"#))
        #expect(text.contains(#"size_bytes_bucket{le="+Inf"} 4"#))
        #expect(text.contains("size_bytes_sum 605"))
        #expect(text.contains("size_bytes_count 4"))
    }

    @Test func timersRecordSeconds() {
        let registry = PrometheusRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        Timer(label: "op_seconds", factory: factory).recordNanoseconds(2_000_000)  // 2 ms
        let text = registry.render()
        #expect(text.contains(#"op_seconds_bucket{le="0.001"} 0"#))
        #expect(text.contains(#"op_seconds_bucket{le="0.0025"} 1"#))
        #expect(text.contains("op_seconds_sum 0.002"))
    }

    @Test func typeClashIsNotExported() {
        let registry = PrometheusRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        Counter(label: "thing", factory: factory).increment()
        Gauge(label: "thing", factory: factory).record(5)  // same name, other type: must not corrupt the family
        #expect(registry.render() == "# HELP thing thing\n# TYPE thing counter\nthing 1\n")
    }
}
