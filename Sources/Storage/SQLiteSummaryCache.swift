import Retrieval

/// The summaries cache on SQLite: LLM summaries keyed by the hex SHA-256 of (model, prompt version, transcript).
///
/// Shares a `DatabaseQueue` (normally the catalog writer's, `SQLiteCatalogStore.writerQueue`), so every read and
/// write runs on that queue's own thread, never on the Swift concurrency pool. A lost cache costs only LLM calls,
/// so the summarizer treats its errors as misses.
public final class SQLiteSummaryCache: SummaryCache {
    private let queue: DatabaseQueue

    /// The migration creating `summary_cache`; the composition root registers it after the catalog's.
    public static let migrations: [Migrator.Migration] = [
        .init("0200_summary_cache", sql: """
            CREATE TABLE summary_cache (
                key TEXT PRIMARY KEY NOT NULL,
                text TEXT NOT NULL,
                model TEXT NOT NULL,
                created_at REAL NOT NULL DEFAULT (julianday('now'))) WITHOUT ROWID;
            """),
    ]

    /// Uses the (already migrated) database behind `queue`.
    public init(queue: DatabaseQueue) {
        self.queue = queue
    }

    /// The entry stored under `key`, or `nil`.
    public func cachedSummary(for key: SummaryCacheKey) async throws -> CachedSummary? {
        let hex = key.hex
        return try await queue.run { db in
            try db.cached("SELECT text, model FROM summary_cache WHERE key = ?").first([hex]) {
                CachedSummary(text: $0.string(0), model: $0.string(1))
            }
        }
    }

    /// Stores or replaces the entry under `key`.
    public func store(_ entry: CachedSummary, for key: SummaryCacheKey) async throws {
        let hex = key.hex
        try await queue.run { db in
            try db.cached("INSERT OR REPLACE INTO summary_cache(key, text, model) VALUES (?, ?, ?)")
                .run([hex, entry.text, entry.model])
        }
    }

    /// Number of cached summaries.
    public func count() async throws -> Int {
        try await queue.run { db in try db.cached("SELECT count(*) FROM summary_cache").first { $0.int(0) } ?? 0 }
    }
}
