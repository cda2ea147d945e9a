import CLibPQ

/// One query's rows, read in libpq's binary format (network byte order). Columns are decoded by their type OID:
/// `int2`/`int4`/`int8`/`xid8`, `float4`/`float8`, `bool`, `text`/`varchar`/`name`/`json`, `jsonb`, `bytea`.
/// Cast anything else to one of these in SQL. The result is freed with the object.
public final class PGResult {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { PQclear(handle) }

    /// Rows returned.
    public var count: Int { Int(PQntuples(handle)) }
    /// Columns per row.
    public var columns: Int { Int(PQnfields(handle)) }
    /// Rows changed by an INSERT/UPDATE/DELETE (0 when the command reports none).
    public var affected: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

    /// Whether the value is SQL NULL.
    public func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) != 0 }

    /// The raw bytes of a value (empty for NULL).
    public func bytes(_ row: Int, _ column: Int) -> [UInt8] {
        withBytes(row, column) { Array($0) }
    }

    /// Runs `body` over the raw bytes of a value without copying them.
    public func withBytes<T>(_ row: Int, _ column: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        guard let base = PQgetvalue(handle, Int32(row), Int32(column)) else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return body(UnsafeRawBufferPointer(start: UnsafeRawPointer(base), count: length))
    }

    /// A text value (for `jsonb`, the JSON text after the format byte); nil for NULL.
    public func string(_ row: Int, _ column: Int) -> String? {
        if isNull(row, column) { return nil }
        let jsonb = PQftype(handle, Int32(column)) == 3802
        return withBytes(row, column) { raw in
            let bytes = jsonb && raw.count > 0 ? UnsafeRawBufferPointer(rebasing: raw.dropFirst()) : raw
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// An integer value (`int2`, `int4`, `int8`, `xid8`, `oid`); nil for NULL.
    public func int64(_ row: Int, _ column: Int) -> Int64? {
        if isNull(row, column) { return nil }
        return withBytes(row, column) { raw in
            var value: UInt64 = 0
            for byte in raw { value = value << 8 | UInt64(byte) }
            switch raw.count {
            case 2: return Int64(Int16(truncatingIfNeeded: value))
            case 4: return Int64(Int32(truncatingIfNeeded: value))
            default: return Int64(bitPattern: value)
            }
        }
    }

    /// A floating-point value (`float4`, `float8`); nil for NULL.
    public func double(_ row: Int, _ column: Int) -> Double? {
        if isNull(row, column) { return nil }
        return withBytes(row, column) { raw in
            var bits: UInt64 = 0
            for byte in raw { bits = bits << 8 | UInt64(byte) }
            return raw.count == 4 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits))) : Double(bitPattern: bits)
        }
    }

    /// A boolean value; nil for NULL.
    public func bool(_ row: Int, _ column: Int) -> Bool? {
        if isNull(row, column) { return nil }
        return withBytes(row, column) { $0.first.map { $0 != 0 } ?? false }
    }
}

/// A query parameter. Integers, doubles and booleans travel as text (the server parses them by context), byte
/// strings as binary (`bytea`), so a vector is never hex-encoded.
public enum PGValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// Text (also numbers written as text).
    case text(String)
    /// Binary: a `bytea`.
    case bytes([UInt8])

    /// An integer parameter.
    public static func int(_ value: Int64) -> PGValue { .text(String(value)) }
    /// An optional text parameter (nil: NULL).
    public static func optional(_ value: String?) -> PGValue { value.map(PGValue.text) ?? .null }
    /// An optional number parameter (nil: NULL).
    public static func optional(_ value: Double?) -> PGValue { value.map { .text(String($0)) } ?? .null }
}
