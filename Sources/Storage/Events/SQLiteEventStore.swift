import Retrieval

/// The event log on SQLite. Writes share a writer queue (normally the catalog writer's,
/// `SQLiteCatalogStore.writerQueue`), so an event batch and a product upsert never contend for the write lock;
/// reads go to a read-only connection of its own, which WAL lets run while the writer commits.
public final class SQLiteEventStore: @unchecked Sendable {
    let writer: DatabaseQueue
    let reader: DatabaseQueue
    /// Whether the last event write reached the database.
    public let writeHealth = WriteHealth()

    /// The migrations of the event tables, for the composition root to register (after the catalog's).
    public static var migrations: [Migrator.Migration] { EventSchema.migrations }

    /// Uses the (already migrated) database at `path`, writing through `writer`.
    public init(writer: DatabaseQueue, path: String, synchronous: Database.Synchronous = .full) throws {
        self.writer = writer
        reader = try DatabaseQueue(path: path, label: "ampere.events.reader", synchronous: synchronous)
        try reader.sync { db in try db.execute("PRAGMA query_only = 1") }
    }

    /// Stores `events` in one transaction and returns after the commit.
    public func append(_ events: [Event]) async throws {
        guard !events.isEmpty else { return }
        try await writing { db in
            let now = unixTime()
            try db.transaction {
                for e in events {
                    try db.run("""
                        INSERT INTO events (user_id, session_id, product_id, type, ts, quantity, domain, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, [e.user, e.session, e.productID, e.type.rawValue, e.timestamp, e.quantity,
                              e.domain?.rawValue, now])
                }
            }
        }
    }

    public func history(user: String, limit: Int) async throws -> [Event] {
        try await reader.run { db in
            try db.cached("""
                SELECT user_id, session_id, product_id, type, ts, quantity, domain FROM events
                WHERE user_id = ? ORDER BY ts DESC, id DESC LIMIT ?
                """).rows([user, limit], Self.event)
        }
    }

    public func erase(user: String) async throws -> Int {
        try await writing { db in
            try db.transaction {
                try db.run("DELETE FROM events WHERE user_id = ?", [user])
                return db.changes
            }
        }
    }

    public func purge(before timestamp: Double) async throws -> Int {
        try await writing { db in
            try db.transaction {
                try db.run("DELETE FROM events WHERE ts < ?", [timestamp])
                return db.changes
            }
        }
    }

    public func popular(limit: Int) async throws -> [(productID: String, score: Double)] {
        try await reader.run { db in
            try db.cached("SELECT product_id, score FROM event_counts WHERE score > 0 ORDER BY score DESC, product_id LIMIT ?")
                .rows([limit]) { (productID: $0.string(0), score: $0.double(1)) }
        }
    }

    public func eventCounts(productIDs: [String]) async throws -> [String: Int] {
        guard !productIDs.isEmpty else { return [:] }
        return try await reader.run { db in
            var counts: [String: Int] = [:]
            let statement = try db.cached("SELECT events FROM event_counts WHERE product_id = ?")
            for id in productIDs {
                if let n = try statement.first([id], { $0.int(0) }) { counts[id] = n }
            }
            return counts
        }
    }

    public func count() async throws -> Int {
        try await reader.run { db in try db.cached("SELECT count(*) FROM events").first { $0.int(0) } ?? 0 }
    }

    static func event(_ row: Row) -> Event {
        Event(user: row.string(0), session: row.optionalString(1), productID: row.string(2),
              type: EventType(rawValue: row.string(3)) ?? .view, timestamp: row.double(4), quantity: row.int(5),
              domain: row.optionalString(6).flatMap(Domain.init(rawValue:)))
    }

    /// Runs `body` on the writer; disk-full, read-only and I/O failures become `storageUnavailable` (503).
    func writing<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            let value = try await writer.run(body)
            writeHealth.succeeded()
            return value
        } catch let error as SQLiteError where error.isStorageUnavailable {
            writeHealth.failed(error.message)
            throw RetrievalError.storageUnavailable(message: "events cannot be written right now (SQLite: \(error.message))")
        }
    }
}
