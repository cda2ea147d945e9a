import Synchronization

/// Whether the catalog's last write reached the database, for `/health`.
///
/// Set by every catalog write: a disk-full, read-only or I/O failure marks storage unwritable (with SQLite's
/// message), the next committed write marks it writable again. Reads are not affected either way.
public final class WriteHealth: Sendable {
    private let failure = Mutex<String?>(nil)

    /// Creates a healthy state.
    public init() {}

    /// SQLite's message of the last write that failed for lack of storage, or nil while writes commit.
    public var lastFailure: String? { failure.withLock { $0 } }

    func failed(_ message: String) { failure.withLock { $0 = message } }

    func succeeded() { failure.withLock { if $0 != nil { $0 = nil } } }
}
