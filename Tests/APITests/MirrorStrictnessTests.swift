import Foundation
import Testing
import TestSupport

/// The typed mirrors are only worth their keep if they notice a broken contract: each real answer decodes, and the
/// same answer with one required key renamed (as if the server stopped sending it) does not.
@Suite("Response mirrors are strict")
struct MirrorStrictnessTests {
    /// Decodes `body` as `T`, then once per key with that key renamed everywhere in the body; every renamed
    /// variant must fail.
    static func expectStrict<T: Decodable>(_: T.Type, _ response: CatalogResponse, required: [String]) throws {
        _ = try response.decode(T.self)
        for key in required {
            let broken = response.text.replacingOccurrences(of: "\"\(key)\":", with: "\"\(key)_gone\":")
            #expect(broken != response.text, "\(T.self): the answer has no '\(key)' to remove: \(response.text.prefix(300))")
            #expect(throws: DecodingError.self, "\(T.self) without '\(key)'") {
                try JSONDecoder().decode(T.self, from: Data(broken.utf8))
            }
        }
    }

    @Test func everyRequiredFieldIsRequiredByItsMirror() async throws {
        let app = try await CatalogHarness.start(mode: .inProcess)
        defer { app.stop() }
        _ = try await app.post("/products", CatalogFixtures.product("other", title: "Cotton towel"))
        let product = try await app.post("/products", CatalogFixtures.product(
            "lamp", title: "Brass desk lamp", media: [CatalogFixtures.media("video", asr: "um so this brass lamp is great")]))
        try Self.expectStrict(ProductAnswer.self, product, required: [
            "id", "title", "attributes", "appearances", "sequence", "created_at", "updated_at",
            "key", "domain", "text", "image_count", "source"])
        try Self.expectStrict(ProductPageAnswer.self, try await app.get("/products?limit=1"), required: ["products", "id"])
        try Self.expectStrict(SearchAnswer.self, try await app.post("/search", ["asr": "the brass lamp um", "k": 2]),
                              required: ["hits", "took_ms", "id", "score", "title", "domain", "source"])
        try Self.expectStrict(BatchAnswer.self, try await app.post("/products/batch", ["products": [["id": "x"]]]),
                              required: ["results", "status", "code", "message"])
        try Self.expectStrict(ErrorBody.self, try await app.get("/products/missing"), required: ["error", "code", "message"])
        try Self.expectStrict(HealthAnswer.self, try await app.get("/health"), required: ["status", "products", "index", "kernels", "isa"])
        try Self.expectStrict(EmbedAnswer.self, try await app.post("/embed", ["text": "lamp"]),
                              required: ["embedding", "dim", "branches"])
        try Self.expectStrict(SummarizeAnswer.self, try await app.post("/summarize", ["asr": "um the brass lamp"]),
                              required: ["summary", "source"])
        try Self.expectStrict(EventsAnswer.self, try await app.post("/events", ["events": [
            ["user": "u1", "product": "lamp", "type": "view"], ["user": "u1", "product": "lamp", "type": "like"]]]),
                              required: ["accepted", "results", "status", "code", "message"])
        try Self.expectStrict(RecommendAnswer.self, try await app.post("/recommend", ["positive": ["lamp", "gone"]]),
                              required: ["hits", "strategy", "source", "ignored", "history_used", "took_ms", "id", "score",
                                         "title", "domain", "cold"])
        try Self.expectStrict(HealthAnswer.self, try await app.get("/health"), required: ["recommender"])
    }
}
