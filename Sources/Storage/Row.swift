import CSQLite

/// The current row of a stepping `Statement`; valid only until the next `step()`.
public struct Row {
    let statement: Statement

    /// Number of columns in the result.
    public var count: Int { Int(sqlite3_column_count(statement.handle)) }

    /// True when column `i` is NULL.
    public func isNull(_ i: Int) -> Bool { sqlite3_column_type(statement.handle, Int32(i)) == SQLITE_NULL }

    /// Column `i` as an integer (0 for NULL).
    public func int64(_ i: Int) -> Int64 { sqlite3_column_int64(statement.handle, Int32(i)) }

    /// Column `i` as an `Int` (0 for NULL).
    public func int(_ i: Int) -> Int { Int(int64(i)) }

    /// Column `i` as a double (0 for NULL).
    public func double(_ i: Int) -> Double { sqlite3_column_double(statement.handle, Int32(i)) }

    /// Column `i` as a double, or nil for NULL.
    public func optionalDouble(_ i: Int) -> Double? { isNull(i) ? nil : double(i) }

    /// Column `i` as text ("" for NULL).
    public func string(_ i: Int) -> String {
        guard let p = sqlite3_column_text(statement.handle, Int32(i)) else { return "" }
        let n = Int(sqlite3_column_bytes(statement.handle, Int32(i)))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    /// Column `i` as text, or nil for NULL.
    public func optionalString(_ i: Int) -> String? { isNull(i) ? nil : string(i) }

    /// Column `i` as bytes (empty for NULL).
    public func blob(_ i: Int) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(statement.handle, Int32(i)))
        guard n > 0, let p = sqlite3_column_blob(statement.handle, Int32(i)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// Calls `body` with the bytes of column `i` without copying them; the pointer is valid only inside `body`.
    public func withBlob<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let n = Int(sqlite3_column_bytes(statement.handle, Int32(i)))
        guard n > 0, let p = sqlite3_column_blob(statement.handle, Int32(i)) else {
            return try body(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeRawBufferPointer(start: p, count: n))
    }
}
