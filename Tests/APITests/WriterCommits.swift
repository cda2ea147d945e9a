import CSQLite
@testable import Storage

/// The commits of a store's writer connection as events (an SQLite commit hook), so a test waits for "the next
/// write landed" and then re-checks its condition, instead of polling on a timer. The server's background work
/// (FTS merge steps, late LLM results filling the summary cache) commits on that connection.
///
/// ```swift
/// let commits = try WriterCommits(store.writerQueue)
/// defer { commits.remove() }
/// for await _ in commits.events where try await condition() { break }
/// ```
final class WriterCommits: Sendable {
    /// Holds the continuation for the C callback.
    private final class Box: Sendable {
        let continuation: AsyncStream<Void>.Continuation
        init(_ continuation: AsyncStream<Void>.Continuation) { self.continuation = continuation }
    }

    /// One element per commit (coalesced: at most one waits unread, which is all a re-check needs).
    let events: AsyncStream<Void>
    private let queue: DatabaseQueue
    private let box: Box

    /// Installs the hook on `queue`'s connection (replacing any other commit hook; Storage sets none).
    init(_ queue: DatabaseQueue) {
        let (events, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.events = events
        self.queue = queue
        box = Box(continuation)
        let context = Unmanaged.passUnretained(box).toOpaque()
        queue.sync { db in
            _ = sqlite3_commit_hook(db.handle, { context in
                // Called on the writer's queue just before the commit completes; returning 0 lets it commit.
                Unmanaged<Box>.fromOpaque(context!).takeUnretainedValue().continuation.yield()
                return 0
            }, context)
        }
    }

    /// Removes the hook and ends `events`; call before the store goes away.
    func remove() {
        queue.sync { db in _ = sqlite3_commit_hook(db.handle, nil, nil) }
        box.continuation.finish()
    }
}
