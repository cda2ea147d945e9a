import Config
import CoreMetrics
import Guard
import Observability

extension RequestGuard {
    /// The guard the configuration describes (`auth.*` and the `limits.rate_*`, `limits.max_in_flight` keys).
    package convenience init(configuration c: Configuration, factory: any MetricsFactory) {
        self.init(
            keyring: APIKeyring(writeKeys: APIKeyring.parseList(c[.authWriteKeys]),
                                readKeys: APIKeyring.parseList(c[.authReadKeys])),
            limiter: RateLimiter(ratePerSecond: c[.limitsRatePerS], burst: c[.limitsRateBurst],
                                 maxClients: c[.limitsRateClients]),
            gate: AdmissionGate(maxInFlight: c[.limitsMaxInFlight], maxQueued: c[.limitsMaxQueued],
                                maxWait: c[.limitsQueueTimeoutS]),
            retryAfterSeconds: c[.limitsRetryAfterS], factory: factory)
    }

    /// Registers the guard's metric descriptions and a collector for its gauges on `registry`.
    func describeMetrics(on registry: PrometheusRegistry, factory: any MetricsFactory) {
        registry.describe("http_guard_rejections_total", "Requests refused by the guard, by reason.")
        registry.describe("http_guard_in_flight", "Requests inside the admission gate.")
        registry.describe("http_guard_queued", "Requests waiting for an admission slot.")
        registry.describe("http_guard_rate_clients", "Clients with a rate-limit bucket.")
        let inFlight = Gauge(label: "http_guard_in_flight", factory: factory)
        let queued = Gauge(label: "http_guard_queued", factory: factory)
        let clients = Gauge(label: "http_guard_rate_clients", factory: factory)
        registry.addCollector { [gate, limiter] in
            let load = gate.load
            inFlight.record(load.inFlight)
            queued.record(load.queued)
            clients.record(limiter.trackedClients)
        }
    }
}
