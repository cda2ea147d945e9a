import CSQLite

/// A prepared statement, owned by this object and finalized in `deinit`.
///
/// Statements are prepared once (see `Database.cached(_:)`) and reused: `bind`, step through rows, `reset`.
/// A statement belongs to its database's confinement (one thread or queue at a time).
public final class Statement {
    let handle: OpaquePointer
    /// The SQL text, for error messages.
    public let sql: String
    unowned let database: Database

    init(database: Database, sql: String) throws(SQLiteError) {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw database.error(rc, sql: sql) }
        self.handle = stmt
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// The longest text or blob a statement binds: SQLite's hard ceiling (its length limit is an `int`).
    static let maxBindBytes = Int(Int32.max)

    /// Resets the statement and binds `values` to parameters 1...n.
    @discardableResult
    public func bind(_ values: [any SQLBindable]) throws(SQLiteError) -> Statement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() {
            try bind(value.sqlValue, at: Int32(i + 1))
        }
        return self
    }

    private func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v): rc = sqlite3_bind_text(handle, index, v, -1, csqlite_transient())
        case .blob(let v):
            rc = v.withUnsafeBytes { raw in
                // Over SQLite's own limit (SQLITE_LIMIT_LENGTH, at most Int32.max) the 64-bit binding answers
                // SQLITE_TOOBIG; a length that does not fit the 32-bit API is refused here first. Either way the
                // caller gets an error, never a trap converting the length.
                guard raw.count <= Self.maxBindBytes else { return SQLITE_TOOBIG }
                // A zero-length blob must still be a blob, not NULL: bind a zeroblob.
                return raw.count == 0 ? sqlite3_bind_zeroblob(handle, index, 0)
                    : sqlite3_bind_blob64(handle, index, raw.baseAddress, sqlite3_uint64(raw.count), csqlite_transient())
            }
        }
        if rc == SQLITE_TOOBIG, case .blob(let v) = value {
            throw SQLiteError(code: SQLITE_TOOBIG, message: "string or blob too big (\(v.count) bytes)", sql: sql)
        }
        guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
    }

    /// Advances to the next row: `true` when a row is available, `false` when done.
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: sqlite3_reset(handle); return false
        default:
            sqlite3_reset(handle)
            throw database.error(rc, sql: sql)
        }
    }

    /// Runs the statement to completion, ignoring any rows.
    public func run(_ values: [any SQLBindable] = []) throws(SQLiteError) {
        // A cached statement keeps its bound values until the next bind: without clearing them, the statement that
        // saved an index snapshot held a copy of the whole blob (+26 MB RSS under scripts/load-test).
        defer { sqlite3_clear_bindings(handle) }
        try bind(values)
        while try step() {}
    }

    /// Runs the query and maps every row with `body`.
    public func rows<T>(_ values: [any SQLBindable] = [], _ body: (Row) throws -> T) throws -> [T] {
        try bind(values)
        var out: [T] = []
        while try step() { out.append(try body(Row(statement: self))) }
        return out
    }

    /// Runs the query and maps the first row with `body`, or returns nil when there is none.
    public func first<T>(_ values: [any SQLBindable] = [], _ body: (Row) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try body(Row(statement: self))
    }
}
