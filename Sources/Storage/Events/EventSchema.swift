import Retrieval

/// The event log: one row per `/events` event, indexed for a user's recent history and for a product's events,
/// and `event_counts`, kept by triggers in the same transaction as every insert and delete (erasure and retention
/// included), so popularity and the cold flag are one indexed read, never a scan of the log.
///
/// The type check and the popularity weights are written from `EventType` when the migration runs; a change of
/// `EventType.weight` for a shipped database needs a new migration that recreates the two triggers.
enum EventSchema {
    static var migrations: [Migrator.Migration] {
        let types = EventType.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        func weight(_ column: String) -> String {
            "CASE \(column) " + EventType.allCases.map { "WHEN '\($0.rawValue)' THEN \($0.weight)" }.joined(separator: " ")
                + " ELSE 0 END"
        }
        return [
            .init("0300_events", sql: """
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_id TEXT NOT NULL,
                    session_id TEXT,
                    product_id TEXT NOT NULL,
                    type TEXT NOT NULL CHECK (type IN (\(types))),
                    ts REAL NOT NULL,
                    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
                    domain TEXT CHECK (domain IS NULL OR domain IN ('page', 'video', 'live')),
                    received_at REAL NOT NULL);
                CREATE INDEX events_by_user ON events(user_id, ts DESC);
                CREATE INDEX events_by_product ON events(product_id, ts);
                CREATE INDEX events_by_ts ON events(ts);
                CREATE TABLE event_counts (
                    product_id TEXT PRIMARY KEY NOT NULL,
                    events INTEGER NOT NULL,
                    score REAL NOT NULL) WITHOUT ROWID;
                CREATE INDEX event_counts_by_score ON event_counts(score DESC, product_id);
                CREATE TRIGGER events_counted AFTER INSERT ON events BEGIN
                    INSERT INTO event_counts (product_id, events, score) VALUES (NEW.product_id, 1, \(weight("NEW.type")))
                    ON CONFLICT (product_id) DO UPDATE SET events = events + 1, score = score + excluded.score;
                END;
                CREATE TRIGGER events_uncounted AFTER DELETE ON events BEGIN
                    UPDATE event_counts SET events = events - 1, score = max(0, score - \(weight("OLD.type")))
                    WHERE product_id = OLD.product_id;
                    DELETE FROM event_counts WHERE product_id = OLD.product_id AND events <= 0;
                END;
                """),
        ]
    }
}
