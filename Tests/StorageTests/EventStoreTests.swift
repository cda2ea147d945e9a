import Foundation
import Retrieval
import Testing
@testable import Storage

/// A migrated database (catalog, then events) in a fresh temporary directory, with the event store writing
/// through the catalog's writer queue as the app wires it.
private struct EventFixture {
    let dir: URL
    let path: String
    let catalog: SQLiteCatalogStore
    let events: SQLiteEventStore

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-ev-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("ampere.sqlite").path
        var migrator = Migrator()
        migrator.register(SQLiteCatalogStore.migrations)
        migrator.register(SQLiteEventStore.migrations)
        try migrator.migrate(try Database(path: path))
        catalog = try SQLiteCatalogStore(path: path)
        events = try SQLiteEventStore(writer: catalog.writerQueue, path: path)
    }

    func reopen() throws -> SQLiteEventStore {
        try SQLiteEventStore(writer: DatabaseQueue(path: path), path: path)
    }
}

@Suite("SQLite event store")
struct EventStoreTests {
    static func event(_ user: String, _ product: String, _ type: EventType, at ts: Double, quantity: Int = 1) -> Event {
        Event(user: user, session: "s-\(user)", productID: product, type: type, timestamp: ts, quantity: quantity,
              domain: .page)
    }

    @Test func aBatchIsStoredAndReadBackNewestFirstWithItsFields() async throws {
        let f = try EventFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try await f.events.append([
            Self.event("u1", "p1", .view, at: 100),
            Self.event("u1", "p2", .purchase, at: 300, quantity: 4),
            Self.event("u2", "p1", .click, at: 200),
            Event(user: "u1", productID: "never-stored", type: .addToCart, timestamp: 200),
        ])
        #expect(try await f.events.count() == 4)
        let history = try await f.events.history(user: "u1", limit: 10)
        #expect(history.map(\.productID) == ["p2", "never-stored", "p1"])
        #expect(history[0] == Self.event("u1", "p2", .purchase, at: 300, quantity: 4))
        #expect(history[1].session == nil && history[1].domain == nil && history[1].quantity == 1)
        #expect(try await f.events.history(user: "u1", limit: 2).count == 2)
        #expect(try await f.events.history(user: "nobody", limit: 10).isEmpty)
        // Reopened from the file: the batch was committed, not just cached.
        #expect(try await f.reopen().count() == 4)
    }

    @Test func popularityAndCountsFollowInsertsErasureAndRetention() async throws {
        let f = try EventFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        try await f.events.append([
            Self.event("u1", "a", .purchase, at: 10), Self.event("u2", "a", .view, at: 20),
            Self.event("u1", "b", .click, at: 30), Self.event("u2", "b", .click, at: 40),
            Self.event("u3", "c", .dislike, at: 50), Self.event("u3", "b", .view, at: 60),
        ])
        let popular = try await f.events.popular(limit: 10)
        #expect(popular.map(\.productID) == ["a", "b"])  // c has only a dislike: weight 0, never popular
        #expect(popular.map(\.score) == [3.5, 2.5])
        #expect(try await f.events.eventCounts(productIDs: ["a", "b", "c", "zzz"]) == ["a": 2, "b": 3, "c": 1])

        #expect(try await f.events.erase(user: "u1") == 2)
        #expect(try await f.events.history(user: "u1", limit: 10).isEmpty)
        #expect(try await f.events.popular(limit: 10).map(\.productID) == ["b", "a"])
        #expect(try await f.events.eventCounts(productIDs: ["a", "b"]) == ["a": 1, "b": 2])
        #expect(try await f.events.erase(user: "u1") == 0)

        #expect(try await f.events.purge(before: 45) == 2)  // u2's two events; u3's stay
        #expect(try await f.events.eventCounts(productIDs: ["a", "b", "c"]) == ["b": 1, "c": 1])
        #expect(try await f.events.count() == 2)
    }

    @Test func theTableRefusesATypeOutsideTheClosedSet() async throws {
        let f = try EventFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let error = #expect(throws: SQLiteError.self) {
            try f.catalog.writerQueue.sync { db in
                try db.run("INSERT INTO events (user_id, product_id, type, ts, received_at) VALUES ('u', 'p', 'like', 0, 0)")
            }
        }
        #expect(error?.isConstraintViolation == true)
        #expect(try await f.events.count() == 0)
    }

    @Test func aBatchIsOneTransaction() async throws {
        let f = try EventFixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        // Quantity 0 violates the CHECK: the whole batch is rolled back, the good event before it included.
        await #expect(throws: SQLiteError.self) {
            try await f.events.append([Self.event("u1", "p1", .view, at: 1), Self.event("u1", "p2", .view, at: 2, quantity: 0)])
        }
        #expect(try await f.events.count() == 0)
        #expect(try await f.events.popular(limit: 5).isEmpty)
    }
}
