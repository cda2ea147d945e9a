import CoreMetrics

extension RequestGuard {
    /// The guard the configuration describes (`auth.*` and the `limits.rate_*`, `limits.max_in_flight` keys).
    public convenience init(configuration c: Configuration, factory: any MetricsFactory) {
        self.init(
            keyring: APIKeyring(writeKeys: APIKeyring.parseList(c.string("auth.write_keys")),
                                readKeys: APIKeyring.parseList(c.string("auth.read_keys"))),
            limiter: RateLimiter(ratePerSecond: c.double("limits.rate_per_s"), burst: c.int("limits.rate_burst"),
                                 maxClients: c.int("limits.rate_clients")),
            gate: AdmissionGate(maxInFlight: c.int("limits.max_in_flight"), maxQueued: c.int("limits.max_queued")),
            metricsOpen: c.string("auth.metrics") == "open",
            retryAfterSeconds: c.int("limits.retry_after_s"), factory: factory)
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
