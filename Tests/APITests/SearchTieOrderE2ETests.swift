import Testing
import TestSupport

/// Products with the same text score the same in both channels; their order must not depend on the order they were
/// stored in (each cluster replica numbers its own rows, so key order differs between nodes holding one catalog).
@Suite("Equal scores are ordered by product id")
struct SearchTieOrderE2ETests {
    @Test(arguments: [["t-b", "t-c", "t-a"], ["t-c", "t-a", "t-b"]])
    func identicalProductsComeInIdOrderWhateverTheStoreOrder(storeOrder: [String]) async throws {
        let app = try await CatalogHarness.start()
        defer { app.stop() }
        for id in storeOrder {
            let body = CatalogFixtures.product(id, title: "walnut desk lamp", brand: "acme")
            #expect(try await app.post("/products", body).status == 201)
        }
        #expect(try await app.post("/products", CatalogFixtures.product("other", title: "linen shirt")).status == 201)
        for mode in ["hybrid", "vector"] {
            let hits = try await app.search(SearchFixture(text: "walnut desk lamp", k: 3, mode: mode))
            #expect(hits.map(\.id) == ["t-a", "t-b", "t-c"], "\(mode): \(hits)")
        }
    }
}
