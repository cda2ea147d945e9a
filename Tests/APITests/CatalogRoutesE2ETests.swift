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
        #expect(created.object["id"] as? String == "lamp-1")
        #expect(created.object["brand"] as? String == "Lumo")
        #expect(created.object["price"] as? Double == 49.5)
        #expect(created.object["attributes"] as? [String: String] == ["colour": "brass", "bulb": "E27"])
        let appearances = try #require(created.object["appearances"] as? [[String: Any]])
        #expect(appearances.map { $0["domain"] as? String } == ["page", "video"])
        // The video appearance carries its transcript summary (extractive: no LLM is configured).
        let summary = try #require(appearances[1]["summary"] as? [String: Any])
        #expect(summary["source"] as? String == "extractive")
        #expect(!(summary["text"] as? String ?? "").isEmpty)

        let fetched = try await app.get("/products/lamp-1")
        #expect(fetched.status == 200)
        #expect(fetched.object["title"] as? String == "Brass desk lamp")
        #expect(fetched.object["sequence"] as? Int == created.object["sequence"] as? Int)

        var replacement = body
        replacement["title"] = "Steel desk lamp"
        replacement["media"] = nil
        let replaced = try await app.post("/products", replacement)
        #expect(replaced.status == 200, "\(replaced.text)")
        #expect(replaced.object["title"] as? String == "Steel desk lamp")
        #expect((replaced.object["appearances"] as? [Any])?.count == 1)
        #expect((replaced.object["sequence"] as? Int ?? 0) > (created.object["sequence"] as? Int ?? .max))
        #expect(replaced.object["created_at"] as? Double == created.object["created_at"] as? Double)
        let refetched = try await app.get("/products/lamp-1")
        #expect(refetched.object["title"] as? String == "Steel desk lamp")
        #expect((refetched.object["appearances"] as? [Any])?.count == 1)
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
            let products = try #require(page.object["products"] as? [[String: Any]])
            #expect(products.count <= 3)
            seen += products.compactMap { $0["id"] as? String }
            cursor = page.object["next_cursor"] as? String
            pages += 1
        } while cursor != nil && pages < 20
        #expect(pages == 4)  // 3 + 3 + 3 + 1
        #expect(seen == ids.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        #expect(Set(seen).count == ids.count)

        let exact = try await app.get("/products?limit=10")
        #expect((exact.object["products"] as? [Any])?.count == 10)
        #expect(exact.object["next_cursor"] == nil)
        let all = try await app.get("/products")
        #expect((all.object["products"] as? [Any])?.count == 10)
    }

    @Test(arguments: TestMode.allCases)
    func healthCountsProducts(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let health = try await app.get("/health")
        #expect(health.status == 200)
        #expect(health.object["status"] as? String == "ok")
        #expect(health.object["products"] as? Int == 0)
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
