import Retrieval
import Synchronization

/// An `EventStore` in memory: the events in arrival order under one lock. Popularity and counts are computed
/// from the events on each call, as Storage's triggers keep them (`EventType.weight` summed per product; products
/// whose events weigh nothing are not popular). `failNextAppend` makes the next batch throw and store nothing.
package final class InMemoryEventStore: EventStore, Sendable {
    private struct State {
        var events: [Event] = []
        var failNextAppend: (any Error)?
        var historyCalls: [String] = []
    }

    private let state = Mutex(State())

    /// An empty log.
    package init() {}

    /// Every stored event, in arrival order.
    package var all: [Event] { state.withLock { $0.events } }

    /// The users whose history was read, in order.
    package var historyCalls: [String] { state.withLock { $0.historyCalls } }

    /// The next `append` throws `error` and stores nothing (one shot).
    package func failNextAppend(with error: any Error) { state.withLock { $0.failNextAppend = error } }

    package func append(_ events: [Event]) async throws {
        try state.withLock { s in
            if let error = s.failNextAppend {
                s.failNextAppend = nil
                throw error
            }
            s.events += events
        }
    }

    package func history(user: String, limit: Int) async throws -> [Event] {
        state.withLock { s in
            s.historyCalls.append(user)
            let indexed = s.events.enumerated().filter { $0.element.user == user }
            let sorted = indexed.sorted { a, b in
                a.element.timestamp != b.element.timestamp ? a.element.timestamp > b.element.timestamp : a.offset > b.offset
            }
            return Array(sorted.prefix(max(0, limit)).map(\.element))
        }
    }

    package func erase(user: String) async throws -> Int {
        state.withLock { s in
            let before = s.events.count
            s.events.removeAll { $0.user == user }
            return before - s.events.count
        }
    }

    package func purge(before timestamp: Double) async throws -> Int {
        state.withLock { s in
            let before = s.events.count
            s.events.removeAll { $0.timestamp < timestamp }
            return before - s.events.count
        }
    }

    package func popular(limit: Int) async throws -> [(productID: String, score: Double)] {
        let scores = state.withLock { s in
            s.events.reduce(into: [String: Double]()) { $0[$1.productID, default: 0] += $1.type.weight }
        }
        let ranked = scores.filter { $0.value > 0 }.sorted {
            $0.value != $1.value ? $0.value > $1.value : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
        }
        return ranked.prefix(max(0, limit)).map { (productID: $0.key, score: $0.value) }
    }

    package func eventCounts(productIDs: [String]) async throws -> [String: Int] {
        let wanted = Set(productIDs)
        return state.withLock { s in
            s.events.reduce(into: [String: Int]()) { if wanted.contains($1.productID) { $0[$1.productID, default: 0] += 1 } }
        }
    }

    package func count() async throws -> Int { state.withLock { $0.events.count } }
}
