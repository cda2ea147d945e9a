import Foundation
import Testing
import TestSupport

/// Concurrent writes over many connections leave SQLite, FTS, the index and the filter directory agreeing.
@Suite("Concurrent writes end to end")
struct ConcurrentWritesE2ETests {
    static let words = ["amber", "birch", "cobalt", "dune", "ember", "fjord", "garnet", "harbor",
                        "indigo", "juniper", "kelp", "lagoon", "magma", "nectar", "onyx", "prairie"]

    @Test func racingReplacementsOfOneIdLeaveExactlyTheLastCommittedVersion() async throws {
        let app = try await CatalogHarness.start()
        defer { app.stop() }
        for (i, title) in ["Cotton towel", "Wool scarf", "Leather wallet"].enumerated() {
            #expect(try await app.post("/products", CatalogFixtures.product("n\(i)", title: title)).status == 201)
        }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for (i, word) in Self.words.enumerated() {
                let media = (0..<(i % 3)).map { _ in CatalogFixtures.media("video", frames: [CatalogFixtures.pngBase64(seed: UInt64(i))]) }
                let body = CatalogFixtures.product("same", title: "Vase \(word)", category: word, media: media)
                group.addTask { try await app.post("/products", body).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 200 }.count == Self.words.count - 1, "\(statuses)")

        let stored = try await app.get("/products/same").decode(ProductAnswer.self)
        let winner = try #require(Self.words.firstIndex { stored.title == "Vase \($0)" })
        #expect(stored.appearances.count == 1 + winner % 3)
        #expect(try await app.healthProducts() == 4)
        #expect(try await app.healthVectors() == 3 + 1 + winner % 3)
        // Only the winner's word finds "same" lexically; every other version left no trace in FTS or the filters.
        for (i, word) in Self.words.enumerated() {
            let hits = try await app.search(["text": word, "k": 10])
            let lexical = hits.first { $0.id == "same" }?.lexicalScore
            #expect((lexical != nil) == (i == winner), "\(word): \(hits)")
            let filtered = try await app.search(["text": "vase", "k": 10, "filter": ["category": word]])
            #expect(filtered.map(\.id) == (i == winner ? ["same"] : []), "\(word)")
        }
    }

    @Test func concurrentInsertsAndDeletesKeepCountsListsAndSearchInAgreement() async throws {
        let app = try await CatalogHarness.start()
        defer { app.stop() }
        let ids = (0..<24).map { "c\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, id) in ids.enumerated() {
                let body = CatalogFixtures.product(id, title: "Lantern \(Self.words[i % Self.words.count]) \(i)",
                                                   brand: i % 2 == 0 ? "Even" : "Odd")
                group.addTask {
                    let status = try await app.post("/products", body).status
                    #expect(status == 201)
                }
            }
            try await group.waitForAll()
        }
        let deleted = Set(ids.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in deleted {
                group.addTask {
                    let status = try await app.delete("/products/\(id)").status
                    #expect(status == 204)
                }
            }
            // Searches racing the deletes must still answer, one hit per product.
            for _ in 0..<4 {
                group.addTask {
                    let hits = try await app.search(["text": "lantern", "k": 100])
                    #expect(Set(hits.map(\.id)).count == hits.count)
                }
            }
            try await group.waitForAll()
        }
        let remaining = Set(ids).subtracting(deleted)
        #expect(try await app.healthProducts() == remaining.count)
        #expect(try await app.healthVectors() == remaining.count)
        let listed = try await app.get("/products?limit=100").decode(ProductPageAnswer.self).products.map(\.id)
        #expect(Set(listed) == remaining)
        for mode in ["hybrid", "vector"] {
            let hits = try await app.search(["text": "lantern", "k": 100, "mode": mode])
            #expect(Set(hits.map(\.id)) == remaining, "\(mode)")
            let even = try await app.search(["text": "lantern", "k": 100, "mode": mode, "filter": ["brand": "even"]])
            #expect(Set(even.map(\.id)) == Set(remaining.filter { Int($0.dropFirst())! % 2 == 0 }), "\(mode)")
        }
    }
}
