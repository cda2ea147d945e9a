import Dispatch
import Foundation
import Retrieval
import Synchronization
import Testing
@testable import Storage

/// A migrated catalog in a fresh temporary directory.
private struct Fixture {
    let dir: URL
    let path: String
    let store: SQLiteCatalogStore

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-cat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        path = dir.appendingPathComponent("ampere.sqlite").path
        var migrator = Migrator()
        migrator.register(SQLiteCatalogStore.migrations)
        try migrator.migrate(try Database(path: path))
        store = try SQLiteCatalogStore(path: path)
    }

    func reopen() throws -> SQLiteCatalogStore { try SQLiteCatalogStore(path: path) }
}

private func encoded(_ draft: ProductDraft, seed: Float = 1) -> [EncodedAppearance] {
    var out = [EncodedAppearance(domain: .page, text: draft.pageText, summary: nil, imageCount: draft.images.count,
                                 embedding: Embedding(fused: [seed, 0, 0], text: [seed, 0, 0], visual: nil))]
    for (i, media) in draft.media.enumerated() {
        out.append(EncodedAppearance(domain: media.domain, text: "summary \(i) \(media.asr ?? "")",
                                     summary: Summary(text: "summary \(i)", source: .extractive),
                                     imageCount: media.frames.count,
                                     embedding: Embedding(fused: [0, seed, Float(i)], text: nil, visual: [1])))
    }
    return out
}

private let noop: @Sendable (CatalogWrite) -> Void = { _ in }

@Suite("SQLite catalog store")
struct CatalogStoreTests {

    /// The writer commits the next batch while the graph update of the one before still runs; the updates run in
    /// commit order, and only after them is the transaction counted as applied (what a snapshot records).
    @Test func theNextBatchCommitsWhileTheLastOneIsStillApplied() async throws {
        let f = try Fixture()
        let gate = DispatchSemaphore(value: 0)
        let order = Mutex<[String]>([])
        let first = [ProductDraft(id: "a", title: "Desk lamp")], second = [ProductDraft(id: "b", title: "Floor lamp")]
        let a = try await f.store.upsertBatchDeferred(first.map { ($0, encoded($0)) }, spaceID: "test") { _ in
            _ = gate.wait(timeout: .now() + 30)  // a safety net: released below
            order.withLock { $0.append("a") }
        }
        #expect(order.withLock { $0 }.isEmpty, "upsertBatchCommitted waited for the update")
        let b = try await f.store.upsertBatchDeferred(second.map { ($0, encoded($0)) }, spaceID: "test") { _ in
            order.withLock { $0.append("b") }
        }
        // Both committed (readable) while the first update is held.
        #expect(try await f.store.product(id: "b")?.title == "Floor lamp")
        #expect(order.withLock { $0 }.isEmpty)
        let appliedBefore = f.store.snapshots.applied.value
        gate.signal()
        await b.applied()
        #expect(order.withLock { $0 } == ["a", "b"])
        await a.applied()
        #expect(f.store.snapshots.applied.value > appliedBefore)
        #expect(f.store.snapshots.applied.value == b.writes.last?.sequence)
    }
    /// Issue 14 #13: the change feed is purged by age, in bounded transactions, and always keeps its newest row.
    @Test func theChangeLogIsPurgedByAgeKeepingTheNewestRow() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        for i in 0..<5 {
            let draft = ProductDraft(id: "sku-\(i)", title: "Lamp \(i)")
            _ = try await f.store.upsert(draft, appearances: encoded(draft), spaceID: "test", afterCommit: noop)
        }
        let rows = { try f.store.writerQueue.sync { db in try db.cached("SELECT COUNT(*) FROM catalog_changes").first([]) { $0.int(0) } ?? 0 } }
        #expect(try rows() == 5)
        try f.store.writerQueue.sync { db in try db.run("UPDATE catalog_changes SET at = julianday('now') - 30 WHERE seq <= 3") }
        #expect(try await f.store.purgeChangeLog(olderThanDays: 7) == 3)
        #expect(try rows() == 2)
        #expect(try await f.store.purgeChangeLog(olderThanDays: 7) == 0)
        try f.store.writerQueue.sync { db in try db.run("UPDATE catalog_changes SET at = julianday('now') - 30") }
        #expect(try await f.store.purgeChangeLog(olderThanDays: 7) == 1)
        #expect(try rows() == 1)  // the newest stays
        #expect(try await f.store.productCount() == 5)  // products are untouched
    }

    /// Issue 13, fast ingest: a batch is one transaction, `afterCommit` sees its writes once and in order, and a
    /// product listed twice ends as its later version.
    @Test func aBatchIsOneTransactionWithItsWritesInOrder() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        var drafts = (0..<20).map { ProductDraft(id: "sku-\($0)", title: "Desk lamp \($0)", brand: "Acme") }
        drafts.append(ProductDraft(id: "sku-3", title: "Desk lamp 3, second version", brand: "Acme"))
        let seen = Mutex<[[CatalogWrite]]>([])
        let writes = try await f.store.upsertBatch(drafts.map { ($0, encoded($0)) }, spaceID: "test") { batch in
            seen.withLock { $0.append(batch) }
        }
        #expect(writes.count == 21)
        #expect(seen.withLock { $0.count } == 1)
        #expect(seen.withLock { $0.first?.map(\.sequence) } == writes.map(\.sequence))
        #expect(zip(writes, writes.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
        #expect(writes.last?.created == false)
        #expect(writes.last?.removedKeys == writes[3].added.map(\.key))
        #expect(try await f.store.productCount() == 20)
        #expect(try await f.store.product(id: "sku-3")?.title == "Desk lamp 3, second version")
        // Durable as one: a reopened store sees all of it.
        #expect(try await f.reopen().productCount() == 20)
    }

    @Test func upsertStoresProductAppearancesAndVectors() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let draft = ProductDraft(id: "sku-1", title: "Sony WH-1000XM4 Headphones", description: "Noise cancelling",
                                 brand: "Sony", category: "audio", price: 279.5, currency: "USD",
                                 attributes: [Attribute(name: "colour", value: "black")],
                                 media: [MediaDraft(domain: .live, asr: "hey guys sony headphones")])
        let write = try await f.store.upsert(draft, appearances: encoded(draft), spaceID: "test", afterCommit: noop)
        #expect(write.created)
        #expect(write.removedKeys.isEmpty)
        #expect(write.added.count == 2)
        let product = try #require(try await f.store.product(id: "sku-1"))
        #expect(product.title == draft.title && product.brand == "Sony" && product.price == 279.5)
        #expect(product.attributes == [Attribute(name: "colour", value: "black")])
        #expect(product.appearances.map(\.domain) == [.page, .live])
        #expect(product.appearances[1].summary == Summary(text: "summary 0", source: .extractive))
        let records = try await f.store.appearanceRecords(productID: "sku-1")
        #expect(records.map(\.vector) == [[1, 0, 0], [0, 1, 0]])
        #expect(records.map(\.key) == write.added.map(\.key))
    }

    @Test func replacingAProductLeavesNoStaleAppearances() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let v1 = ProductDraft(id: "a", title: "Old red kettle", media: [MediaDraft(domain: .video, asr: "kettle")])
        let first = try await f.store.upsert(v1, appearances: encoded(v1), spaceID: "t", afterCommit: noop)
        let v2 = ProductDraft(id: "a", title: "New blue teapot")
        let second = try await f.store.upsert(v2, appearances: encoded(v2, seed: 2), spaceID: "t", afterCommit: noop)
        #expect(!second.created)
        #expect(Set(second.removedKeys) == Set(first.added.map(\.key)))
        #expect(second.sequence > first.sequence)
        #expect(Set(second.added.map(\.key)).isDisjoint(with: first.added.map(\.key)))
        #expect(try await f.store.lexicalSearch(match: "\"kettle\"", filter: SearchFilter(), limit: 10).isEmpty)
        let hits = try await f.store.lexicalSearch(match: "\"teapot\"", filter: SearchFilter(), limit: 10)
        #expect(hits.map(\.key) == second.added.map(\.key))
        let all = Recorder()
        try await f.store.allAppearances { all.add($0.key) }
        #expect(all.keys == second.added.map(\.key))
        #expect(try await f.store.productCount() == 1)
    }

    @Test func deleteRemovesEverythingAndReportsMissing() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let draft = ProductDraft(id: "gone", title: "Disappearing lamp", media: [MediaDraft(domain: .live, asr: "lamp")])
        let written = try await f.store.upsert(draft, appearances: encoded(draft), spaceID: "t", afterCommit: noop)
        let deleted = try #require(try await f.store.delete(id: "gone", afterCommit: noop))
        #expect(Set(deleted.removedKeys) == Set(written.added.map(\.key)))
        #expect(deleted.previousPageText == draft.pageText)
        #expect(try await f.store.product(id: "gone") == nil)
        #expect(try await f.store.lexicalSearch(match: "\"lamp\"", filter: SearchFilter(), limit: 10).isEmpty)
        #expect(try await f.store.delete(id: "gone", afterCommit: noop) == nil)
    }

    @Test func afterCommitRunsOnceInCommitOrder() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let seen = Recorder()
        for i in 0..<5 {
            let d = ProductDraft(id: "p\(i)", title: "item \(i)")
            _ = try await f.store.upsert(d, appearances: encoded(d), spaceID: "t") { seen.add($0.sequence) }
        }
        #expect(seen.keys == seen.keys.sorted() && seen.keys.count == 5)
    }

    @Test func listingPagesInStableIdOrder() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        for id in ["c", "a", "e", "b", "d"] {
            let d = ProductDraft(id: id, title: "thing \(id)")
            _ = try await f.store.upsert(d, appearances: encoded(d), spaceID: "t", afterCommit: noop)
        }
        let first = try await f.store.products(after: nil, limit: 2).map(\.id)
        let second = try await f.store.products(after: first.last, limit: 2).map(\.id)
        let third = try await f.store.products(after: second.last, limit: 2).map(\.id)
        #expect(first == ["a", "b"] && second == ["c", "d"] && third == ["e"])
    }

    @Test func lexicalSearchAppliesFiltersInside() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let items = [
            ProductDraft(id: "1", title: "Trail running shoe", brand: "Salomon", category: "Shoes", price: 120),
            ProductDraft(id: "2", title: "Road running shoe", brand: "Nike", category: "Shoes", price: 90),
            ProductDraft(id: "3", title: "Running shorts", brand: "Nike", category: "Apparel", price: 30,
                         media: [MediaDraft(domain: .live, asr: "running")]),
        ]
        var keyToID: [Int64: String] = [:]
        for d in items {
            let w = try await f.store.upsert(d, appearances: encoded(d), spaceID: "t", afterCommit: noop)
            for r in w.added { keyToID[r.key] = d.id }
        }
        func ids(_ filter: SearchFilter) async throws -> Set<String> {
            Set(try await f.store.lexicalSearch(match: "\"running\"", filter: filter, limit: 10).compactMap { keyToID[$0.key] })
        }
        #expect(try await ids(SearchFilter()) == ["1", "2", "3"])
        #expect(try await ids(SearchFilter(brand: "nike")) == ["2", "3"])
        #expect(try await ids(SearchFilter(category: "shoes", priceMax: 100)) == ["2"])
        #expect(try await ids(SearchFilter(priceMin: 100)) == ["1"])
        #expect(try await ids(SearchFilter(domains: [.live])) == ["3"])
    }

    @Test func everythingSurvivesReopening() async throws {
        let f = try Fixture()
        defer { try? FileManager.default.removeItem(at: f.dir) }
        let d = ProductDraft(id: "keep", title: "Durable drill", media: [MediaDraft(domain: .video, asr: "drill")])
        let w = try await f.store.upsert(d, appearances: encoded(d), spaceID: "t", afterCommit: noop)
        let reopened = try f.reopen()
        #expect(try await reopened.product(id: "keep") == w.product)
        #expect(try await reopened.lexicalSearch(match: "\"drill\"", filter: SearchFilter(), limit: 5).count == 2)
    }
}

/// Collects values from `@Sendable` callbacks.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int64] = []
    func add(_ v: Int64) { lock.lock(); values.append(v); lock.unlock() }
    var keys: [Int64] { lock.lock(); defer { lock.unlock() }; return values }
}
