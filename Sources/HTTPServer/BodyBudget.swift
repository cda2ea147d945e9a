import Synchronization

/// One budget for the request-body bytes all connections hold at once (buffered, or being handled).
///
/// A body is buffered whole before its handler runs, so without a shared bound the only limit is connections
/// times the body limit (10,000 x 16 MiB). A fixed-length body reserves its `Content-Length` when the head arrives,
/// before any body byte is read; a chunked one reserves as its chunks arrive. The reservation is returned when the
/// exchange ends (response queued, or the connection closed). A request that does not fit is answered 503 with
/// `Retry-After` and its connection closed, without reading the body.
public final class BodyBudget: Sendable {
    /// Bytes that may be held at once; 0 means no bound.
    public let capacity: Int
    private let held = Atomic<Int>(0)

    /// A budget of `capacity` bytes (0: unbounded).
    public init(capacity: Int) { self.capacity = max(0, capacity) }

    /// Bytes reserved now.
    public var reserved: Int { held.load(ordering: .relaxed) }

    /// Reserves `bytes` if they fit; false (nothing reserved) if not.
    public func reserve(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        guard capacity > 0 else { held.add(bytes, ordering: .relaxed); return true }
        var current = held.load(ordering: .relaxed)
        while true {
            guard current + bytes <= capacity else { return false }
            let (exchanged, original) = held.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Returns `bytes` reserved earlier.
    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        held.subtract(bytes, ordering: .relaxed)
    }
}

/// Open connections per client address, so one client cannot take every connection slot.
final class ClientConnections: Sendable {
    /// Most connections one address may hold; 0 means no bound.
    let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = max(0, limit) }

    /// Counts a new connection from `address`; false (not counted) when it already holds `limit`.
    func open(_ address: String) -> Bool {
        guard limit > 0 else { return true }
        return counts.withLock { c in
            let n = c[address, default: 0]
            guard n < limit else { return false }
            c[address] = n + 1
            return true
        }
    }

    /// Un-counts a connection from `address`.
    func close(_ address: String) {
        guard limit > 0 else { return }
        counts.withLock { c in
            guard let n = c[address] else { return }
            if n <= 1 { c[address] = nil } else { c[address] = n - 1 }
        }
    }

    /// Connections `address` holds now.
    func count(_ address: String) -> Int { counts.withLock { $0[address, default: 0] } }
}
