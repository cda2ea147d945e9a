import CSQLite

/// An error reported by SQLite: the result code, SQLite's message and the SQL that failed.
///
/// Bound values are never included, so an error can be logged without leaking user data.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The (extended) SQLite result code, e.g. `SQLITE_CONSTRAINT` (19) or `SQLITE_FULL` (13).
    public let code: Int32
    /// SQLite's own message for the failure.
    public let message: String
    /// The statement that failed, if any.
    public let sql: String?

    /// Creates an error from its parts.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (extended codes keep it in the low byte).
    public var primaryCode: Int32 { code & 0xff }

    /// True for failures that mean "the disk is full or the database cannot be written", which the API maps to 503.
    public var isStorageUnavailable: Bool {
        [SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_BUSY, SQLITE_LOCKED].contains(primaryCode)
    }

    /// True when a UNIQUE, PRIMARY KEY, CHECK or FOREIGN KEY constraint failed.
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }
}
