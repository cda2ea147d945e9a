import Dispatch

/// A `Database` confined to its own serial dispatch queue: the one way the app touches a connection.
///
/// The queue is untargeted, so it gets its own thread and blocking SQLite work never runs on the Swift
/// concurrency pool (2 threads here, never grows). `sync` blocks the caller; `run` suspends an async caller.
public final class DatabaseQueue: @unchecked Sendable {
    private let database: Database
    private let queue: DispatchQueue
    private let key = DispatchSpecificKey<ObjectIdentifier>()

    /// Opens the database at `path` and confines it to a new serial queue labelled `label`.
    public init(path: String, label: String = "ampere.sqlite", readOnly: Bool = false,
                synchronous: Database.Synchronous = .full) throws(SQLiteError) {
        self.database = try Database(path: path, readOnly: readOnly, synchronous: synchronous)
        self.queue = DispatchQueue(label: label)
        queue.setSpecific(key: key, value: ObjectIdentifier(self))
    }

    /// The file path of the connection.
    public var path: String { database.path }

    /// Runs `body` on the database's queue and returns its result, blocking the calling thread.
    /// Re-entrant: called from inside another `sync` block it runs inline.
    public func sync<T>(_ body: (Database) throws -> T) rethrows -> T {
        if DispatchQueue.getSpecific(key: key) == ObjectIdentifier(self) { return try body(database) }
        return try queue.sync { try body(database) }
    }

    /// Runs `body` in a transaction on the database's queue, blocking the calling thread.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try sync { db in try db.transaction { try body(db) } }
    }

    /// Runs `body` on the database's queue without blocking a Swift concurrency thread.
    public func run<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                continuation.resume(with: Result { try body(self.database) })
            }
        }
    }
}
