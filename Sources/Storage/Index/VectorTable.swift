/// Statements over `index_vectors`. Every function takes the caller's `Database` and works inside whatever
/// transaction the caller has open, so a catalog can store its rows and their vectors in one transaction and
/// update the in-memory index after the commit. Each change takes the next sequence number.
public enum VectorTable {
    /// Stores `vector` under `key` (replacing any previous one) in `encoding` (`VectorBlob`); returns the change's
    /// sequence number.
    @discardableResult
    public static func upsert(_ db: Database, key: Int64, vector: [Float], encoding: VectorBlob.Encoding = .f32) throws -> Int64 {
        let seq = try nextSequence(db)
        try db.cached("INSERT INTO index_vectors (key, seq, vector) VALUES (?, ?, ?) "
                      + "ON CONFLICT(key) DO UPDATE SET seq = excluded.seq, vector = excluded.vector")
            .run([key, seq, VectorBlob.encode(vector, as: encoding)])
        return seq
    }

    /// Records the deletion of `key`; returns the change's sequence number, or nil when there was no live vector.
    @discardableResult
    public static func delete(_ db: Database, key: Int64) throws -> Int64? {
        let live = try db.cached("SELECT 1 FROM index_vectors WHERE key = ? AND vector IS NOT NULL")
            .first([key]) { _ in true } ?? false
        guard live else { return nil }
        let seq = try nextSequence(db)
        try db.cached("UPDATE index_vectors SET seq = ?, vector = NULL WHERE key = ?").run([seq, key])
        return seq
    }

    /// The last sequence number handed out (0 before the first change).
    public static func lastSequence(_ db: Database) throws -> Int64 {
        try db.cached("SELECT last FROM index_sequence WHERE id = 1").first { $0.int64(0) } ?? 0
    }

    /// The latest state of every key changed after `sequence`, in sequence order (the change feed a replica or
    /// a snapshot replay consumes). A key changed several times appears once, with its newest state.
    public static func changes(_ db: Database, after sequence: Int64, limit: Int = Int(Int32.max)) throws -> [VectorChange] {
        try db.cached("SELECT seq, key, vector FROM index_vectors WHERE seq > ? ORDER BY seq LIMIT ?")
            .rows([sequence, limit]) { row in
                VectorChange(sequence: row.int64(0), key: row.int64(1),
                             vector: row.isNull(2) ? nil : row.withBlob(2) { VectorBlob.decode($0) })
            }
    }

    /// Calls `body` with every live vector, in key order (for rebuilding the index from scratch).
    public static func forEachLive(_ db: Database, _ body: (Int64, UnsafeBufferPointer<Float>) throws -> Void) throws {
        let statement = try db.cached("SELECT key, vector FROM index_vectors WHERE vector IS NOT NULL ORDER BY key")
        _ = try statement.bind([])
        while try statement.step() {
            let row = Row(statement: statement)
            let key = row.int64(0)
            // Decoded (any of VectorBlob's layouts) into an aligned array: SQLite does not promise float alignment.
            guard let vector = row.withBlob(1, VectorBlob.decode) else {
                try [Float]().withUnsafeBufferPointer { try body(key, $0) }  // the caller counts it as the wrong length
                continue
            }
            try vector.withUnsafeBufferPointer { try body(key, $0) }
        }
    }

    /// Number of live vectors stored.
    public static func liveCount(_ db: Database) throws -> Int {
        try db.cached("SELECT COUNT(*) FROM index_vectors WHERE vector IS NOT NULL").first { $0.int(0) } ?? 0
    }

    /// Drops delete markers older than `sequence` (those every kept snapshot already covers).
    public static func purgeDeletes(_ db: Database, before sequence: Int64) throws {
        try db.cached("DELETE FROM index_vectors WHERE vector IS NULL AND seq < ?").run([sequence])
    }

    private static func nextSequence(_ db: Database) throws -> Int64 {
        try db.cached("UPDATE index_sequence SET last = last + 1 WHERE id = 1").run()
        return try lastSequence(db)
    }
}
