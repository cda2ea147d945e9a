/// The change log the in-memory lexical index (`MemoryLexicalIndex`) catches up from: one row per appearance whose
/// FTS text may have changed (inserted, deleted, or its text updated), written by triggers on `appearances` inside
/// the writing transaction. Every write path (upserts, deletes, summary upgrades, and any later one that writes
/// `appearances`) is covered without a hook of its own, and a reader sees a log row exactly when it sees the write.
/// Rows the index has applied are pruned (`SQLiteCatalogStore.pruneLexicalLog`); only one process owns a data
/// directory, so no other in-memory index still needs them, and a fresh process loads from the FTS table.
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
    ]
}
