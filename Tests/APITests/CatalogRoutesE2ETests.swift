import Foundation
import Testing
import TestSupport

/// Issue 6: every catalog route's success path over a real socket, against the real app (SQLite, FTS, HNSW).
@Suite("Catalog routes end to end")
struct CatalogRoutesE2ETests {
    @Test(arguments: TestMode.allCases)
    func upsertIs201ThenReplaceIs200AndGetReturnsTheStoredProduct(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        // A second product, so that the catalog vocabulary rates "brass" and "lamp" as rare (see the report:
        // with fewer than two products every extractive summary is empty).
        #expect(try await app.post("/products", CatalogFixtures.product("other", title: "Cotton towel")).status == 201)
        let body = CatalogFixtures.product("lamp-1", title: "Brass desk lamp", description: "A warm reading light",
                                           brand: "Lumo", category: "lighting", price: 49.5,
                                           attributes: ["colour": "brass", "bulb": "E27"],
                                           media: [CatalogFixtures.media("video", asr: "um so this brass lamp is great")])
        let created = try await app.post("/products", body)
        #expect(created.status == 201, "\(created.text)")
        let stored = try created.decode(ProductAnswer.self)
        #expect(stored.id == "lamp-1")
        #expect(stored.brand == "Lumo")
        #expect(stored.price == 49.5)
        #expect(stored.attributes == ["colour": "brass", "bulb": "E27"])
        let appearances = stored.appearances
        #expect(appearances.map(\.domain) == ["page", "video"])
        // The video appearance carries its transcript summary (extractive: no LLM is configured).
        let summary = try #require(appearances[1].summary)
        #expect(summary.source == "extractive")
        #expect(!summary.text.isEmpty)

        let fetched = try await app.get("/products/lamp-1")
        #expect(fetched.status == 200)
        let fetchedProduct = try fetched.decode(ProductAnswer.self)
        #expect(fetchedProduct.title == "Brass desk lamp")
        #expect(fetchedProduct.sequence == stored.sequence)

        var replacement = body
        replacement.title = "Steel desk lamp"
        replacement.media = nil
        let replaced = try await app.post("/products", replacement)
        #expect(replaced.status == 200, "\(replaced.text)")
        let replacedProduct = try replaced.decode(ProductAnswer.self)
        #expect(replacedProduct.title == "Steel desk lamp")
        #expect(replacedProduct.appearances.count == 1)
        #expect(replacedProduct.sequence > stored.sequence)
        #expect(replacedProduct.createdAt == stored.createdAt)
        let refetched = try await app.get("/products/lamp-1").decode(ProductAnswer.self)
        #expect(refetched.title == "Steel desk lamp")
        #expect(refetched.appearances.count == 1)
        #expect(try await app.healthProducts() == 2)
        #expect(try await app.healthVectors() == 2)
    }

    @Test(arguments: TestMode.allCases)
    func deleteIs204ThenTheProductIs404Everywhere(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        #expect(try await app.post("/products", CatalogFixtures.product("gone", title: "Walnut cutting board")).status == 201)
        #expect(try await app.post("/products", CatalogFixtures.product("kept", title: "Oak cutting board")).status == 201)
        let deleted = try await app.delete("/products/gone")
        #expect(deleted.status == 204)
        #expect(deleted.raw.body.isEmpty)
        let get = try await app.get("/products/gone")
        #expect(get.status == 404)
        #expect(get.errorCode == "not_found")
        let again = try await app.delete("/products/gone")
        #expect(again.status == 404)
        #expect(again.errorCode == "not_found")
        #expect(try await app.get("/products/kept").status == 200)
        #expect(try await app.healthProducts() == 1)
        #expect(try await app.healthVectors() == 1)
    }

    @Test(arguments: TestMode.allCases)
    func paginationWalksEveryProductOnceInIdOrder(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        // Ids chosen so that byte order differs from insertion order and includes every allowed punctuation.
        let ids = ["m-3", "A.1", "z_9", "b:2", "m-10", "0", "Q", "x.y.z", "m-2", "aa"]
        for (i, id) in ids.enumerated() {
            let r = try await app.post("/products", CatalogFixtures.product(id, title: "Item number \(i)"))
            #expect(r.status == 201, "\(id): \(r.text)")
        }
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let path = "/products?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try await app.get(path)
            #expect(page.status == 200, "\(page.text)")
            let answer = try page.decode(ProductPageAnswer.self)
            #expect(answer.products.count <= 3)
            seen += answer.products.map(\.id)
            cursor = answer.nextCursor
            pages += 1
        } while cursor != nil && pages < 20
        #expect(pages == 4)  // 3 + 3 + 3 + 1
        #expect(seen == ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(Set(seen).count == ids.count)

        let exact = try await app.get("/products?limit=10").decode(ProductPageAnswer.self)
        #expect(exact.products.count == 10)
        #expect(exact.nextCursor == nil)
        let all = try await app.get("/products").decode(ProductPageAnswer.self)
        #expect(all.products.count == 10)
    }

    @Test(arguments: TestMode.allCases)
    func healthCountsProducts(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let health = try await app.get("/health")
        #expect(health.status == 200)
        let answer = try health.decode(HealthAnswer.self)
        #expect(answer.status == "ok")
        #expect(answer.products == 0)
        for i in 0..<4 {
            let media = i % 2 == 0 ? [CatalogFixtures.media("live", asr: "live show product \(i) on sale now")] : nil
            _ = try await app.post("/products", CatalogFixtures.product("h\(i)", title: "Thing \(i)", media: media))
        }
        #expect(try await app.healthProducts() == 4)
        #expect(try await app.healthVectors() == 6)  // 4 pages + 2 live appearances
        _ = try await app.post("/products", CatalogFixtures.product("h0", title: "Thing zero"))  // replace
        #expect(try await app.healthProducts() == 4)
        #expect(try await app.healthVectors() == 5)
        _ = try await app.delete("/products/h1")
        #expect(try await app.healthProducts() == 3)
        #expect(try await app.healthVectors() == 4)
    }

    // Live only: the HTTP metrics are the server's observer's, which the in-process client bypasses.
    @Test func metricsCountCatalogRoutesByTemplateNotByID() async throws {
        let app = try await CatalogHarness.start()
        defer { app.stop() }
        #expect(try await app.post("/products", CatalogFixtures.product("m1", title: "Clay pot")).status == 201)
        #expect(try await app.post("/products", CatalogFixtures.product("m1", title: "Clay pot, large")).status == 200)
        for id in ["m1", "missing-a", "missing-b"] { _ = try await app.get("/products/\(id)") }
        _ = try await app.post("/search", ["text": "pot"])
        let metrics = try await app.get("/metrics")
        #expect(metrics.status == 200)
        let text = metrics.text
        #expect(text.contains(#"http_requests_total{route="/products",method="POST",status="201"} 1"#))
        #expect(text.contains(#"http_requests_total{route="/products",method="POST",status="200"} 1"#))
        #expect(text.contains(#"http_requests_total{route="/products/{id}",method="GET",status="200"} 1"#))
        #expect(text.contains(#"http_requests_total{route="/products/{id}",method="GET",status="404"} 2"#))
        #expect(text.contains(#"http_requests_total{route="/search",method="POST",status="200"} 1"#))
        #expect(!text.contains("missing-a"))
    }
}
