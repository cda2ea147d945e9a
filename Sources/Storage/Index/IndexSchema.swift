/// Tables for the persisted vector index: the vectors themselves with the sequence of their last change (a NULL
/// vector is a delete, kept so that "changes after N" can report it), a one-row sequence counter that never goes
/// backwards, and the headers of the graph snapshot files (plus the legacy in-database snapshots).
public enum IndexSchema {
    /// Register these with the app's `Migrator` (any position after the wrapper's own).
    public static let migrations: [Migrator.Migration] = [
        .init("0200_index_vectors", sql: """
            CREATE TABLE index_vectors (
                key INTEGER PRIMARY KEY,
                seq INTEGER NOT NULL,
                vector BLOB);
            CREATE UNIQUE INDEX index_vectors_by_seq ON index_vectors(seq);
            CREATE TABLE index_sequence (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                last INTEGER NOT NULL);
            INSERT INTO index_sequence (id, last) VALUES (1, 0);
            CREATE TABLE index_snapshots (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                seq INTEGER NOT NULL,
                format_version INTEGER NOT NULL,
                metric TEXT NOT NULL,
                dimension INTEGER NOT NULL,
                m INTEGER NOT NULL,
                ef_construction INTEGER NOT NULL,
                count INTEGER NOT NULL,
                created_at REAL NOT NULL DEFAULT (julianday('now')),
                data BLOB NOT NULL);
            """),
        // Snapshots became files beside the database (a blob is capped at 1e9 bytes, about 300k slots); the rows
        // are their headers. `index_snapshots` stays for databases written before: its newest valid blob is
        // loaded once, written as a file, and the blobs deleted (`IndexSnapshotter.migrateLegacy`).
        .init("0201_index_snapshot_files", sql: """
            CREATE TABLE index_snapshot_files (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                file_name TEXT NOT NULL UNIQUE,
                format_version INTEGER NOT NULL,
                metric TEXT NOT NULL,
                dimension INTEGER NOT NULL,
                m INTEGER NOT NULL,
                ef_construction INTEGER NOT NULL,
                count INTEGER NOT NULL,
                slots INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                checksum INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                created_at REAL NOT NULL);
            """),
    ]
}
