import Foundation
import Testing
import TestSupport

/// Issue 6: a batch with bad items among good ones stores the good ones and reports each bad one with its error.
@Suite("Batch upsert end to end")
struct CatalogBatchE2ETests {
    @Test func oneBadItemNeitherBlocksNorHidesTheOthers() async throws {
        let app = try await CatalogHarness.start()
        defer { app.stop() }
        let garbageImage = Data("definitely not a picture".utf8).base64EncodedString()
        let items: [[String: Any]] = [
            CatalogFixtures.product("ok-1", title: "Linen napkins"),
            ["id": "no-title"],                                                       // missing field
            CatalogFixtures.product("ok-2", title: "Bamboo tray", price: 12,
                                    media: [CatalogFixtures.media("video", asr: "bamboo tray review")]),
            CatalogFixtures.product("bad id", title: "Bad id"),                       // invalid id
            CatalogFixtures.product("bad-img", title: "Bad image", images: [garbageImage]),  // undecodable
            ["id": "typed", "title": "Typed", "price": "free"],                       // wrong type
            CatalogFixtures.product("ok-3", title: "Copper pan", images: [CatalogFixtures.pngBase64(seed: 3)]),
        ]
        let r = try await app.post("/products/batch", ["products": items])
        #expect(r.status == 200, "\(r.text)")
        let results = try #require(r.object["results"] as? [[String: Any]])
        #expect(results.count == items.count)
        let statuses = results.map { $0["status"] as? Int }
        #expect(statuses == [201, 400, 201, 400, 422, 400, 201], "\(r.text)")
        #expect(results.map { $0["id"] as? String } == ["ok-1", "no-title", "ok-2", "bad id", "bad-img", "typed", "ok-3"])
        func error(_ i: Int) -> [String: Any] { results[i]["error"] as? [String: Any] ?? [:] }
        #expect(error(1)["code"] as? String == "missing_field")
        #expect((error(1)["message"] as? String ?? "").contains("title'"))
        #expect(error(3)["code"] as? String == "invalid_id")
        #expect(!(error(4)["code"] as? String ?? "").isEmpty)
        #expect(error(5)["code"] as? String == "invalid_field")
        #expect((error(5)["message"] as? String ?? "").contains("price'"))
        for i in [0, 2, 6] { #expect(results[i]["error"] == nil) }

        for id in ["ok-1", "ok-2", "ok-3"] { #expect(try await app.get("/products/\(id)").status == 200, "\(id)") }
        for id in ["no-title", "bad-img", "typed"] { #expect(try await app.get("/products/\(id)").status == 404, "\(id)") }
        #expect(try await app.healthProducts() == 3)
        #expect(try await app.healthVectors() == 4)
        #expect(try await app.search(["text": "bamboo tray", "k": 1]).first?.id == "ok-2")

        // Re-sending the good items replaces them: 200 each, nothing duplicated.
        let again = try await app.post("/products/batch", ["products": [items[0], items[2]]])
        #expect((again.object["results"] as? [[String: Any]])?.map { $0["status"] as? Int } == [200, 200])
        #expect(try await app.healthProducts() == 3)
        #expect(try await app.healthVectors() == 4)
    }

    @Test func batchShapeErrors() async throws {
        let app = try await CatalogHarness.start(settings: ["limits.max_batch": "3"])
        defer { app.stop() }
        let tooMany = try await app.post("/products/batch", ["products": (0..<4).map {
            CatalogFixtures.product("t\($0)", title: "Item \($0)")
        }])
        #expect(tooMany.status == 413)
        #expect(tooMany.errorCode == "payload_too_large")
        let missing = try await app.post("/products/batch", ["items": []])
        #expect(missing.status == 400)
        #expect(missing.errorMessage.contains("'products'"))
        let notArray = try await app.post("/products/batch", ["products": "p1"])
        #expect(notArray.status == 400)
        let empty = try await app.post("/products/batch", ["products": []])
        #expect(empty.status == 200)
        #expect((empty.object["results"] as? [Any])?.isEmpty == true)
        #expect(try await app.healthProducts() == 0)
    }
}
