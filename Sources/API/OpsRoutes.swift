import HTTPServer

/// The operations endpoints: `GET /health` and `GET /metrics`. Both are synchronous handlers, so they run inline
/// on the connection's queue and answer even when the cooperative pool is saturated by slow work.
public enum OpsRoutes {
    /// The Prometheus text exposition content type (format 0.0.4).
    public static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    static let healthHeaders: HTTPHeaders = ["Content-Type": "application/json", "Cache-Control": "no-store"]

    /// Registers `/health` and `/metrics` on `router`.
    /// - Parameters:
    ///   - health: the readiness source; 200 when ready, 503 `{"status":"starting",...}` until then.
    ///   - metrics: renders the Prometheus text exposition.
    public static func register(
        on router: inout Router, health: any HealthReporting, metrics: @escaping @Sendable () -> String
    ) {
        router.get("/health") { _ in
            let (ready, body) = health.healthBody()
            // Health must never be cached by a proxy: a stale 200 hides an outage.
            return HTTPResponse(status: ready ? .ok : 503, headers: healthHeaders, body: body)
        }
        router.get("/metrics") { _ in
            HTTPResponse(status: .ok, contentType: metricsContentType, body: metrics())
        }
    }
}
