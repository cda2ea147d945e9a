import CoreMetrics
import HTTPServer
import Synchronization

/// Feeds HTTP server events into swift-metrics: request counts by route template, method and status; latency
/// histogram by route template and method; open and total connections.
///
/// Metric objects are created once per (route, method, status) and cached, so the request path does one
/// dictionary lookup under an uncontended lock and no allocation. Labels are bounded: route templates (not raw
/// paths), known methods or `OTHER`, and `unmatched` for requests no route took.
package final class HTTPMetricsObserver: HTTPServerObserver {
    struct Key: Hashable { let route: Int; let method: Int; let status: Int }
    struct TimeKey: Hashable { let route: Int; let method: Int }
    /// The two series one exchange updates; found with one lookup.
    struct Series { let counter: Counter; let timer: Timer }

    private let factory: any MetricsFactory
    private let openConnections: Meter
    private let acceptedConnections: Counter
    private let cancelledHandlers: Counter
    private let refusedBodies: Counter
    private let series = Mutex<(byStatus: [Key: Series], timers: [TimeKey: Timer])>(([:], [:]))

    /// Creates the observer, registering its metrics with `factory`.
    package init(factory: any MetricsFactory) {
        self.factory = factory
        openConnections = Meter(label: "http_open_connections", factory: factory)
        acceptedConnections = Counter(label: "http_connections_total", factory: factory)
        cancelledHandlers = Counter(label: "http_handlers_cancelled_total", factory: factory)
        refusedBodies = Counter(label: "http_body_budget_refusals_total", factory: factory)
    }

    package func connectionOpened() {
        openConnections.increment()
        acceptedConnections.increment()
    }

    package func connectionClosed() { openConnections.decrement() }

    package func handlerCancelled() { cancelledHandlers.increment() }

    package func bodyBudgetRefused() { refusedBodies.increment() }

    package func requestCompleted(_ record: HTTPRequestRecord) {
        let route = record.route?.index ?? -1
        let method = Self.methodIndex(record.method)
        let key = Key(route: route, method: method, status: record.status)
        let found = series.withLock { cache -> Series in
            if let s = cache.byStatus[key] { return s }
            let template = record.route?.template ?? "unmatched"
            let methodLabel = method >= 0 ? record.method.rawValue : "OTHER"
            let counter = Counter(label: "http_requests_total", dimensions: [
                ("route", template), ("method", methodLabel), ("status", String(record.status)),
            ], factory: factory)
            let timeKey = TimeKey(route: route, method: method)
            let timer = cache.timers[timeKey] ?? Timer(
                label: "http_request_duration_seconds", dimensions: [("route", template), ("method", methodLabel)],
                factory: factory)
            cache.timers[timeKey] = timer
            let s = Series(counter: counter, timer: timer)
            cache.byStatus[key] = s
            return s
        }
        found.counter.increment()
        found.timer.recordNanoseconds(Int64(clamping: record.durationNanoseconds))
    }

    /// Index into `HTTPMethod.known`, -1 for others; GET first because it is by far the most common.
    static func methodIndex(_ method: HTTPMethod) -> Int {
        if method == .get { return 0 }
        return HTTPMethod.known.firstIndex(of: method) ?? -1
    }
}
