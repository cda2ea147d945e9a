import CSQLite

/// One SQLite connection, owned by this object and closed in `deinit`.
///
/// A `Database` is not thread-safe by itself: confine it to one thread or serial queue (see `DatabaseQueue`).
/// Statements are prepared once and cached by SQL text.
public final class Database {
    let handle: OpaquePointer
    /// The file this connection opened (`":memory:"` for an in-memory database).
    public let path: String
    private var statementCache: [String: Statement] = [:]
    private var transactionDepth = 0

    /// How durable a commit is. `full` fsyncs the WAL on every commit, so an acknowledged write survives power
    /// loss as well as a killed process; `normal` survives a killed process only.
    public enum Synchronous: String, Sendable { case full = "FULL", normal = "NORMAL" }

    /// Opens (creating if needed) the database at `path` in WAL mode with foreign keys on.
    public init(path: String, readOnly: Bool = false, synchronous: Synchronous = .full,
                busyTimeoutMillis: Int32 = 5_000) throws(SQLiteError) {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: "\(message) (\(path))")
        }
        self.handle = db
        self.path = path
        sqlite3_busy_timeout(db, busyTimeoutMillis)
        if !readOnly {
            try execute("PRAGMA journal_mode=WAL")
        }
        try execute("PRAGMA synchronous=\(synchronous.rawValue); PRAGMA foreign_keys=ON")
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        guard rc == SQLITE_OK else {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errmsg)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// The prepared statement for `sql`, prepared on first use and reused afterwards.
    public func cached(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try Statement(database: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs a parameterised statement once (INSERT, UPDATE, DELETE).
    public func run(_ sql: String, _ values: [any SQLBindable] = []) throws(SQLiteError) {
        try cached(sql).run(values)
    }

    /// Row id of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction: commits when it returns, rolls back and rethrows the first error when it throws.
    ///
    /// Nested calls use savepoints, so an inner failure rolls back only the inner part. The outer transaction
    /// starts with `BEGIN IMMEDIATE`, taking the write lock at once instead of failing later with SQLITE_BUSY.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let depth = transactionDepth
        let name = "sp\(depth)"
        try execute(depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT \(name)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let value = try body()
            try execute(depth == 0 ? "COMMIT" : "RELEASE \(name)")
            return value
        } catch {
            if depth == 0 {
                if isInTransaction { try? execute("ROLLBACK") }
            } else {
                try? execute("ROLLBACK TO \(name); RELEASE \(name)")
            }
            throw error
        }
    }

    /// Sets SQLite's limit on the length of a string or blob (`SQLITE_LIMIT_LENGTH`, at most `Int32.max`, the
    /// default) for this connection and returns the previous one; binding anything longer throws
    /// `SQLITE_TOOBIG`. Tests lower it to reach that path without gigabytes of memory.
    @discardableResult
    public func setLengthLimit(_ bytes: Int32) -> Int32 { sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, bytes) }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }
}
