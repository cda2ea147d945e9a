import HNSW
import Retrieval

extension SQLiteCatalogStore {
    /// Loads the newest valid graph snapshot and replays later vector changes, or rebuilds from stored vectors.
    /// Runs on the writer queue, so no write can slip between the load and the first update.
    public func loadIndex(configuration: HNSWConfiguration) async throws -> (index: HNSWIndex, report: IndexLoadReport) {
        try await writer.run { [snapshots] _ in try snapshots.load(configuration: configuration) }
    }

    /// Saves a snapshot file of `index` covering every vector change this process applied to it (see
    /// `AppliedSequence`), keeping the newest `snapshots.keep`. Catalog writes go on while the file is written.
    @discardableResult
    public func saveSnapshot(of index: HNSWIndex) async throws -> IndexSnapshotSaved {
        try await snapshots.save(index)
    }

    /// Vector changes this process applied since the newest snapshot (how much a restart would replay of ours).
    public func changesSinceSnapshot() async throws -> Int64 {
        try await writer.run { [snapshots] _ in try snapshots.pendingChanges() }
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
