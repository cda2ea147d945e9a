/// The change log the in-memory lexical index (`MemoryLexicalIndex`) catches up from: one row per appearance whose
/// FTS text may have changed (inserted, deleted, or its text updated), written by triggers on `appearances` inside
/// the writing transaction. Every write path (upserts, deletes, summary upgrades, and any later one that writes
/// `appearances`) is covered without a hook of its own, and a reader sees a log row exactly when it sees the write.
/// Rows the index has applied are pruned (`SQLiteCatalogStore.pruneLexicalLog`); only one process owns a data
/// directory, so no other in-memory index still needs them; a fresh process loads the snapshot file a graceful stop
/// wrote (`LexicalSnapshot`) when the log still holds every change since it, else from the FTS table.
enum LexicalSchema {
    static let migrations: [Migrator.Migration] = [
        .init("0110_lexical_log", sql: """
            CREATE TABLE lexical_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                key INTEGER NOT NULL);
            CREATE TRIGGER lexical_log_insert AFTER INSERT ON appearances
                BEGIN INSERT INTO lexical_log (key) VALUES (NEW.key); END;
            CREATE TRIGGER lexical_log_delete AFTER DELETE ON appearances
                BEGIN INSERT INTO lexical_log (key) VALUES (OLD.key); END;
            CREATE TRIGGER lexical_log_update AFTER UPDATE OF text ON appearances
                BEGIN INSERT INTO lexical_log (key) VALUES (NEW.key); END;
            """),
        // The lexical index's snapshot file (`LexicalSnapshot`): at most one row, naming the file and the log
        // sequence it reflects; written after the file is on disk, so the row never names a partial file.
        .init("0111_lexical_snapshot", sql: """
            CREATE TABLE lexical_snapshot (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                file_name TEXT NOT NULL,
                applied INTEGER NOT NULL,
                checksum INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                created_at REAL NOT NULL DEFAULT (julianday('now')));
            """),
    ]
}
