/// Applies named schema migrations once each, in registration order, recording them in `schema_migrations`.
///
/// Each storage adapter publishes its own `static let migrations: [Migration]` (names prefixed with a number
/// and the adapter, e.g. `"0001_vectors"`), and the composition root registers them in a fixed order. A migration
/// runs in the same transaction as the row that records it, so a crash never leaves it half applied.
public struct Migrator: Sendable {
    /// One schema step.
    public struct Migration: Sendable {
        /// Unique, stable name; never rename a migration that has shipped.
        public let name: String
        /// The work, run inside a transaction.
        public let apply: @Sendable (Database) throws -> Void

        /// A migration running arbitrary code.
        public init(_ name: String, apply: @escaping @Sendable (Database) throws -> Void) {
            self.name = name
            self.apply = apply
        }

        /// A migration running fixed SQL.
        public init(_ name: String, sql: String) {
            self.init(name) { db in try db.execute(sql) }
        }
    }

    private(set) var migrations: [Migration] = []

    /// An empty migrator.
    public init() {}

    /// Adds migrations after those already registered; a duplicate name is a programming error.
    public mutating func register(_ more: [Migration]) {
        for migration in more {
            precondition(!migrations.contains { $0.name == migration.name }, "duplicate migration \(migration.name)")
            migrations.append(migration)
        }
    }

    /// Applies every migration not yet recorded; returns the names it applied.
    @discardableResult
    public func migrate(_ db: Database) throws -> [String] {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name TEXT PRIMARY KEY NOT NULL,
                applied_at REAL NOT NULL DEFAULT (julianday('now')))
            """)
        let done = Set(try db.cached("SELECT name FROM schema_migrations").rows { $0.string(0) })
        var applied: [String] = []
        for migration in migrations where !done.contains(migration.name) {
            try db.transaction {
                try migration.apply(db)
                try db.run("INSERT INTO schema_migrations(name) VALUES (?)", [migration.name])
            }
            applied.append(migration.name)
        }
        return applied
    }
}
