import Foundation
import Storage
import Testing
import TestSupport

/// Products written one request at a time leave the FTS5 index in several segments (one per commit until FTS5's
/// own lazy merges); once writes go quiet for `storage.fts_maintenance_idle_s`, the server merges them into one, and
/// search answers stay the same.
@Suite("BM25 index merged once writes go quiet")
struct LexicalMergeE2ETests {
    @Test func theServerMergesSegmentsWhenIdle() async throws {
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
        let query = SearchFixture(text: "brass oak lamp model 5", k: 5, mode: "hybrid")
        let hitsBefore = try await app.search(query)

        // Poll (the merge waits for 1.5 s without writes, then runs in steps); 60 s bounds a very slow machine.
        let deadline = ContinuousClock.now + .seconds(60)
        var shape = before
        while shape.segments > 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            shape = try await store.lexicalIndexShape()
        }
        #expect(shape.segments == 1, "\(shape)")
        let hitsAfter = try await app.search(query)
        #expect(hitsAfter.map(\.id) == hitsBefore.map(\.id))
        #expect(hitsAfter.first?.id == "m5")
    }
}
