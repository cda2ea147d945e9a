import Foundation
import Retrieval
import Testing
@testable import Storage

@Suite("FTS segment merging")
struct LexicalIndexMergeTests {
    static let words = ["kettle", "steel", "black", "ceramic", "teapot", "glass", "lid", "handle", "electric", "travel",
                        "mug", "cup", "bamboo", "tray", "copper", "pot"]

    /// A catalog written one product per transaction: FTS5 leaves it in several segments.
    static func fragmentedStore(products: Int) async throws -> (SQLiteCatalogStore, URL, [String: Int64]) {
        let (store, dir) = try LexicalPruningTests.store()
        var keys: [String: Int64] = [:]
        for i in 0..<products {
            let title = (0..<4).map { words[(i * 7 + $0 * 3) % words.count] }.joined(separator: " ") + " model \(i)"
            keys["p\(i)"] = try await LexicalPruningTests.add(store, "p\(i)", title)
        }
        return (store, dir, keys)
    }

    static func search(_ store: SQLiteCatalogStore, _ text: String) async throws -> [(key: Int64, score: Double)] {
        let query = try #require(LexicalQuery(text: text))
        return try await store.lexicalSearch(query, maxTerms: 32, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 50, weights: LexicalWeights())
    }

    @Test func mergingLeavesOneSegmentAndTheSameRanking() async throws {
        let (store, dir, keys) = try await Self.fragmentedStore(products: 40)
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try await store.lexicalIndexShape()
        #expect(before.segments > 1)
        #expect(before.needsMerge())
        let queries = ["black steel kettle", "ceramic teapot lid model 7", "copper pot bamboo tray", "travel mug 33"]
        var ranked: [[(key: Int64, score: Double)]] = []
        for q in queries { ranked.append(try await Self.search(store, q)) }

        // Small steps, so the merge really runs in several transactions.
        let (steps, finished) = try await store.mergeLexicalIndex(pagesPerStep: 1)
        #expect(finished && steps >= 1)
        let after = try await store.lexicalIndexShape()
        #expect(after.segments == 1)
        #expect(!after.needsMerge())
        for (q, old) in zip(queries, ranked) {
            let new = try await Self.search(store, q)
            #expect(new.map(\.key) == old.map(\.key), "\(q)")
            for (a, b) in zip(new, old) { #expect(abs(a.score - b.score) < 1e-9) }
        }
        // Nothing left to do: a further step reports no work and changes nothing.
        #expect(try await store.mergeLexicalIndexStep() == false)
        #expect(try await store.lexicalIndexShape() == after)
        // Writes after a merge are found as before, and deleted products are gone.
        let added = try await LexicalPruningTests.add(store, "new", "zircon kettle")
        _ = try await store.delete(id: "p3", afterCommit: { _ in })
        try await store.mergeLexicalIndex()
        #expect(try await Self.search(store, "zircon").map(\.key) == [added])
        #expect(!(try await Self.search(store, "model 3")).contains { $0.key == keys["p3"] })
        try await store.writerQueue.run { db in try db.run("INSERT INTO appearance_fts(appearance_fts) VALUES('integrity-check')") }
    }

    @Test func aMergeStopsWhenAskedAndResumes() async throws {
        let (store, dir, _) = try await Self.fragmentedStore(products: 30)
        defer { try? FileManager.default.removeItem(at: dir) }
        let stop = try await store.mergeLexicalIndex(pagesPerStep: 1) { false }
        #expect(stop.steps == 0 && !stop.finished)
        let (_, finished) = try await store.mergeLexicalIndex(pagesPerStep: 1)
        #expect(finished)
        #expect(try await store.lexicalIndexShape().segments == 1)
    }

    @Test func writesAreRecorded() async throws {
        let (store, dir) = try LexicalPruningTests.store()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(store.writeActivity.writes == 0)
        _ = try await LexicalPruningTests.add(store, "a", "steel kettle")
        #expect(store.writeActivity.writes == 1)
        #expect(store.writeActivity.secondsSinceLastWrite < 60)
    }

    @Test(arguments: [
        (LexicalIndexShape(segments: 1, pages: 100_000, largestSegmentPages: 100_000), false),
        (LexicalIndexShape(segments: 0, pages: 0, largestSegmentPages: 0), false),
        (LexicalIndexShape(segments: 2, pages: 300, largestSegmentPages: 299), true),       // small: always
        (LexicalIndexShape(segments: 3, pages: 100_050, largestSegmentPages: 100_000), false), // large, 0.05% new
        (LexicalIndexShape(segments: 3, pages: 110_000, largestSegmentPages: 100_000), true),  // large, 10% new
        (LexicalIndexShape(segments: 9, pages: 100_050, largestSegmentPages: 100_000), true),  // large, many segments
    ])
    func mergePolicy(shape: LexicalIndexShape, expected: Bool) {
        #expect(shape.needsMerge() == expected)
    }
}

@Suite("Term statistics rebuilt off the search path")
struct TermFrequencyRefreshTests {
    @Test func searchesDoNotRebuildAStaleCopyRefreshDoes() async throws {
        // The FTS5 path's copy of the vocabulary (the in-memory index, when on, needs none).
        let (store, dir) = try LexicalPruningTests.store(termFrequencyReload: nil, memoryLexicalIndex: false)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await LexicalPruningTests.add(store, "a", "steel kettle")
        try await store.refreshTermFrequencies()
        let built = store.termFrequencies.map(\.version)
        #expect(built.allSatisfy { $0 != nil })
        let key = try await LexicalPruningTests.add(store, "b", "ceramic teapot")
        // A search after the write is exact (per-query lookup) and leaves the stale copy alone.
        let query = try #require(LexicalQuery(text: "teapot"))
        for _ in store.readers {
            #expect(try await store.lexicalSearch(query, maxTerms: 8, maxDocumentFrequency: nil, filter: SearchFilter(), limit: 5,
                                                  weights: LexicalWeights()).map(\.key) == [key])
        }
        #expect(store.termFrequencies.map(\.version) == built)
        try await store.refreshTermFrequencies()
        for (i, reader) in store.readers.enumerated() {
            let (version, current, cached) = try await reader.run { db in
                (store.termFrequencies[i].version, try db.cached("PRAGMA data_version").first { $0.int64(0) },
                 try store.termFrequencies[i].frequencies(of: ["teapot", "kettle"], db: db))
            }
            #expect(version == current)
            #expect(cached == ["teapot": 1, "kettle": 1])
        }
    }
}
