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
    /// The snapshot files beside the database.
    public let snapshots: IndexSnapshotter
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the database at `path`, applies the index schema and loads the index.
    public init(path: String, configuration: HNSWConfiguration, keepSnapshots: Int = 2,
                snapshotChunkBytes: Int = 4 << 20) throws {
        self.configuration = configuration
        queue = try DatabaseQueue(path: path, label: "ampere.index")
        snapshots = IndexSnapshotter(database: queue, keep: keepSnapshots, chunkBytes: snapshotChunkBytes)
        try queue.sync { db in
            var migrator = Migrator()
            migrator.register(IndexSchema.migrations)
            _ = try migrator.migrate(db)
        }
        (index, loadReport) = try snapshots.load(configuration: configuration)
    }

    /// Stores `vector` under `key`, then updates the graph. Returns the change's sequence number once committed.
    @discardableResult
    public func upsert(key: Int64, vector: [Float]) throws -> Int64 {
        try queue.sync { db in
            let seq = try db.transaction {
                try VectorTable.upsert(db, key: key, vector: vector, encoding: VectorBlob.Encoding(configuration.vectorType))
            }
            index.insert(key: key, vector: vector)
            snapshots.applied.committed(after: seq - 1, through: seq)
            return seq
        }
    }

    /// Deletes `key`; returns false when it had no vector.
    @discardableResult
    public func delete(key: Int64) throws -> Bool {
        try queue.sync { db in
            guard let seq = try db.transaction({ try VectorTable.delete(db, key: key) }) else { return false }
            index.remove(key: key)
            snapshots.applied.committed(after: seq - 1, through: seq)
            return true
        }
    }

    /// The `k` nearest stored vectors to `query`.
    public func search(_ query: [Float], k: Int, ef: Int? = nil) -> [IndexHit] {
        index.search(query, k: k, ef: ef)
    }

    /// Writes a snapshot file of the graph covering every change applied to it, records its header and keeps
    /// the newest snapshots (`keepSnapshots`); old delete markers no kept snapshot needs are purged. Writes go on
    /// meanwhile (only the header row waits for the queue).
    @discardableResult
    public func saveSnapshot() throws -> IndexSnapshotSaved { try snapshots.saveNow(index) }

    /// Runs `body` on the database queue (tests and tools: inspect or damage tables).
    public func withDatabase<T>(_ body: (Database) throws -> T) rethrows -> T { try queue.sync(body) }
}
