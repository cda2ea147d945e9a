import API
import Config
import CoreMetrics
import Guard
import HTTPServer
import Logging
import Observability
import VectorMath

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
package final class AmpereApp: Sendable {
    /// The resolved configuration.
    package let configuration: Configuration
    /// The root logger (components derive theirs with a label of their own).
    package let logger: Logger
    /// Readiness of slow-starting components and the `/health` sections.
    package let readiness: ReadinessRegistry
    /// All metrics; `/metrics` renders it.
    package let metrics: PrometheusRegistry
    /// The swift-metrics factory writing into `metrics`.
    package let metricsFactory: PrometheusMetricsFactory
    /// Every endpoint with its declared access (what the guard reads and the openapi.yaml sync test compares).
    package let endpoints: EndpointTable
    /// The guarded routes the server runs (also what the in-process tester calls).
    package let router: Router
    /// The HTTP server (not listening until `start()`).
    package let server: Server
    /// The catalog, index, encoder and summarizer, loaded in the background by `start()`.
    package let retrieval: RetrievalRuntime
    /// Authentication, rate limiting and admission control in front of the routes.
    package let requestGuard: RequestGuard
    /// The data directory's `flock`, taken by `start()` and let go by `shutdown()`.
    package let dataLock = DataDirectoryLock()

    /// Histogram bounds (seconds) of the metrics the default 100 µs - 10 s latency buckets do not fit: an LLM call
    /// on a small CPU takes up to `llm.timeout_s` (20 s by default; SmolLM2-135M's p99 here is over 20 s), and
    /// with 10 s as the last bound its p50 and p99 read only "> 10 s".
    package static let metricBuckets: [String: [Double]] = [
        "ampere_llm_latency_seconds": [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120, 300, 600],
    ]

    /// Builds the service; nothing listens and no file is touched until `start()`.
    package init(configuration: Configuration, logger: Logger,
                 metrics: PrometheusRegistry = PrometheusRegistry(buckets: AmpereApp.metricBuckets)) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        metricsFactory = PrometheusMetricsFactory(registry: metrics)
        readiness = ReadinessRegistry()
        Self.describeMetrics(metrics)
        ProcessMetrics.register(on: metrics, factory: metricsFactory)
        retrieval = RetrievalRuntime(configuration: configuration, metricsFactory: metricsFactory,
                                     logger: Self.componentLogger("ampere.retrieval", like: logger))
        requestGuard = RequestGuard(configuration: configuration, factory: metricsFactory)
        requestGuard.describeMetrics(on: metrics, factory: metricsFactory)
        endpoints = Self.makeEndpoints(configuration: configuration, readiness: readiness, metrics: metrics,
                                       retrieval: retrieval)
        router = requestGuard.router(for: endpoints)
        var http = Logger(label: "ampere.http")
        http.logLevel = logger.logLevel
        server = Server(
            configuration: HTTPServerConfiguration(configuration), router: router, logger: http,
            observer: HTTPMetricsObserver(factory: metricsFactory))
        let reserved = Gauge(label: "http_body_bytes_reserved", factory: metricsFactory)
        metrics.addCollector { [server] in reserved.record(server.bodyBudget.reserved) }
    }

    /// Prepares the data directory, starts listening and starts loading the retrieval stack in the background
    /// (`/health` says "starting" until it is ready); returns the bound port.
    @discardableResult
    package func start() throws -> Int {
        let host = configuration[.serverHost]
        if requestGuard.keyring.isEmpty, !configuration[.authOpen], !Self.isLoopback(host) {
            throw StartupError.openOnNetwork(host: host)
        }
        let isa = try selectKernels()
        try retrieval.replica?.prepareSchema()
        try DataDirectory.prepare(configuration[.dataDir])
        try dataLock.acquire(directory: configuration[.dataDir], command: "ampere serve")
        let catalog = readiness.register("catalog")
        readiness.setSection("products") { [retrieval] in .int(retrieval.stack?.directory.productCount ?? 0) }
        readiness.setSection("index") { [retrieval] in
            guard let stack = retrieval.stack else { return .object([]) }
            // Runs on every /health call, inline on the connection's thread: only counters and prepared strings.
            return .object([("vectors", .int(stack.graph.count)), ("dimension", .int(stack.encoder.dimension)),
                            ("space", .string(stack.encoder.spaceID)), ("loaded_from", .string(stack.loadedFrom))])
        }
        readiness.setSection("snapshot") { [retrieval] in Self.snapshotSection(retrieval.snapshots.current) }
        readiness.setSection("summary_upgrades") { [retrieval] in
            // Absent (null) when no upgrades run: no LLM configured, or summarizer.upgrade_per_s is 0.
            let s = retrieval.upgrades.current
            guard s.enabled else { return .null }
            return .object([("pending", .int(s.pending)), ("done", .int(s.done)), ("failed", .int(s.failed)),
                            ("rejected", .int(s.rejected)), ("paused", .bool(s.paused))])
        }
        readiness.setSection("recommender") { [retrieval] in
            guard let stack = retrieval.stack else { return .object([]) }
            // The learned model (recommend.model_path) when one serves; the content space otherwise and for requests
            // without a history; popularity for users with nothing usable.
            let model: JSONValue = stack.model.map { m in
                .object([("file", .string(m.path ?? "")), ("space", .string(m.spaceID)), ("dimension", .int(m.dimension)),
                         ("trained_at", .string(m.file.trainedAt)), ("checksum", .string(m.file.checksum)),
                         ("products", .int(stack.recommend.learnedProducts))])
            } ?? .null
            return .object([("mode", .string(stack.recommend.mode)), ("space", .string(stack.encoder.spaceID)),
                            ("model", model), ("refused", stack.modelRefusal.map { .string($0) } ?? .null),
                            ("fallback", .string("content")), ("cold_users", .string("popularity"))])
        }
        readiness.setSection("kernels") { .object([("isa", .string(isa.rawValue))]) }
        readiness.setSection("cluster") { [retrieval] in Self.clusterSection(retrieval.replica) }
        if let replica = retrieval.replica { readiness.setCondition("replica") { replica.isFresh } }
        warnAboutAccess()
        readiness.setSection("storage") { [retrieval] in
            // Only while writes fail for lack of storage (disk full, read-only, I/O errors); reads still work.
            guard let failure = retrieval.stack?.store.writeHealth.lastFailure else { return .null }
            return .object([("writable", .bool(false)), ("last_error", .string(failure))])
        }
        do {
            let port = try server.start()
            retrieval.start(onReady: { catalog.markReady() }, onFailure: { catalog.markFailed($0) })
            return port
        } catch {
            dataLock.release()
            throw StartupError.listen(
                host: configuration[.serverHost], port: configuration[.serverPort], reason: "\(error)")
        }
    }

    /// The bound port (0 before `start()`).
    package var port: Int { server.port }

    /// Graceful shutdown within `server.drain_timeout_s`; true if every in-flight request finished in time.
    package func shutdown() async -> Bool {
        let clean = await server.shutdown(gracePeriod: configuration[.serverDrainTimeoutS])
        await retrieval.shutdown()
        dataLock.release()
        return clean
    }

    /// Blocking form of `shutdown()`, for the main thread of the executable (never call it from a Task).
    package func shutdownAndWait() -> Bool {
        let done = DispatchSemaphoreBox()
        server.shutdown(gracePeriod: configuration[.serverDrainTimeoutS]) { [retrieval, dataLock] clean in
            Task { await retrieval.shutdown(); dataLock.release(); done.signal(clean) }
        }
        return done.wait()
    }

    /// True for an address only this machine can reach: 127.0.0.0/8, ::1 or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        return h == "localhost" || h == "::1" || h == "[::1]" || h.hasPrefix("127.")
    }

    /// Resolves `kernels.isa` and makes it the process's kernel path before the encoder loads; logs it and sets
    /// the `ampere_kernels_isa{isa=...}` gauge. Forcing a path the host cannot run is a start-up error, not a SIGILL.
    func selectKernels() throws -> KernelISA {
        let request = KernelISA.Request(rawValue: configuration[.kernelsIsa]) ?? .auto
        let isa: KernelISA
        do {
            isa = try KernelISA.select(request)
        } catch {
            throw StartupError.kernels(reason: error.reason)
        }
        logger.info("kernels: \(isa.rawValue) (kernels.isa=\(request.rawValue); \(KernelSupport.detected.summary))")
        Gauge(label: "ampere_kernels_isa", dimensions: [("isa", isa.rawValue)], factory: metricsFactory).record(1)
        return isa
    }

    /// Says at start when the service is open to anyone who can connect (never naming a key).
    func warnAboutAccess() {
        if requestGuard.keyring.isEmpty {
            logger.warning("no API keys configured: every endpoint is open; set AMPERE_WRITE_KEYS and AMPERE_READ_KEYS")
        } else if !requestGuard.keyring.hasWriteKeys {
            logger.notice("only read keys configured: upserts and deletes are refused (403)")
        }
    }

    /// A logger with its own label at the root logger's level (so tests that quieten the app quieten it all).
    static func componentLogger(_ label: String, like root: Logger) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = root.logLevel
        return logger
    }

    static func describeMetrics(_ registry: PrometheusRegistry) {
        registry.describe("http_requests_total", "HTTP requests by route template, method and status.")
        registry.describe("http_request_duration_seconds", "Time from complete request head to response queued.")
        registry.describe("http_open_connections", "Currently open HTTP connections.")
        registry.describe("http_connections_total", "HTTP connections accepted.")
        registry.describe("http_handlers_cancelled_total", "Async handlers cancelled because their client hung up.")
        registry.describe("http_body_bytes_reserved", "Request-body bytes held now against limits.body_budget_bytes.")
        registry.describe("http_body_budget_refusals_total", "Requests answered 503 because the body budget was spent.")
        registry.describe("ampere_kernels_isa", "1 for the instruction set the CPU kernels run on (kernels.isa).")
    }
}
