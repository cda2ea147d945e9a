import Logging
import Postgres
import Retrieval
import Storage
import Synchronization

/// Writes to the cluster's system of record: products, their appearances and vectors in one PostgreSQL
/// transaction on the primary (`target_session_attrs=read-write`), answered only after COMMIT. Encoding and
/// summarizing happen before, in the caller, so transactions stay short.
///
/// A connection-class failure (the primary died, a failover is under way, the server went read-only) is retried on
/// a fresh connection until `retryBudget` has passed — an upsert by id is idempotent, so a retry after a COMMIT
/// whose answer was lost only writes the same product again — and then becomes `storageUnavailable` (503 with
/// Retry-After), never a hang and never a false success.
public final class PGCatalogWriter: Sendable {
    /// One committed product write.
    public struct Committed: Sendable {
        /// True when the id did not exist before.
        public var created: Bool
        /// The version token: the writing transaction's id (a node has applied the write once its horizon passes it).
        public var version: Int64
        /// Creation and update times (Unix seconds) as PostgreSQL stored them.
        public var createdAt: Double
        /// See `createdAt`.
        public var updatedAt: Double
    }

    private let workers: [PGWorker]
    private let next = Atomic<Int>(0)
    private let timeout: Duration
    private let retryBudget: Duration
    private let logger: Logger

    /// Writers over `conninfo` (multi-host; `target_session_attrs=read-write` is forced), `connections` of them.
    public init(conninfo: String, connections: Int, timeout: Duration, retryBudget: Duration, logger: Logger) {
        workers = (0..<max(1, connections)).map {
            PGWorker(conninfo: conninfo, label: "ampere.pg.writer\($0)", overrides: [("target_session_attrs", "read-write")])
        }
        self.timeout = timeout
        self.retryBudget = retryBudget
        self.logger = logger
    }

    /// Where the first writer is connected (`host:port`), nil when it is not.
    public var endpoint: String? { workers.first?.endpoint }

    /// Creates or migrates the schema (under an advisory lock). Throws when the primary cannot be reached.
    @discardableResult
    public func migrate() async throws(PGError) -> [Int] {
        try await workers[0].run(timeout: timeout) { conn throws(PGError) in try PGCatalogSchema.migrate(conn) }
    }

    /// Upserts products in one transaction: all commit or none.
    public func upsert(_ items: [(draft: ProductDraft, appearances: [EncodedAppearance])],
                       spaceID: String) async throws -> [Committed] {
        try await write { conn throws(PGError) in
            try conn.transaction { (c) throws(PGError) -> [Committed] in
                try items.map { item throws(PGError) in
                    let w = try PGCatalogRows.upsert(c, item.draft, item.appearances, spaceID: spaceID)
                    return Committed(created: w.created, version: w.version, createdAt: w.createdAt, updatedAt: w.updatedAt)
                }
            }
        }
    }

    /// Copies products as another store holds them (vectors and times included) in one transaction: what
    /// `ampere cluster-import` sends, batch by batch. Returns the batch's version token.
    public func importBatch(_ products: [ReplicatedProduct]) async throws -> Int64 {
        try await write { conn throws(PGError) in
            try conn.transaction { (c) throws(PGError) -> Int64 in
                var version: Int64 = 0
                for p in products {
                    version = try PGCatalogRows.upsert(c, p.draft, p.appearances, spaceID: p.spaceID,
                                                       times: (p.createdAt, p.updatedAt)).version
                }
                return version
            }
        }
    }

    /// Deletes change rows older than `days` (by their transaction's start) and records the newest xid it removed
    /// in `ampere_feed_state.purged_through`, so a node further behind reconciles. Returns the rows deleted.
    @discardableResult
    public func purgeChanges(olderThanDays days: Double) async throws -> Int {
        try await write { conn throws(PGError) in
            try conn.transaction { (c) throws(PGError) -> Int in
                let r = try c.execute("""
                    WITH d AS (DELETE FROM product_changes WHERE at < now() - make_interval(secs => $1::float8)
                               RETURNING xid),
                         m AS (SELECT max(xid) AS x, count(*) AS n FROM d)
                    INSERT INTO ampere_feed_state (name, xid) SELECT 'purged_through', x FROM m WHERE n > 0
                    ON CONFLICT (name) DO UPDATE SET xid = greatest(ampere_feed_state.xid, EXCLUDED.xid)
                    RETURNING (SELECT n FROM m)
                    """, [.text(String(days * 86_400))])
                return r.count > 0 ? Int(r.int64(0, 0) ?? 0) : 0
            }
        }
    }

    /// Deletes a product; its version token, or nil when there was no such product.
    public func delete(id: String) async throws -> Int64? {
        try await write { conn throws(PGError) in
            try conn.transaction { (c) throws(PGError) -> Int64? in try PGCatalogRows.delete(c, id: id) }
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws(PGError) -> T) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + retryBudget
        var delay = Duration.milliseconds(50)
        while true {
            let worker = workers[next.add(1, ordering: .relaxed).oldValue % workers.count]
            do {
                return try await worker.run(timeout: timeout, body)
            } catch {
                if error.kind == .retryable, clock.now < deadline { continue }
                guard error.needsReconnect else {
                    throw RetrievalError.internalError(message: "the cluster's database refused the write: \(error)")
                }
                guard clock.now + delay < deadline else {
                    logger.warning("cluster write refused", metadata: ["error": "\(error)"])
                    throw RetrievalError.storageUnavailable(
                        message: "the cluster's primary database cannot take writes right now (\(error.message)); retry")
                }
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(1))
            }
        }
    }
}
