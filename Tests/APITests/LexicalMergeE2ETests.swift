import Foundation
import Storage
import Testing
import TestSupport

/// Products written one request at a time leave the FTS5 index in several segments (one per commit until FTS5's
/// own lazy merges); once writes go quiet for `storage.fts_maintenance_idle_s`, the server merges them into one, and
/// search answers stay the same.
@Suite("BM25 index merged once writes go quiet")
struct LexicalMergeE2ETests {
    // Live only: the merge is the server's own background work, which no request path touches; a second mode would
    // only wait out the idle period again.
    @Test(.timeLimit(.minutes(1)))
    func theServerMergesSegmentsWhenIdle() async throws {
        let app = try await CatalogHarness.start(settings: ["storage.fts_maintenance_idle_s": "1.5"])
        defer { app.stop() }
        let words = ["walnut", "brass", "oak", "linen", "steel", "wool", "glass", "copper"]
        for i in 0..<14 {
            let title = "\(words[i % 8]) \(words[(i + 3) % 8]) lamp model \(i)"
            #expect(try await app.post("/products", CatalogFixtures.product("m\(i)", title: title)).status == 201)
        }
        let store = try app.tester.app.retrieval.current().store
        let before = try await store.lexicalIndexShape()
        #expect(before.segments > 1, "\(before)")
        // m5's own title: "brass oak lamp model 5" half-matched five titles equally ("brass"/"oak" + "lamp model"),
        // so which came first depended on how equal BM25 scores were ordered, not on the merge.
        let query = SearchFixture(text: "wool walnut lamp model 5", k: 5, mode: "hybrid")
        let hitsBefore = try await app.search(query)

        // The merge waits for 1.5 s without writes, then runs in steps, each its own commit on the writer: the
        // shape is looked at again after every commit, not on a timer (the time limit bounds a merge that never comes).
        let commits = WriterCommits(store.writerQueue)
        defer { commits.remove() }
        var shape = try await store.lexicalIndexShape()
        if shape.segments > 1 {
            for await _ in commits.events {
                shape = try await store.lexicalIndexShape()
                if shape.segments == 1 { break }
            }
        }
        #expect(shape.segments == 1, "\(shape)")
        let hitsAfter = try await app.search(query)
        #expect(hitsAfter.map(\.id) == hitsBefore.map(\.id))
        #expect(hitsAfter.first?.id == "m5")
    }
}
