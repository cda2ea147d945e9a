import Foundation
import Testing
import TestSupport

/// Issue 6: every error of the catalog and query routes over a real socket: status, code, and a message naming
/// the field; and a failed request stores nothing.
@Suite("Catalog and search errors end to end")
struct CatalogErrorsE2ETests {
    static let json = [("Content-Type", "application/json")]

    @Test(arguments: TestMode.allCases)
    func malformedJSONIs400InvalidJSONOnEveryJSONRoute(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        for route in ["/products", "/products/batch", "/search", "/embed", "/summarize"] {
            for body in [#"{"id": "x", "title": "#, "not json", "[1, 2"] {
                let r = try await app.send("POST", route, body: Array(body.utf8), headers: Self.json)
                #expect(r.status == 400, "\(route) \(body): \(r.text)")
                #expect(r.errorCode == "invalid_json", "\(route) \(body): \(r.text)")
            }
            let empty = try await app.send("POST", route, headers: Self.json)
            #expect(empty.status == 400, "\(route) empty: \(empty.text)")
            #expect(empty.errorCode == "invalid_json", "\(route) empty: \(empty.text)")
        }
        #expect(try await app.healthProducts() == 0)
    }

    @Test(arguments: TestMode.allCases)
    func missingAndMistypedFieldsAre400NamingTheField(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let missingTitle = try await app.post("/products", ["id": "p1"])
        #expect(missingTitle.status == 400)
        #expect(missingTitle.errorCode == "missing_field")
        #expect(missingTitle.errorMessage.contains("'title'"), "\(missingTitle.errorMessage)")
        let missingID = try await app.post("/products", ["title": "No id"])
        #expect(missingID.errorCode == "missing_field")
        #expect(missingID.errorMessage.contains("'id'"), "\(missingID.errorMessage)")

        // Deliberately malformed bodies (wrong types, missing parts): untyped JSON, no fixture can express them.
        let cases: [([String: Any], String)] = [
            (["id": "p1", "title": "T", "price": "cheap"], "'price'"),
            (["id": "p1", "title": 42], "'title'"),
            (["id": "p1", "title": "T", "attributes": ["size": 9]], "'attributes.size'"),
            (["id": "p1", "title": "T", "media": [["domain": "video", "asr": 7]]], "'media[0].asr'"),
            (["id": "p1", "title": "T", "media": [["asr": "hello"]]], "'media[0].domain'"),
            (["id": "p1", "title": "T", "price": -1], "'price'"),
            (["id": "p1", "title": "   "], "'title'"),
            (["id": "p1", "title": "T", "media": [["domain": "page", "asr": "hello there"]]], "'media[0].domain'"),
            (["id": "p1", "title": "T", "media": [["domain": "video"]]], "media[0]"),
        ]
        for (body, field) in cases {
            let r = try await app.post("/products", body)
            #expect(r.status == 400, "\(body): \(r.text)")
            #expect(r.errorCode == "invalid_field" || r.errorCode == "missing_field", "\(body): \(r.text)")
            #expect(r.errorMessage.contains(field), "\(body): \(r.errorMessage)")
        }
        let wrongK = try await app.post("/search", ["text": "lamp", "k": "ten"])
        #expect(wrongK.status == 400)
        #expect(wrongK.errorMessage.contains("'k'"), "\(wrongK.errorMessage)")
        let missingASR = try await app.post("/summarize", ["max_words": 5])
        #expect(missingASR.errorCode == "missing_field")
        #expect(missingASR.errorMessage.contains("'asr'"))
        #expect(try await app.get("/products/p1").status == 404)  // nothing was stored
    }

    @Test(arguments: TestMode.allCases)
    func invalidIDsAre400InvalidID(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        for id in ["", "has space", "slash/inside", "é", String(repeating: "a", count: 129), "semi;colon"] {
            let r = try await app.post("/products", ["id": id, "title": "T"])
            #expect(r.status == 400, "\(id): \(r.text)")
            #expect(r.errorCode == "invalid_id", "\(id): \(r.text)")
        }
        #expect(try await app.post("/products", ["id": String(repeating: "a", count: 128), "title": "T"]).status == 201)
        for path in ["/products/bad!id", "/products/" + String(repeating: "b", count: 129), "/products/a%20b"] {
            let get = try await app.get(path)
            #expect(get.status == 400, "\(path): \(get.text)")
            #expect(get.errorCode == "invalid_id", "\(path): \(get.text)")
            let delete = try await app.delete(path)
            #expect(delete.status == 400, "\(path): \(delete.text)")
            #expect(delete.errorCode == "invalid_id")
        }
        let like = try await app.post("/search", ["like": "no such id!"])
        #expect(like.status == 400)
        #expect(like.errorCode == "invalid_id")
    }

    @Test(arguments: TestMode.allCases)
    func wrongContentTypeIs415(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let body = Array(#"{"id":"p1","title":"T"}"#.utf8)
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            for route in ["/products", "/search", "/embed", "/summarize", "/products/batch"] {
                let r = try await app.send("POST", route, body: body, headers: [("Content-Type", type)])
                #expect(r.status == 415, "\(route) \(type): \(r.text)")
                #expect(r.errorCode == "unsupported_media_type")
            }
        }
        // JSON with parameters and +json suffixes are JSON.
        let charset = try await app.send("POST", "/products", body: body,
                                         headers: [("Content-Type", "Application/JSON; charset=utf-8")])
        #expect(charset.status == 201, "\(charset.text)")
        #expect(try await app.healthProducts() == 1)
    }

    @Test(arguments: TestMode.allCases)
    func bodiesOverTheLimitAre413(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: ["limits.product_body_bytes": "2048", "limits.query_body_bytes": "2048",
                                                            "limits.batch_body_bytes": "4096"])
        defer { app.stop() }
        let big = CatalogFixtures.product("big", title: "Big", description: String(repeating: "word ", count: 1000))
        let r = try await app.post("/products", big)
        #expect(r.status == 413, "\(r.text)")
        #expect(r.errorCode == "payload_too_large")
        let search = try await app.post("/search", ["text": String(repeating: "lamp ", count: 1000)])
        #expect(search.status == 413)
        let batch = try await app.post("/products/batch", ["products": (0..<100).map {
            CatalogFixtures.product("b\($0)", title: "Batch item number \($0)")
        }])
        #expect(batch.status == 413)
        // Under the limit still works, and nothing over it was stored.
        #expect(try await app.post("/products", CatalogFixtures.product("small", title: "Small")).status == 201)
        #expect(try await app.healthProducts() == 1)
    }

    @Test(arguments: TestMode.allCases)
    func searchValidation(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: ["limits.max_k": "50", "limits.max_ef": "500"])
        defer { app.stop() }
        _ = try await app.post("/products", CatalogFixtures.product("p1", title: "Brass lamp"))
        for empty in [SearchFixture(), SearchFixture(text: ""), SearchFixture(asr: ""), SearchFixture(images: []), SearchFixture(k: 5)] {
            let r = try await app.post("/search", empty)
            #expect(r.status == 400, "\(empty): \(r.text)")
            #expect(r.errorCode == "empty_query", "\(empty): \(r.text)")
        }
        for (field, value) in [("k", 0), ("k", 51), ("k", -3), ("ef", 0), ("ef", 501)] {
            let r = try await app.post("/search", ["text": "lamp", field: value])
            #expect(r.status == 400, "\(field)=\(value): \(r.text)")
            #expect(r.errorCode == "invalid_field")
            #expect(r.errorMessage.contains("'\(field)'"), "\(r.errorMessage)")
        }
        #expect(try await app.post("/search", ["text": "lamp", "k": 50, "ef": 500]).status == 200)
        let mode = try await app.post("/search", ["text": "lamp", "mode": "fuzzy"])
        #expect(mode.status == 400)
        #expect(mode.errorMessage.contains("'mode'"))
        let domain = try await app.post("/search", ["text": "lamp", "filter": ["domain": ["radio"]]])
        #expect(domain.status == 400)
        #expect(domain.errorMessage.contains("filter.domain"))
        let price = try await app.post("/search", ["text": "lamp", "filter": ["price": ["gte": 10, "lte": 5]]])
        #expect(price.status == 400)
        #expect(price.errorMessage.contains("filter.price"))
        let vector = try await app.post("/search", ["vector": [1.0, 2.0, 3.0]])
        #expect(vector.status == 400)
        #expect(vector.errorCode == "invalid_vector")
        let like = try await app.post("/search", ["like": "nobody"])
        #expect(like.status == 404)
        #expect(like.errorCode == "not_found")
    }

    @Test(arguments: TestMode.allCases)
    func undecodableAndNonBase64ImagesAreRejectedAndNothingIsStored(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let garbage = Data("this is not an image at all, neither JPEG nor PNG".utf8).base64EncodedString()
        var truncated = Array(Data(base64Encoded: CatalogFixtures.pngBase64(seed: 1))!)
        truncated.removeLast(truncated.count / 2)
        for image in [garbage, Data(truncated).base64EncodedString()] {
            let product = try await app.post("/products", CatalogFixtures.product("img", title: "T", images: [image]))
            #expect(product.status == 422, "\(product.text)")
            let frame = try await app.post("/products", CatalogFixtures.product(
                "img", title: "T", media: [CatalogFixtures.media("video", frames: [image])]))
            #expect(frame.status == 422, "\(frame.text)")
            let search = try await app.post("/search", ["images": [image]])
            #expect(search.status == 422, "\(search.text)")
            let embed = try await app.post("/embed", ["images": [image]])
            #expect(embed.status == 422, "\(embed.text)")
        }
        let notBase64 = try await app.post("/products", CatalogFixtures.product("img", title: "T", images: ["%%%%"]))
        #expect(notBase64.status == 400)
        #expect(notBase64.errorCode == "invalid_image")
        #expect(notBase64.errorMessage.contains("images[0]"))
        #expect(try await app.get("/products/img").status == 404)
        #expect(try await app.healthProducts() == 0)
        #expect(try await app.healthVectors() == 0)
    }

    @Test(arguments: TestMode.allCases)
    func unknownRoutesAre404AndWrongMethodsAre405WithAllow(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        for path in ["/nope", "/products/a/b", "/search/x", "/v1/products"] {
            let r = try await app.get(path)
            #expect(r.status == 404, "\(path)")
            #expect(r.errorCode == "not_found")
        }
        let cases: [(String, String, Set<String>)] = [
            ("PUT", "/products", ["GET", "POST"]),
            ("PATCH", "/products/p1", ["GET", "DELETE"]),
            ("GET", "/search", ["POST"]),
            ("DELETE", "/embed", ["POST"]),
            ("GET", "/summarize", ["POST"]),
        ]
        for (method, path, allowed) in cases {
            let r = try await app.send(method, path)
            #expect(r.status == 405, "\(method) \(path): \(r.text)")
            #expect(r.errorCode == "method_not_allowed")
            let allow = Set((r.headers["Allow"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(allow.isSuperset(of: allowed), "\(method) \(path): Allow \(r.headers["Allow"] ?? "missing")")
        }
    }

    @Test(arguments: TestMode.allCases)
    func oversizedFieldsAndListingParameters(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: ["limits.max_images": "2"])
        defer { app.stop() }
        let longTitle = try await app.post("/products", CatalogFixtures.product("t", title: String(repeating: "x", count: 1001)))
        #expect(longTitle.status == 400)
        #expect(longTitle.errorCode == "field_too_large")
        #expect(longTitle.errorMessage.contains("'title'"))
        let image = CatalogFixtures.pngBase64(seed: 2)
        let images = try await app.post("/products", CatalogFixtures.product(
            "t", title: "T", images: [image, image], media: [CatalogFixtures.media("video", frames: [image])]))
        #expect(images.status == 400)
        #expect(images.errorCode == "too_many_images")
        let query = try await app.post("/search", ["images": [image, image, image]])
        #expect(query.status == 400)
        #expect(query.errorCode == "too_many_images")
        #expect(try await app.post("/products", CatalogFixtures.product("t", title: "T", images: [image, image])).status == 201)
        for path in ["/products?limit=0", "/products?limit=1001", "/products?limit=abc", "/products?cursor=zz",
                     "/products?cursor=c4", "/products?cursor=c20"] {
            let r = try await app.get(path)
            #expect(r.status == 400, "\(path): \(r.text)")
            #expect(r.errorCode == "invalid_field", "\(path)")
        }
    }
}
