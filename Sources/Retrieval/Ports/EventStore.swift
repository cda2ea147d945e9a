/// The port to durable storage of interaction events (the `/events` log) and what is derived from it.
public protocol EventStore: Sendable {
    /// Stores `events` in one transaction; returns once it has committed (the acknowledgement).
    func append(_ events: [Event]) async throws
    /// The user's most recent `limit` events, newest first.
    func history(user: String, limit: Int) async throws -> [Event]
    /// Deletes every event of `user`; returns how many there were.
    func erase(user: String) async throws -> Int
    /// Deletes every event older than `timestamp` (seconds since 1970); returns how many.
    func purge(before timestamp: Double) async throws -> Int
    /// The most popular products (the sum of their events' `EventType.weight`), best first, at most `limit`.
    func popular(limit: Int) async throws -> [(productID: String, score: Double)]
    /// How many events each of `productIDs` has (absent: none, a cold item).
    func eventCounts(productIDs: [String]) async throws -> [String: Int]
    /// Events stored.
    func count() async throws -> Int
}
