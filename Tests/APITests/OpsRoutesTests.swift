import API
import HTTPServer
import Synchronization
import Testing
import TestSupport

final class FakeHealth: HealthReporting {
    let ready = Mutex(false)
    func healthReport() -> HealthReport {
        let r = ready.withLock { $0 }
        return HealthReport(ready: r, pending: r ? [] : ["encoder"], sections: [("products", .int(r ? 5 : 0))])
    }
}

@Suite("Ops routes over a real socket")
struct OpsRoutesTests {
    @Test func healthIs503UntilReadyThen200() async throws {
        let health = FakeHealth()
        var table = EndpointTable()
        OpsRoutes.register(on: &table, health: health, metrics: { "# TYPE x counter\nx 1\n" }, metricsAccess: .read)
        #expect(table.endpoint(.get, "/health")?.access == .open && table.endpoint(.get, "/health")?.traffic == .ops)
        #expect(table.endpoint(.get, "/metrics")?.access == .read && table.endpoint(.get, "/metrics")?.traffic == .ops)
        let server = try LiveServer(router: table.router())
        defer { server.stop() }
        let c = try server.client()
        let starting = try await c.request("GET", "/health")
        #expect(starting.status == 503)
        #expect(starting.text == #"{"status":"starting","pending":["encoder"],"products":0}"#)
        #expect(starting.headers["Cache-Control"] == "no-store")
        health.ready.withLock { $0 = true }
        let ok = try await c.request("GET", "/health")
        #expect(ok.status == 200)
        #expect(ok.text == #"{"status":"ok","products":5}"#)
        let metrics = try await c.request("GET", "/metrics")
        #expect(metrics.headers["Content-Type"] == OpsRoutes.metricsContentType)
        #expect(metrics.text == "# TYPE x counter\nx 1\n")
    }
}
