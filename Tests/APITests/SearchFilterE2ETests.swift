import Foundation
import Testing
import TestSupport
import VectorMath

/// Issue 6: filters (brand, category, price range, domain) return only matching products, in both modes, and
/// (on a catalog this small) every matching product.
@Suite("Search filters end to end")
struct SearchFilterE2ETests {
    struct Item {
        var id: String, brand: String?, category: String?, price: Double?, domains: Set<String>
    }

    /// A catalog with every combination the filters distinguish; ids are seeded-random so order proves nothing.
    static func catalog() -> [Item] {
        var rng = SplitMix64(seed: 42)
        let brands: [String?] = ["Acme", "Borealis", nil]
        let categories: [String?] = ["kitchen", "garden", nil]
        let mediaSets: [Set<String>] = [[], ["video"], ["live"], ["video", "live"]]
        var items: [Item] = []
        for i in 0..<24 {
            let price: Double? = i % 7 == 3 ? nil : Double(rng.next() % 20_000) / 100
            items.append(Item(id: "f\(rng.next() % 100_000)-\(i)", brand: brands[i % 3], category: categories[(i / 3) % 3],
                              price: price, domains: mediaSets[i % 4].union(["page"])))
        }
        return items
    }

    static func body(_ item: Item) -> ProductFixture {
        let media = item.domains.subtracting(["page"]).sorted().map {
            CatalogFixtures.media($0, asr: "so this garden kitchen tool here is really good \(item.id)")
        }
        return CatalogFixtures.product(item.id, title: "Garden kitchen tool \(item.id)", brand: item.brand,
                                       category: item.category, price: item.price, media: media.isEmpty ? nil : media)
    }

    @Test(arguments: TestMode.allCases)
    func filtersReturnOnlyAndAllMatchingProducts(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let items = Self.catalog()
        for item in items {
            let r = try await app.post("/products", Self.body(item))
            #expect(r.status == 201, "\(r.text)")
        }
        // The vector variant runs the filter inside the HNSW search alone (no query text, no lexical channel).
        let vector = try await app.post("/embed", ["text": "garden kitchen tool"]).decode(EmbedAnswer.self).embedding
        typealias Case = (filter: SearchFixture.Filter, matches: (Item) -> Bool)
        let cases: [Case] = [
            (.init(brand: "Acme"), { $0.brand == "Acme" }),
            (.init(brand: "aCME"), { $0.brand == "Acme" }),  // case-insensitive
            (.init(category: "garden"), { $0.category == "garden" }),
            (.init(category: "kitchen", brand: "Borealis"), { $0.brand == "Borealis" && $0.category == "kitchen" }),
            (.init(price: .init(gte: 50.0)), { ($0.price ?? -1) >= 50 }),
            (.init(price: .init(lte: 80.5)), { $0.price.map { $0 <= 80.5 } ?? false }),
            (.init(price: .init(gte: 20.0, lte: 120.0)), { $0.price.map { (20...120).contains($0) } ?? false }),
            (.init(domain: ["live"]), { $0.domains.contains("live") }),
            (.init(domain: ["video", "live"]), { !$0.domains.isDisjoint(with: ["video", "live"]) }),
            (.init(domain: ["page"], brand: "Acme", price: .init(lte: 150.0)),
             { $0.brand == "Acme" && ($0.price.map { $0 <= 150 } ?? false) }),
            (.init(brand: "Nobody"), { _ in false }),
        ]
        for (filter, matches) in cases {
            let expected = Set(items.filter(matches).map(\.id))
            for mode in ["vector", "hybrid"] {
                for query in [SearchFixture(text: "garden kitchen tool"), SearchFixture(vector: vector)] {
                    var q = query
                    q.filter = filter
                    q.mode = mode
                    q.k = 100
                    let hits = try await app.search(q)
                    let ids = hits.map(\.id)
                    #expect(Set(ids).count == ids.count, "\(filter) \(mode): duplicate ids \(ids)")
                    #expect(Set(ids) == expected, "\(filter) \(mode) \(query): got \(ids.sorted()), want \(expected.sorted())")
                    if let domains = filter.domain {
                        #expect(hits.allSatisfy { domains.contains($0.domain) }, "\(filter): \(hits.map(\.domain))")
                    }
                }
            }
        }
    }

    @Test(arguments: TestMode.allCases)
    func filtersFollowReplacements(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        // Unrelated neighbours (no brand filter value, no price, no media): they keep catalog words rare enough
        // for the extractive summary of r1's transcript to be non-empty.
        for (i, title) in ["Cotton towel", "Wool scarf", "Leather wallet", "Running shoes"].enumerated() {
            _ = try await app.post("/products", CatalogFixtures.product("n\(i)", title: title, brand: "Generic"))
        }
        _ = try await app.post("/products", CatalogFixtures.product("r1", title: "Garden hose", brand: "Acme", price: 10))
        _ = try await app.post("/products", CatalogFixtures.product("r2", title: "Garden rake", brand: "Acme", price: 30))
        #expect(Set(try await app.search(["text": "garden", "filter": ["brand": "Acme"]]).map(\.id)) == ["r1", "r2"])
        // r1 changes brand and price, and gains a video: every filter must see the new version only.
        let replaced = try await app.post("/products", CatalogFixtures.product(
            "r1", title: "Garden hose", brand: "Borealis", price: 99,
            media: [CatalogFixtures.media("video", asr: "garden hose demo")]))
        #expect(replaced.status == 200, "\(replaced.text)")
        for mode in ["vector", "hybrid"] {
            let acme = try await app.search(["text": "garden", "mode": mode, "filter": ["brand": "Acme"]])
            #expect(acme.map(\.id) == ["r2"], "\(mode)")
            let borealis = try await app.search(["text": "garden", "mode": mode, "filter": ["brand": "Borealis"]])
            #expect(borealis.map(\.id) == ["r1"], "\(mode)")
            let cheap = try await app.search(["text": "garden", "mode": mode, "filter": ["price": ["lte": 50]]])
            #expect(cheap.map(\.id) == ["r2"], "\(mode)")
            let video = try await app.search(["text": "garden", "mode": mode, "filter": ["domain": ["video"]]])
            #expect(video.map(\.id) == ["r1"], "\(mode)")
            #expect(video.first?.domain == "video")
        }
    }
}
