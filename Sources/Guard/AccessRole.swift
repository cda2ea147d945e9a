/// What a caller may do. `read`: search, embed, summarize, get and list products (and `/metrics` when
/// `auth.metrics` is `read`). `write`: everything `read` may, plus upsert and delete.
package enum AccessRole: Int, Sendable, Comparable, CustomStringConvertible {
    /// Queries and lookups.
    case read = 1
    /// Queries, lookups, upserts and deletes.
    case write = 2

    package static func < (a: AccessRole, b: AccessRole) -> Bool { a.rawValue < b.rawValue }

    /// `read` or `write`.
    package var description: String { self == .read ? "read" : "write" }
}
