import Retrieval

/// The summaries cache on SQLite: LLM summaries keyed by the hex SHA-256 of (model, prompt version, transcript).
///
/// Writes go through a shared `DatabaseQueue` (normally the catalog writer's, `SQLiteCatalogStore.writerQueue`);
/// reads through the catalog's reader connections when given (`SQLiteCatalogStore.readerQueues`), so a lookup on
/// the query path never waits behind a large write transaction. Every call runs on a queue's own thread, never on
/// the Swift concurrency pool. A lost cache costs only LLM calls,
/// so the summarizer treats its errors as misses.
///
/// Bounded: past `maxEntries` the oldest entries (by when they were stored) are deleted, checked every
/// `evictEvery` stores, so the table overshoots the bound by at most that many rows.
public final class SQLiteSummaryCache: SummaryCache, @unchecked Sendable {
    private let queue: DatabaseQueue
    private let readers: [DatabaseQueue]
    private let nextReader = AtomicCounter()
    /// The most entries kept.
    public let maxEntries: Int
    /// Stores between two eviction passes.
    let evictEvery: Int
    /// Stores since the last eviction pass; touched only on `queue`'s thread.
    private var storesSinceEviction = 0

    /// The migration creating `summary_cache`; the composition root registers it after the catalog's.
    public static let migrations: [Migrator.Migration] = [
        .init("0200_summary_cache", sql: """
            CREATE TABLE summary_cache (
                key TEXT PRIMARY KEY NOT NULL,
                text TEXT NOT NULL,
                model TEXT NOT NULL,
                created_at REAL NOT NULL DEFAULT (julianday('now'))) WITHOUT ROWID;
            """),
        .init("0201_summary_cache_age", sql: "CREATE INDEX summary_cache_age ON summary_cache(created_at, key);"),
    ]

    /// Uses the (already migrated) database behind `queue`, keeping at most `maxEntries` summaries; reads go to
    /// `readers` (round robin) when there are any, else to `queue`.
    public init(queue: DatabaseQueue, readers: [DatabaseQueue] = [], maxEntries: Int = 100_000) {
        self.queue = queue
        self.readers = readers
        self.maxEntries = max(1, maxEntries)
        evictEvery = max(1, min(256, self.maxEntries / 16))
    }

    /// The entry stored under `key`, or `nil`.
    public func cachedSummary(for key: SummaryCacheKey) async throws -> CachedSummary? {
        let hex = key.hex
        let reader = readers.isEmpty ? queue : readers[nextReader.next() % readers.count]
        return try await reader.run { db in
            try db.cached("SELECT text, model FROM summary_cache WHERE key = ?").first([hex]) {
                CachedSummary(text: $0.string(0), model: $0.string(1))
            }
        }
    }

    /// Stores or replaces the entry under `key`.
    public func store(_ entry: CachedSummary, for key: SummaryCacheKey) async throws {
        let hex = key.hex
        try await queue.run { [self] db in
            try db.cached("INSERT OR REPLACE INTO summary_cache(key, text, model) VALUES (?, ?, ?)")
                .run([hex, entry.text, entry.model])
            storesSinceEviction += 1
            guard storesSinceEviction >= evictEvery else { return }
            storesSinceEviction = 0
            try db.cached("""
                DELETE FROM summary_cache WHERE key IN (
                    SELECT key FROM summary_cache ORDER BY created_at, key
                    LIMIT max(0, (SELECT count(*) FROM summary_cache) - ?))
                """).run([maxEntries])
        }
    }

    /// Number of cached summaries.
    public func count() async throws -> Int {
        try await queue.run { db in try db.cached("SELECT count(*) FROM summary_cache").first { $0.int(0) } ?? 0 }
    }
}
