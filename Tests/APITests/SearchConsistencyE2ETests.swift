import Foundation
import Testing
import TestSupport

/// Issue 6: upsert, replace and delete keep SQLite, the FTS table and the HNSW index consistent, as seen through
/// `/search` (both channels) and `/health` (index size).
@Suite("Search stays consistent with the catalog")
struct SearchConsistencyE2ETests {
    /// Neighbours that keep the vector channel from having only one product to return.
    static func seedNeighbours(_ app: CatalogHarness) async throws {
        let titles = ["Cotton bath towel", "Ceramic coffee mug", "Leather wallet", "Running shoes", "Wool scarf"]
        for (i, title) in titles.enumerated() {
            let r = try await app.post("/products", CatalogFixtures.product("n\(i)", title: title, brand: "Generic"))
            #expect(r.status == 201, "\(r.text)")
        }
    }

    /// The fused vector `/embed` gives for `text` (the same encoder the catalog uses for a page's text).
    static func embedding(_ app: CatalogHarness, _ text: String) async throws -> [Double] {
        let r = try await app.post("/embed", ["text": text])
        #expect(r.status == 200, "\(r.text)")
        return try r.decode(EmbedAnswer.self).embedding
    }

    @Test(arguments: TestMode.allCases)
    func replaceRemovesTheOldVersionFromBothChannels(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seedNeighbours(app)
        let old = CatalogFixtures.product("p1", title: "Zanzibar teak hammock",
                                          media: [CatalogFixtures.media("video", asr: "zanzibar hammock swinging teak frame")])
        #expect(try await app.post("/products", old).status == 201)
        // The page text is the title alone here, so /embed of the title is exactly the stored page vector.
        let oldVector = try await Self.embedding(app, "Zanzibar teak hammock")

        let before = try await app.search(["text": "zanzibar", "mode": "hybrid", "k": 20])
        #expect(before.first?.id == "p1")
        #expect(before.first?.lexicalScore != nil)
        let exactBefore = try await app.search(["vector": oldVector, "mode": "vector", "k": 20])
        let selfScore = try #require(exactBefore.first { $0.id == "p1" }?.score)
        #expect(exactBefore.first?.id == "p1")
        // Inner product of the stored page vector with itself (0.8 for text only: the text branch's fusion scale²).
        let norm2 = oldVector.reduce(0) { $0 + $1 * $1 }
        #expect(abs(selfScore - norm2) < 1e-3, "\(selfScore) vs \(norm2)")

        let new = CatalogFixtures.product("p1", title: "Folding camping chair")
        #expect(try await app.post("/products", new).status == 200)

        // Lexical: no appearance of p1 matches a word only the old version had.
        let lexical = try await app.search(["text": "zanzibar", "mode": "hybrid", "k": 20])
        #expect(lexical.allSatisfy { $0.lexicalScore == nil }, "\(lexical)")
        let hammock = try await app.search(["text": "hammock teak", "mode": "hybrid", "k": 20])
        #expect(hammock.allSatisfy { $0.lexicalScore == nil }, "\(hammock)")
        // Vector: nothing in the index is the old vector any more (only p1's new page remains for p1).
        let exactAfter = try await app.search(["vector": oldVector, "mode": "vector", "k": 20])
        #expect(exactAfter.allSatisfy { $0.score < 0.6 * selfScore }, "\(exactAfter)")
        #expect(try await app.healthVectors() == 6)  // 5 neighbours + p1's page; the old video is gone
        // And the new version is found by its own words in both channels.
        let chair = try await app.search(["text": "camping chair", "mode": "hybrid", "k": 3])
        #expect(chair.first?.id == "p1")
        #expect(chair.first?.lexicalScore != nil)
        let chairVector = try await app.search(["text": "Folding camping chair", "mode": "vector", "k": 3])
        #expect(chairVector.first?.id == "p1")
        let chairNorm2 = try await Self.embedding(app, "Folding camping chair").reduce(0) { $0 + $1 * $1 }
        #expect(abs((chairVector.first?.score ?? 0) - chairNorm2) < 1e-3)
    }

    @Test(arguments: TestMode.allCases)
    func deleteRemovesTheProductFromSearch(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seedNeighbours(app)
        let doomed = CatalogFixtures.product("doomed", title: "Quokka plush toy",
                                             media: [CatalogFixtures.media("live", asr: "quokka plush toy live today")])
        #expect(try await app.post("/products", doomed).status == 201)
        let doomedVector = try await Self.embedding(app, "Quokka plush toy")
        #expect(try await app.search(["text": "quokka", "k": 10]).first?.id == "doomed")
        #expect(try await app.search(["vector": doomedVector, "k": 10]).first?.id == "doomed")
        #expect(try await app.healthVectors() == 7)

        #expect(try await app.delete("/products/doomed").status == 204)
        for mode in ["hybrid", "vector"] {
            for query in [SearchFixture(text: "quokka plush toy"), SearchFixture(vector: doomedVector)] {
                var q = query
                q.mode = mode
                q.k = 100
                let hits = try await app.search(q)
                #expect(!hits.contains { $0.id == "doomed" }, "\(mode) \(query): \(hits)")
                #expect(hits.count == 5, "\(mode): \(hits.map(\.id))")
            }
        }
        #expect(try await app.healthVectors() == 5)
        let like = try await app.post("/search", ["like": "doomed"])
        #expect(like.status == 404)
    }

    @Test(arguments: TestMode.allCases)
    func aProductWithSeveralAppearancesIsListedOnce(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seedNeighbours(app)
        let image = CatalogFixtures.pngBase64(seed: 7)
        let multi = CatalogFixtures.product(
            "multi", title: "Capybara kettle", description: "capybara shaped kettle", images: [image],
            media: [
                CatalogFixtures.media("video", asr: "look at this capybara kettle, capybara kettle boils fast"),
                CatalogFixtures.media("video", asr: "capybara kettle unboxing", frames: [image]),
                CatalogFixtures.media("live", asr: "capybara kettle live deal capybara", frames: [image, image]),
            ])
        let stored = try await app.post("/products", multi)
        #expect(stored.status == 201, "\(stored.text)")
        #expect(try await app.healthVectors() == 9)
        // (query, expected hit count): 6 products in all, only "multi" has video or live appearances.
        let queries: [(SearchFixture, Int)] = [
            (SearchFixture(text: "capybara kettle", k: 100), 6),
            (SearchFixture(text: "capybara kettle", k: 100, mode: "vector"), 6),
            (SearchFixture(asr: "uh the capybara kettle", k: 100), 6),
            (SearchFixture(images: [image], k: 100), 6),
            (SearchFixture(text: "capybara", images: [image], k: 100, mode: "vector"), 6),
            (SearchFixture(text: "capybara", k: 100, filter: .init(domain: ["video", "live"])), 1),
            (SearchFixture(text: "capybara", k: 1), 1),
        ]
        for (query, count) in queries {
            let hits = try await app.search(query)
            #expect(Set(hits.map(\.id)).count == hits.count, "\(query): \(hits.map(\.id))")
            #expect(hits.first?.id == "multi", "\(query): \(hits.map(\.id))")
            #expect(hits.filter { $0.id == "multi" }.count == 1)
            #expect(hits.count == count, "\(query): \(hits.map(\.id))")
        }
    }

    @Test(arguments: TestMode.allCases)
    func likeSearchExcludesTheProductItself(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seedNeighbours(app)
        _ = try await app.post("/products", CatalogFixtures.product("mug-a", title: "Ceramic tea mug blue glaze"))
        _ = try await app.post("/products", CatalogFixtures.product("mug-b", title: "Ceramic tea mug green glaze"))
        for mode in ["hybrid", "vector"] {
            let hits = try await app.search(["like": "mug-a", "k": 100, "mode": mode])
            #expect(!hits.contains { $0.id == "mug-a" }, "\(mode): \(hits.map(\.id))")
            #expect(hits.count == 6, "\(mode): \(hits.map(\.id))")
            #expect(hits.first?.id == "mug-b", "\(mode): \(hits.map(\.id))")
            let one = try await app.search(["like": "mug-a", "k": 1, "mode": mode])
            #expect(one.map(\.id) == ["mug-b"])
        }
    }

    @Test(arguments: TestMode.allCases)
    func chineseTitlesAreFoundByAWordInsideThem(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seedNeighbours(app)
        #expect(try await app.post("/products", CatalogFixtures.product("cn-1", title: "无线蓝牙耳机 主动降噪")).status == 201)
        #expect(try await app.post("/products", CatalogFixtures.product("cn-2", title: "不锈钢保温杯")).status == 201)
        let earphones = try await app.search(["text": "蓝牙耳机", "k": 3])
        #expect(earphones.first?.id == "cn-1")
        #expect(earphones.first?.lexicalScore != nil)
        #expect(earphones.dropFirst().allSatisfy { $0.lexicalScore == nil })
        let cup = try await app.search(["text": "保温杯", "k": 3])
        #expect(cup.first?.id == "cn-2")
        #expect(cup.first?.lexicalScore != nil)
    }

    /// Stale FTS rows are invisible one by one (their keys map to no product), but they would still take lexical
    /// candidate slots: after 60 replacements that all say "zanzibar", a longer (lower-BM25) product saying it
    /// once must still be among the lexical candidates.
    @Test(arguments: TestMode.allCases)
    func replacementsLeaveNoLexicalRowsBehind(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        try await Self.seedNeighbours(app)
        let filler = (0..<40).map { "word\($0)" }.joined(separator: " ")
        #expect(try await app.post("/products", CatalogFixtures.product(
            "rug", title: "Woven rug", description: "zanzibar pattern " + filler)).status == 201)
        for i in 0..<60 {
            let r = try await app.post("/products", CatalogFixtures.product("hammock", title: "Zanzibar hammock v\(i)"))
            #expect(r.status == (i == 0 ? 201 : 200))
        }
        let hits = try await app.search(["text": "zanzibar", "k": 10])
        #expect(hits.first { $0.id == "rug" }?.lexicalScore != nil, "\(hits)")
        #expect(hits.first { $0.id == "hammock" }?.lexicalScore != nil, "\(hits)")
        #expect(try await app.healthVectors() == 7)
    }
}
