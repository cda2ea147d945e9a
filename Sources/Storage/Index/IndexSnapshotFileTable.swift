import HNSW

/// The header rows of the snapshot files (`index_snapshot_files`): which file, what it holds and the change-log
/// sequence it covers, so start-up picks a file without opening any and can check the file is the one described.
public enum IndexSnapshotFileTable {
    /// One snapshot file's header.
    public struct Entry: Sendable, Equatable {
        /// Row id.
        public var id: Int64
        /// File name in the database's directory.
        public var fileName: String
        /// Snapshot format version.
        public var formatVersion: Int
        /// Vector dimension.
        public var dimension: Int
        /// Metric name.
        public var metric: String
        /// HNSW M.
        public var M: Int
        /// HNSW efConstruction.
        public var efConstruction: Int
        /// Live vectors.
        public var count: Int
        /// Slots (live, tombstoned, free).
        public var slots: Int
        /// File size in bytes.
        public var bytes: Int
        /// The checksum the file ends with.
        public var checksum: UInt64
        /// The last change-log sequence the snapshot covers.
        public var sequence: Int64
        /// Unix time of the write.
        public var createdAt: Double

        /// Whether the header's parameters are those of `configuration` (cheap check before opening the file).
        public func matches(_ configuration: HNSWConfiguration) -> Bool {
            dimension == configuration.dimension && metric == configuration.metric.name && M == configuration.M
                && efConstruction == configuration.efConstruction
        }
    }

    static func insert(_ db: Database, _ e: Entry) throws -> Int64 {
        try db.cached("""
            INSERT INTO index_snapshot_files (file_name, format_version, metric, dimension, m, ef_construction, count,
                slots, bytes, checksum, seq, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([e.fileName, e.formatVersion, e.metric, e.dimension, e.M, e.efConstruction, e.count, e.slots,
                      e.bytes, Int64(bitPattern: e.checksum), e.sequence, e.createdAt])
        return db.lastInsertRowID
    }

    /// Every header, newest first (highest sequence, then latest written).
    public static func entries(_ db: Database) throws -> [Entry] {
        try db.cached("""
            SELECT id, file_name, format_version, dimension, metric, m, ef_construction, count, slots, bytes, checksum,
                seq, created_at
            FROM index_snapshot_files ORDER BY seq DESC, id DESC
            """).rows { r in
            Entry(id: r.int64(0), fileName: r.string(1), formatVersion: r.int(2), dimension: r.int(3), metric: r.string(4),
                  M: r.int(5), efConstruction: r.int(6), count: r.int(7), slots: r.int(8), bytes: r.int(9),
                  checksum: UInt64(bitPattern: r.int64(10)), sequence: r.int64(11), createdAt: r.double(12))
        }
    }

    static func delete(_ db: Database, id: Int64) throws {
        try db.cached("DELETE FROM index_snapshot_files WHERE id = ?").run([id])
    }

    /// The smallest sequence any kept snapshot covers (delete markers below it are no longer needed).
    public static func oldestSequence(_ db: Database) throws -> Int64? {
        try db.cached("SELECT MIN(seq) FROM index_snapshot_files").first { $0.isNull(0) ? nil : $0.int64(0) } ?? nil
    }
}
