import Foundation
import Testing
import TestSupport

/// Issue 6: stopping the app and starting a new one on the same data directory keeps every product, gives
/// identical search results and the same `/health` counts, whether the index comes back from the shutdown
/// snapshot or is rebuilt from the stored vectors (no snapshot: the first app never shut down gracefully).
@Suite("Restart keeps everything")
struct RestartE2ETests {
    static var queries: [SearchFixture] { [
        SearchFixture(text: "walnut desk", k: 5),
        SearchFixture(text: "walnut desk", k: 5, mode: "vector"),
        SearchFixture(asr: "uh so this lamp is brass", k: 5),
        SearchFixture(text: "lamp", k: 10, filter: .init(brand: "Lumo")),
        SearchFixture(text: "chair", k: 10, filter: .init(domain: ["video"]), mode: "vector"),
        SearchFixture(like: "item-3", k: 4),
        SearchFixture(images: [CatalogFixtures.pngBase64(seed: 5)], k: 3),
    ] }

    /// Fills the catalog with a mix of products, replacements and deletions.
    static func populate(_ app: CatalogHarness) async throws {
        let words = ["walnut desk", "brass lamp", "oak chair", "linen sofa", "steel shelf", "wool rug"]
        for i in 0..<12 {
            let media = i % 3 == 0 ? [CatalogFixtures.media("video", asr: "look at this \(words[i % 6]) right here",
                                                           frames: [CatalogFixtures.pngBase64(seed: UInt64(i))])] : nil
            let body = CatalogFixtures.product("item-\(i)", title: "\(words[i % 6].capitalized) model \(i)",
                                               brand: i % 2 == 0 ? "Lumo" : "Nordhus", category: "furniture",
                                               price: Double(10 * i + 5), attributes: ["n": "\(i)"],
                                               images: i % 4 == 0 ? [CatalogFixtures.pngBase64(seed: UInt64(100 + i))] : nil,
                                               media: media)
            #expect(try await app.post("/products", body).status == 201)
        }
        #expect(try await app.post("/products", CatalogFixtures.product("item-4", title: "Oak chair deluxe")).status == 200)
        #expect(try await app.delete("/products/item-7").status == 204)
    }

    /// Everything a restart must preserve: products (all pages), search hits, health counts.
    struct Observed: Equatable {
        var products: [ProductAnswer]
        var hits: [[CatalogHit]]
        var health: [Int?]
        /// Extractive summaries depend on the catalog vocabulary, which a restart rebuilds from the stored pages.
        var summaries: [String]
    }

    static func observe(_ app: CatalogHarness) async throws -> Observed {
        var products: [ProductAnswer] = []
        var cursor: String?
        repeat {
            let page = try await app.get("/products?limit=5" + (cursor.map { "&cursor=\($0)" } ?? ""))
                .decode(ProductPageAnswer.self)
            // Whole stored products, minus nothing: every field of the `Product` mirror is compared.
            products += page.products
            cursor = page.nextCursor
        } while cursor != nil
        var hits: [[CatalogHit]] = []
        for query in Self.queries { hits.append(try await app.search(query)) }
        var summaries: [String] = []
        for asr in ["so uh this walnut desk model 6 right", "the oak chair deluxe and the linen sofa, sofa"] {
            summaries.append(try await app.post("/summarize", ["asr": asr]).decode(SummarizeAnswer.self).summary)
        }
        return Observed(products: products, hits: hits, health: [try await app.healthProducts(), try await app.healthVectors()],
                        summaries: summaries)
    }

    @Test(arguments: TestMode.allCases, [true, false])
    func restartKeepsProductsSearchAndHealth(mode: TestMode, graceful: Bool) async throws {
        let data = try TemporaryDirectory()
        let first = try await CatalogHarness.start(mode: mode, settings: ["data.dir": data.path])
        try await Self.populate(first)
        let before = try await Self.observe(first)
        #expect(before.products.count == 11)
        #expect(before.health == [11, 15])  // 11 pages + videos of items 0, 3, 6, 9
        #expect(before.hits.allSatisfy { !$0.isEmpty })
        if graceful { await first.shutdown() } else { first.stop() }

        let second = try await CatalogHarness.start(mode: mode, settings: ["data.dir": data.path])
        defer { second.stop() }
        let source = try await second.health().index.loadedFrom ?? ""
        #expect(source.hasPrefix(graceful ? "snapshot" : "rebuilt"), "\(source)")
        let after = try await Self.observe(second)
        #expect(after.products == before.products)
        #expect(after.health == before.health)
        #expect(after.summaries == before.summaries)
        #expect(before.summaries.allSatisfy { !$0.isEmpty }, "\(before.summaries)")
        for (i, query) in Self.queries.enumerated() {
            #expect(after.hits[i].map(\.id) == before.hits[i].map(\.id), "\(query)")
            #expect(after.hits[i] == before.hits[i], "\(query)")
        }
        // And the restarted app keeps accepting writes on top of what it loaded.
        #expect(try await second.post("/products", CatalogFixtures.product("item-7", title: "Back again")).status == 201)
        #expect(try await second.healthProducts() == 12)
    }
}
