/// A libpq or server error, classified by what a caller should do about it.
public struct PGError: Error, Sendable, CustomStringConvertible {
    /// What the error means for the caller.
    public enum Kind: Sendable, Equatable {
        /// No connection, or it broke (`08xxx`, admin shutdown `57P01`, a failed connect): reconnect and retry later.
        case connection
        /// The server is a standby or read-only now (`25006`, a failover happened): reconnect to the new primary.
        case readOnly
        /// Serialization failure or deadlock (`40001`, `40P01`): retry the transaction.
        case retryable
        /// The call did not finish within its deadline (it was cancelled; a commit's outcome is unknown).
        case timeout
        /// Anything else (a constraint, a syntax error): not retryable.
        case other
    }

    /// The classification.
    public var kind: Kind
    /// The SQLSTATE, when the server sent one.
    public var sqlState: String?
    /// libpq's or the server's message.
    public var message: String

    /// Creates an error.
    public init(kind: Kind, sqlState: String? = nil, message: String) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
    }

    /// The kind a SQLSTATE implies.
    public static func kind(sqlState: String?) -> Kind {
        guard let state = sqlState else { return .connection }
        if state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03" { return .connection }
        if state == "25006" { return .readOnly }
        if state == "40001" || state == "40P01" { return .retryable }
        if state == "57014" { return .timeout }  // query_canceled: our own cancel after a deadline
        return .other
    }

    /// True when a fresh connection may succeed where this one failed.
    public var needsReconnect: Bool { kind == .connection || kind == .readOnly || kind == .timeout }

    public var description: String {
        if let sqlState { return "PostgreSQL \(sqlState): \(message)" }
        return "PostgreSQL: \(message)"
    }
}
