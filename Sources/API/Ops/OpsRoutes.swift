import HTTPServer

/// The operations endpoints: `GET /health` (open) and `GET /metrics` (a read key, or open with `auth.metrics =
/// open`). Both are synchronous handlers, so they run inline on the connection's queue and answer even when the
/// cooperative pool is saturated by slow work; neither counts against rate or admission limits.
package enum OpsRoutes {
    /// The Prometheus text exposition content type (format 0.0.4).
    package static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    static let healthHeaders: HTTPHeaders = ["Content-Type": "application/json", "Cache-Control": "no-store"]

    /// Registers `/health` and `/metrics`.
    /// - Parameters:
    ///   - health: the readiness source; 200 when ready, 503 `{"status":"starting",...}` until then.
    ///   - metrics: renders the Prometheus text exposition.
    ///   - metricsAccess: who may scrape `/metrics`.
    package static func register(on table: inout EndpointTable, health: any HealthReporting,
                                metrics: @escaping @Sendable () -> String, metricsAccess: Access) {
        table.add(.get, "/health", access: .open, traffic: .ops, .sync { _ in
            let (ready, body) = health.healthBody()
            // Health must never be cached by a proxy: a stale 200 hides an outage.
            return HTTPResponse(status: ready ? .ok : 503, headers: healthHeaders, body: body)
        })
        table.add(.get, "/metrics", access: metricsAccess, traffic: .ops, .sync { _ in
            HTTPResponse(status: .ok, contentType: metricsContentType, body: metrics())
        })
    }
}
