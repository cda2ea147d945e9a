import HNSW

/// The legacy snapshots of the HNSW graph in `index_snapshots`: the checksummed bytes from
/// `HNSWIndex.snapshot(sequence:)` as one blob, plus the header fields as columns. No longer written by the
/// service (a blob is capped at 1e9 bytes, about 300k slots; snapshots are files now, `IndexSnapshotter`): read once
/// by `IndexLoader` to migrate a database written before, and `save` is kept for that migration's tests.
public enum IndexSnapshotTable {
    /// A stored snapshot's header.
    public struct Entry: Sendable, Equatable {
        /// Row id.
        public var id: Int64
        /// The last vector change the snapshot covers.
        public var sequence: Int64
        /// Snapshot format version.
        public var formatVersion: Int
        /// Live vectors in the snapshot.
        public var count: Int
    }

    /// Stores a snapshot of `index` covering changes up to `sequence`; keeps only the newest `keep` snapshots.
    @discardableResult
    public static func save(_ db: Database, bytes: [UInt8], sequence: Int64, configuration: HNSWConfiguration,
                            count: Int, keep: Int = 2) throws -> Int64 {
        try db.cached("""
            INSERT INTO index_snapshots (seq, format_version, metric, dimension, m, ef_construction, count, data)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).run([sequence, 1, configuration.metric.name, configuration.dimension, configuration.M,
                      configuration.efConstruction, count, bytes])
        let id = db.lastInsertRowID
        try db.cached("DELETE FROM index_snapshots WHERE id NOT IN (SELECT id FROM index_snapshots ORDER BY id DESC LIMIT ?)")
            .run([keep])
        return id
    }

    /// Headers of the stored snapshots, newest first.
    public static func entries(_ db: Database) throws -> [Entry] {
        try db.cached("SELECT id, seq, format_version, count FROM index_snapshots ORDER BY id DESC").rows { row in
            Entry(id: row.int64(0), sequence: row.int64(1), formatVersion: row.int(2), count: row.int(3))
        }
    }

    /// Decodes the snapshot `id` straight from SQLite's buffer (no extra copy of the blob).
    public static func load(_ db: Database, id: Int64, configuration: HNSWConfiguration) throws
        -> (index: HNSWIndex, sequence: UInt64)? {
        try db.cached("SELECT data FROM index_snapshots WHERE id = ?").first([id]) { row in
            try row.withBlob(0) { raw in try HNSWIndex.load(snapshot: raw, configuration: configuration) }
        }
    }

    /// The smallest sequence any kept snapshot covers (delete markers below it are no longer needed).
    public static func oldestSequence(_ db: Database) throws -> Int64? {
        try db.cached("SELECT MIN(seq) FROM index_snapshots").first { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
    }
}
