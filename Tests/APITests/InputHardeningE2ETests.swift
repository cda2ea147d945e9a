import API
import Foundation
import Testing
import TestSupport

/// Hardening of the JSON routes' input handling: the content type is required, text limits count code points,
/// and a vector is checked after it is narrowed to the Float the index searches with.
@Suite("Input hardening")
struct InputHardeningE2ETests {
    @Test(arguments: TestMode.allCases)
    func aBodyWithoutContentTypeIs415(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        let body = Array(#"{"id":"p1","title":"T","text":"t","asr":"a"}"#.utf8)
        for route in ["/products", "/search", "/embed", "/summarize", "/products/batch"] {
            let r = try await app.send("POST", route, body: body)
            #expect(r.status == 415, "\(route): \(r.text)")
            #expect(r.errorCode == "unsupported_media_type")
            #expect(r.errorMessage.contains("application/json"))
        }
        #expect(try await app.healthProducts() == 0)
    }

    @Test(arguments: TestMode.allCases)
    func combiningMarksCountTowardsTheLimit(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        // One grapheme cluster ("a" with 2,000 combining acute accents) is 2,001 code points: over the 1,000 limit.
        let cluster = "a" + String(repeating: "\u{0301}", count: 2_000)
        #expect(cluster.count == 1)
        let r = try await app.post("/products", ["id": "p1", "title": cluster])
        #expect(r.status == 400, "\(r.text)")
        #expect(r.errorCode == "field_too_large")
        let query = try await app.post("/search", ["text": String(repeating: cluster, count: 11)])  // 22,011 > 20,000
        #expect(query.status == 400, "\(query.text)")
        // 1,000 code points of 3-byte CJK is within the limit.
        let cjk = String(repeating: "杯", count: 1_000)
        let ok = try await app.post("/products", ["id": "p2", "title": cjk])
        #expect(ok.status == 201, "\(ok.text)")
    }

    @Test(arguments: TestMode.allCases)
    func aVectorThatOverflowsFloatIs400(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode)
        defer { app.stop() }
        #expect(try await app.post("/products", CatalogFixtures.product("p1", title: "Brass lamp")).status == 201)
        for vector: [Double] in [[1e300], [0.5, -1e39], [3.5e38]] {
            let r = try await app.post("/search", ["vector": vector, "mode": "vector"])
            #expect(r.status == 400, "\(vector): \(r.text)")
            #expect(r.errorCode == "invalid_vector")
        }
    }
}

@Suite("Response encoding")
struct ResponseEncodingTests {
    struct Scored: Encodable { var score: Double }

    @Test func aNonFiniteNumberThrowsInsteadOfAnsweringAnEmptyObject() throws {
        #expect(throws: ResponseEncodingError.self) { _ = try JSONBody.encode(Scored(score: .nan)) }
        #expect(String(decoding: try JSONBody.encode(Scored(score: 0.5)), as: UTF8.self) == #"{"score":0.5}"#)
    }
}
