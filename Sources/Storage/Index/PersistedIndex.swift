import HNSW

/// A standalone durable vector index: SQLite (WAL, synchronous FULL) is the system of record, the HNSW graph
/// lives in memory. A write returns only after its transaction committed, so an acknowledged vector survives a
/// killed process; the in-memory update follows on the same serial queue, so the graph sees writes in commit
/// order. Searches go straight to the graph (many readers, never blocked by SQLite).
public final class PersistedIndex: @unchecked Sendable {
    /// The in-memory graph (searches, filters, counts).
    public let index: HNSWIndex
    /// What start-up did.
    public let loadReport: IndexLoadReport
    /// The index parameters.
    public let configuration: HNSWConfiguration
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the database at `path`, applies the index schema and loads the index.
    public init(path: String, configuration: HNSWConfiguration) throws {
        self.configuration = configuration
        queue = try DatabaseQueue(path: path, label: "ampere.index")
        (index, loadReport) = try queue.sync { db in
            var migrator = Migrator()
            migrator.register(IndexSchema.migrations)
            _ = try migrator.migrate(db)
            let (index, _, report) = try IndexLoader.load(db, configuration: configuration)
            return (index, report)
        }
    }

    /// Stores `vector` under `key`, then updates the graph. Returns the change's sequence number once committed.
    @discardableResult
    public func upsert(key: Int64, vector: [Float]) throws -> Int64 {
        try queue.sync { db in
            let seq = try db.transaction { try VectorTable.upsert(db, key: key, vector: vector) }
            index.insert(key: key, vector: vector)
            return seq
        }
    }

    /// Deletes `key`; returns false when it had no vector.
    @discardableResult
    public func delete(key: Int64) throws -> Bool {
        try queue.sync { db in
            guard try db.transaction({ try VectorTable.delete(db, key: key) }) != nil else { return false }
            index.remove(key: key)
            return true
        }
    }

    /// The `k` nearest stored vectors to `query`.
    public func search(_ query: [Float], k: Int, ef: Int? = nil) -> [IndexHit] {
        index.search(query, k: k, ef: ef)
    }

    /// Writes a snapshot of the graph covering every committed change; returns its row id. Runs on the write
    /// queue, so the snapshot and its sequence agree exactly. Old delete markers no kept snapshot needs are purged.
    @discardableResult
    public func saveSnapshot(keep: Int = 2) throws -> Int64 {
        try queue.sync { db in
            let sequence = try VectorTable.lastSequence(db)
            let bytes = index.snapshot(sequence: UInt64(sequence))
            return try db.transaction {
                let id = try IndexSnapshotTable.save(db, bytes: bytes, sequence: sequence, configuration: configuration,
                                                     count: index.count, keep: keep)
                if let oldest = try IndexSnapshotTable.oldestSequence(db) { try VectorTable.purgeDeletes(db, before: oldest) }
                return id
            }
        }
    }

    /// Runs `body` on the database queue (tests and tools: inspect or damage tables).
    public func withDatabase<T>(_ body: (Database) throws -> T) rethrows -> T { try queue.sync(body) }
}
