import Cluster
import Config
import Glibc
import Logging
import Postgres
import Storage
import Synchronization

/// The `cluster.*` settings, translated once.
package struct ClusterOptions: Sendable {
    /// `single` (SQLite is the system of record) or `replica` (PostgreSQL is).
    package var replica: Bool
    /// Conninfo for writes (the primary is found by `target_session_attrs=read-write`).
    package var writeURL: String
    /// Conninfo the feed reads from.
    package var readURL: String
    /// Feed poll interval while idle.
    package var pollInterval: Duration
    /// Readiness lag bound, seconds.
    package var maxLagSeconds: Double
    /// One write transaction's deadline.
    package var writeTimeout: Duration
    /// How long writes retry through a failover.
    package var writeRetry: Duration
    /// Writer connections.
    package var writeConnections: Int
    /// The longest `?wait=visible`.
    package var visibleTimeout: Duration
    /// How long start-up waits for a read-write PostgreSQL while only read-only hosts answer.
    package var startWait: Duration

    /// The options `c` describes.
    package init(_ c: Configuration) {
        replica = c[.clusterMode] == "replica"
        writeURL = c[.clusterPgUrl]
        readURL = c[.clusterPgReadUrl].isEmpty ? c[.clusterPgUrl] : c[.clusterPgReadUrl]
        pollInterval = .milliseconds(c[.clusterPollMs])
        maxLagSeconds = c[.clusterMaxLagS]
        writeTimeout = .milliseconds(Int(c[.clusterWriteTimeoutS] * 1000))
        writeRetry = .milliseconds(Int(c[.clusterWriteRetryS] * 1000))
        writeConnections = c[.clusterWriteConnections]
        visibleTimeout = .milliseconds(Int(c[.clusterVisibleTimeoutS] * 1000))
        startWait = .milliseconds(Int(c[.clusterStartWaitS] * 1000))
    }
}

/// Replica mode's moving parts: the writer to the primary, the store adapter, and the feed that keeps this
/// node's SQLite and index up to date. Single-node mode has none of it.
package final class ReplicaRuntime: Sendable {
    package let options: ClusterOptions
    package let writer: PGCatalogWriter
    private let logger: Logger
    private let parts = Mutex<(store: ReplicatedCatalogStore?, feed: ReplicaFeed?)>((nil, nil))

    init(options: ClusterOptions, logger: Logger) {
        self.options = options
        self.logger = logger
        writer = PGCatalogWriter(conninfo: options.writeURL, connections: options.writeConnections,
                                 timeout: options.writeTimeout, retryBudget: options.writeRetry, logger: logger)
    }

    /// Start-up check, before the server listens: connects to the primary and creates or migrates the schema.
    /// While PostgreSQL answers but no host is read-write (a failover under way: the old leader is gone, the new
    /// one not yet promoted) it tries again every second for `cluster.start_wait_s`. Throws a message naming the
    /// hosts tried when no read-write PostgreSQL answers by then, or at once when no host answers at all.
    func prepareSchema() throws(StartupError) {
        guard !options.writeURL.isEmpty else {
            throw StartupError.cluster(reason: "cluster.mode is replica but cluster.pg_url is empty (AMPERE_CLUSTER_PG_URL)")
        }
        let clock = ContinuousClock()
        let deadline = clock.now + options.startWait
        while true {
            do {
                let conn = try PGConnection(conninfo: options.writeURL, defaults: [("connect_timeout", "3")],
                                            overrides: [("target_session_attrs", "read-write")])
                let applied = try PGCatalogSchema.migrate(conn)
                logger.info("cluster schema ready", metadata: ["primary": "\(conn.endpoint)", "applied": "\(applied)"])
                return
            } catch {
                let reachable = error.kind == .connection || error.kind == .readOnly
                if reachable, Self.someHostAnswered(error.message), clock.now < deadline {
                    logger.warning("no read-write PostgreSQL yet (failover?); trying again", metadata: [
                        "error": "\(error.message)", "waiting_s": "\(Int(((deadline - clock.now) / .seconds(1)).rounded()))"])
                    usleep(1_000_000)
                    continue
                }
                let what = reachable ? "cannot reach a read-write PostgreSQL through cluster.pg_url" : "cannot prepare the schema in PostgreSQL"
                throw StartupError.cluster(reason: "\(what): \(error.message)")
            }
        }
    }

    /// True when libpq's message shows a host that answered but was not read-write ("session is read-only",
    /// "server is in hot standby mode"): a primary may appear there soon. Refused or unknown hosts alone: false.
    static func someHostAnswered(_ message: String) -> Bool {
        message.contains("read-only") || message.contains("hot standby") || message.contains("recovery")
    }

    /// The catalog store for the stack: writes to PostgreSQL, reads from `local`.
    func store(over local: SQLiteCatalogStore) -> ReplicatedCatalogStore {
        let store = ReplicatedCatalogStore(local: local, writer: writer)
        parts.withLock { $0.store = store }
        return store
    }

    /// Starts the feed into `stack` (its local store and catalog service).
    func startFeed(_ stack: RetrievalStack) {
        let feed = ReplicaFeed(conninfo: options.readURL, sink: CatalogReplicaSink(store: stack.store, catalog: stack.catalog),
                               options: ReplicaFeed.Options(pollInterval: options.pollInterval), logger: logger)
        let store = parts.withLock { p -> ReplicatedCatalogStore? in
            p.feed = feed
            return p.store
        }
        store?.attach(feed)
        feed.start()
        logger.info("replica feed started", metadata: ["poll_ms": "\(options.pollInterval)"])
    }

    /// Purges PostgreSQL's change rows older than `days` every `interval` until `stopping` (any node may: the
    /// purge is idempotent, and it records how far it went so a node further behind reconciles).
    func changeRetention(days: Int, interval: Duration, stopping: @Sendable () -> Bool) async {
        guard days > 0 else { return }
        while !stopping() {
            do {
                let n = try await writer.purgeChanges(olderThanDays: Double(days))
                if n > 0 { logger.info("cluster change rows purged", metadata: ["rows": "\(n)", "days": "\(days)"]) }
            } catch {
                logger.warning("cluster change purge failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// The feed (nil before the stack loaded).
    package var feed: ReplicaFeed? { parts.withLock { $0.feed } }

    /// The feed's state (nil before it started).
    var status: ReplicaStatus? { parts.withLock { $0.feed }?.status }

    /// True when the feed caught up once and the data is fresher than `cluster.max_lag_s`.
    var isFresh: Bool {
        guard let status else { return false }
        return status.caughtUp && status.lagSeconds <= options.maxLagSeconds
    }

    /// Stops the feed.
    func stop() async { await parts.withLock { $0.feed }?.stop() }
}
