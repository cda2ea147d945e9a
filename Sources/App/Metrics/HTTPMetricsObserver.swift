import CoreMetrics
import HTTPServer
import Synchronization

/// Feeds HTTP server events into swift-metrics: request counts by route template, method and status; latency
/// histogram by route template and method; open and total connections.
///
/// Metric objects are created once per (route, method, status) and cached, so the request path does one
/// dictionary lookup under an uncontended lock and no allocation. Labels are bounded: route templates (not raw
/// paths), known methods or `OTHER`, and `unmatched` for requests no route took.
public final class HTTPMetricsObserver: HTTPServerObserver {
    struct CountKey: Hashable { let route: Int; let method: Int; let status: Int }
    struct TimeKey: Hashable { let route: Int; let method: Int }

    private let factory: any MetricsFactory
    private let openConnections: Meter
    private let acceptedConnections: Counter
    private let counters = Mutex<[CountKey: Counter]>([:])
    private let timers = Mutex<[TimeKey: Timer]>([:])

    /// Creates the observer, registering its metrics with `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
        openConnections = Meter(label: "http_open_connections", factory: factory)
        acceptedConnections = Counter(label: "http_connections_total", factory: factory)
    }

    public func connectionOpened() {
        openConnections.increment()
        acceptedConnections.increment()
    }

    public func connectionClosed() { openConnections.decrement() }

    public func requestCompleted(_ record: HTTPRequestRecord) {
        let route = record.route?.index ?? -1
        let method = HTTPMethod.known.firstIndex(of: record.method) ?? -1
        let template = record.route?.template ?? "unmatched"
        let methodLabel = method >= 0 ? record.method.rawValue : "OTHER"
        let counter = counters.withLock { cache in
            let key = CountKey(route: route, method: method, status: record.status)
            if let c = cache[key] { return c }
            let c = Counter(label: "http_requests_total", dimensions: [
                ("route", template), ("method", methodLabel), ("status", String(record.status)),
            ], factory: factory)
            cache[key] = c
            return c
        }
        counter.increment()
        let timer = timers.withLock { cache in
            let key = TimeKey(route: route, method: method)
            if let t = cache[key] { return t }
            let t = Timer(label: "http_request_duration_seconds", dimensions: [("route", template), ("method", methodLabel)],
                          factory: factory)
            cache[key] = t
            return t
        }
        timer.recordNanoseconds(Int64(clamping: record.durationNanoseconds))
    }
}
