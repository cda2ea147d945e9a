import HNSW
import Retrieval

extension SQLiteCatalogStore {
    /// Loads the newest valid graph snapshot and replays later vector changes, or rebuilds from stored vectors.
    /// Runs on the writer queue, so no write can slip between the load and the first update.
    public func loadIndex(configuration: HNSWConfiguration) async throws -> (index: HNSWIndex, report: IndexLoadReport) {
        try await writer.run { db in
            let loaded = try IndexLoader.load(db, configuration: configuration)
            return (loaded.index, loaded.report)
        }
    }

    /// Saves a snapshot of `index` covering every committed vector change, keeping the newest `keep` snapshots.
    /// Runs on the writer queue, where the index reflects exactly the committed changes (they are applied there).
    @discardableResult
    public func saveSnapshot(of index: HNSWIndex, keep: Int = 2) async throws -> Int64 {
        try await writer.run { db in
            let sequence = try VectorTable.lastSequence(db)
            let bytes = index.snapshot(sequence: UInt64(sequence))
            return try db.transaction {
                let id = try IndexSnapshotTable.save(db, bytes: bytes, sequence: sequence, configuration: index.configuration,
                                                     count: index.count, keep: keep)
                if let oldest = try IndexSnapshotTable.oldestSequence(db) { try VectorTable.purgeDeletes(db, before: oldest) }
                return id
            }
        }
    }

    /// Vector changes committed since the newest snapshot (how much a restart would replay).
    public func changesSinceSnapshot() async throws -> Int64 {
        try await writer.run { db in
            let last = try VectorTable.lastSequence(db)
            let snap = try IndexSnapshotTable.entries(db).map(\.sequence).max() ?? 0
            return last - snap
        }
    }

    /// Appearances whose vector was made in another vector space than `spaceID` (e.g. before the MiniLM weights
    /// were fetched): their text and stored visual branch, so the caller can re-encode them.
    public func staleAppearances(spaceID: String, limit: Int) async throws -> [(key: Int64, text: String, visual: [Float]?)] {
        try await writer.run { db in
            try db.cached("SELECT key, text, visual_vector FROM appearances WHERE space_id <> ? ORDER BY key LIMIT ?")
                .rows([spaceID, limit]) { row in
                    (key: row.int64(0), text: row.string(1), visual: row.isNull(2) ? nil : row.withBlob(2, VectorBlob.decode))
                }
        }
    }

    /// Replaces the vectors of existing appearances and marks them as made in `spaceID`, in one transaction.
    public func replaceVectors(_ vectors: [(key: Int64, vector: [Float])], spaceID: String) async throws {
        try await writer.run { db in
            try db.transaction {
                for (key, vector) in vectors {
                    try VectorTable.upsert(db, key: key, vector: vector)
                    try db.run("UPDATE appearances SET space_id = ? WHERE key = ?", [spaceID, key])
                }
            }
        }
    }
}
