import Foundation
import Testing
import TestSupport

/// Issue 6: a batch with bad items among good ones stores the good ones and reports each bad one with its error.
@Suite("Batch upsert end to end")
struct CatalogBatchE2ETests {
    @Test(arguments: TestMode.allCases)
    func oneBadItemNeitherBlocksNorHidesTheOthers(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let garbageImage = Data("definitely not a picture".utf8).base64EncodedString()
        // Deliberately mixed: well-formed fixtures next to items of the wrong shape, hence untyped JSON values.
        let items: [Any] = [
            try CatalogFixtures.product("ok-1", title: "Linen napkins").jsonObject,
            ["id": "no-title"],                                                       // missing field
            try CatalogFixtures.product("ok-2", title: "Bamboo tray", price: 12,
                                        media: [CatalogFixtures.media("video", asr: "bamboo tray review")]).jsonObject,
            try CatalogFixtures.product("bad id", title: "Bad id").jsonObject,       // invalid id
            try CatalogFixtures.product("bad-img", title: "Bad image", images: [garbageImage]).jsonObject,  // undecodable
            ["id": "typed", "title": "Typed", "price": "free"],                       // wrong type
            try CatalogFixtures.product("ok-3", title: "Copper pan", images: [CatalogFixtures.pngBase64(seed: 3)]).jsonObject,
        ]
        let r = try await app.post("/products/batch", ["products": items])
        #expect(r.status == 200, "\(r.text)")
        let results = try r.decode(BatchAnswer.self).results
        #expect(results.count == items.count)
        let statuses = results.map(\.status)
        #expect(statuses == [201, 400, 201, 400, 422, 400, 201], "\(r.text)")
        #expect(results.map(\.id) == ["ok-1", "no-title", "ok-2", "bad id", "bad-img", "typed", "ok-3"])
        let error1 = try #require(results[1].error), error3 = try #require(results[3].error)
        let error4 = try #require(results[4].error), error5 = try #require(results[5].error)
        #expect(error1.code == "missing_field")
        #expect(error1.message.contains("title'"))
        #expect(error3.code == "invalid_id")
        #expect(!error4.code.isEmpty)
        #expect(error5.code == "invalid_field")
        #expect(error5.message.contains("price'"))
        for i in [0, 2, 6] { #expect(results[i].error == nil) }

        for id in ["ok-1", "ok-2", "ok-3"] { #expect(try await app.get("/products/\(id)").status == 200, "\(id)") }
        for id in ["no-title", "bad-img", "typed"] { #expect(try await app.get("/products/\(id)").status == 404, "\(id)") }
        #expect(try await app.healthProducts() == 3)
        #expect(try await app.healthVectors() == 4)
        #expect(try await app.search(["text": "bamboo tray", "k": 1]).first?.id == "ok-2")

        // Re-sending the good items replaces them: 200 each, nothing duplicated.
        let again = try await app.post("/products/batch", ["products": [items[0], items[2]]])
        #expect(try again.decode(BatchAnswer.self).results.map(\.status) == [200, 200])
        #expect(try await app.healthProducts() == 3)
        #expect(try await app.healthVectors() == 4)
    }

    @Test(arguments: TestMode.allCases)
    func batchShapeErrors(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: ["limits.max_batch": "3"])
        defer { app.stop() }
        let tooMany = try await app.post("/products/batch", ["products": (0..<4).map {
            CatalogFixtures.product("t\($0)", title: "Item \($0)")
        }])
        #expect(tooMany.status == 400)
        #expect(tooMany.errorCode == "too_many_items")
        let missing = try await app.post("/products/batch", ["items": []])
        #expect(missing.status == 400)
        #expect(missing.errorMessage.contains("'products'"))
        let notArray = try await app.post("/products/batch", ["products": "p1"])
        #expect(notArray.status == 400)
        let empty = try await app.post("/products/batch", ["products": []])
        #expect(empty.status == 200)
        #expect(try empty.decode(BatchAnswer.self).results.isEmpty)
        #expect(try await app.healthProducts() == 0)
    }
}
