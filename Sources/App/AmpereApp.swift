import API
import CoreMetrics
import HTTPServer
import Logging

/// The composition root: turns a `Configuration` into a running service (routes, metrics, readiness, server).
///
/// ```swift
/// let app = try AmpereApp(configuration: config, logger: logger)
/// let port = try app.start()
/// ...
/// let clean = await app.shutdown()
/// ```
/// Components that load slowly register with `readiness` so `/health` says "starting" until they are done.
/// Services created here should be given `metricsFactory` explicitly (tests run several apps in one process,
/// while the process-global `MetricsSystem` can be bootstrapped only once, by the executable).
public final class AmpereApp: Sendable {
    /// The resolved configuration.
    public let configuration: Configuration
    /// The root logger (components derive theirs with a label of their own).
    public let logger: Logger
    /// Readiness of slow-starting components and the `/health` sections.
    public let readiness: ReadinessRegistry
    /// All metrics; `/metrics` renders it.
    public let metrics: PrometheusRegistry
    /// The swift-metrics factory writing into `metrics`.
    public let metricsFactory: PrometheusMetricsFactory
    /// Every route the service answers (also what the openapi.yaml sync test compares against).
    public let router: Router
    /// The HTTP server (not listening until `start()`).
    public let server: HTTPServer

    /// Builds the service; nothing listens and no file is touched until `start()`.
    public init(configuration: Configuration, logger: Logger, metrics: PrometheusRegistry = PrometheusRegistry()) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        metricsFactory = PrometheusMetricsFactory(registry: metrics)
        readiness = ReadinessRegistry()
        Self.describeMetrics(metrics)
        ProcessMetrics.register(on: metrics, factory: metricsFactory)
        router = Self.makeRouter(readiness: readiness, metrics: metrics)
        var http = Logger(label: "ampere.http")
        http.logLevel = logger.logLevel
        server = HTTPServer(
            configuration: HTTPServerConfiguration(configuration), router: router, logger: http,
            observer: HTTPMetricsObserver(factory: metricsFactory))
    }

    /// Prepares the data directory and starts listening; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        try DataDirectory.prepare(configuration.string("data.dir"))
        do {
            return try server.start()
        } catch {
            throw StartupError.listen(
                host: configuration.string("server.host"), port: configuration.int("server.port"), reason: "\(error)")
        }
    }

    /// The bound port (0 before `start()`).
    public var port: Int { server.port }

    /// Graceful shutdown within `server.drain_timeout_s`; true if every in-flight request finished in time.
    public func shutdown() async -> Bool {
        await server.shutdown(gracePeriod: configuration.double("server.drain_timeout_s"))
    }

    /// Blocking form of `shutdown()`, for the main thread of the executable (never call it from a Task).
    public func shutdownAndWait() -> Bool {
        let done = DispatchSemaphoreBox()
        server.shutdown(gracePeriod: configuration.double("server.drain_timeout_s")) { done.signal($0) }
        return done.wait()
    }

    static func describeMetrics(_ registry: PrometheusRegistry) {
        registry.describe("http_requests_total", "HTTP requests by route template, method and status.")
        registry.describe("http_request_duration_seconds", "Time from complete request head to response queued.")
        registry.describe("http_open_connections", "Currently open HTTP connections.")
        registry.describe("http_connections_total", "HTTP connections accepted.")
    }
}
