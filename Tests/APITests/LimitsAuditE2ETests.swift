import Foundation
import Testing
import TestSupport

/// Every configured field limit, on every route that takes the field (the audit of issue 7): images per request,
/// bytes per image, pixels per image, transcript length, batch items. Each refusal is the JSON error body with its
/// status, and nothing refused is stored.
@Suite("Field limits on every route (e2e)")
struct LimitsAuditE2ETests {
    static let small = CatalogFixtures.pngBase64(seed: 3, side: 16)  // 256 pixels, under 1 KiB
    static let large = CatalogFixtures.pngBase64(seed: 4, side: 48)  // 2304 pixels, about 7 KiB

    @Test(arguments: TestMode.allCases)
    func imageBytesTranscriptLengthAndImageCountOnEveryRoute(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: [
            "limits.max_image_bytes": "2048", "limits.max_transcript_chars": "50", "limits.max_images": "2",
        ])
        defer { app.stop() }
        let long = String(repeating: "y", count: 51), fits = String(repeating: "y", count: 50)
        let cases: [(String, Any, String, String)] = [
            ("/products", CatalogFixtures.product("a", title: "T", images: [Self.large]), "field_too_large", "images[0]"),
            ("/products", CatalogFixtures.product("a", title: "T", media: [CatalogFixtures.media("video", frames: [Self.large])]),
             "field_too_large", "media[0].frames[0]"),
            ("/search", ["images": [Self.large]], "field_too_large", "images[0]"),
            ("/embed", ["images": [Self.large]], "field_too_large", "images[0]"),
            ("/products", CatalogFixtures.product("a", title: "T", media: [CatalogFixtures.media("live", asr: long)]),
             "field_too_large", "media[0].asr"),
            ("/search", ["asr": long], "field_too_large", "asr"),
            ("/embed", ["asr": long], "field_too_large", "asr"),
            ("/summarize", ["asr": long], "field_too_large", "asr"),
            ("/embed", ["images": [Self.small, Self.small, Self.small]], "too_many_images", "2 images"),
            ("/search", ["images": [Self.small, Self.small, Self.small]], "too_many_images", "2 images"),
        ]
        for (path, body, code, mention) in cases {
            let r = try await app.post(path, body)
            #expect(r.status == 400, "\(path) \(code): \(r.text)")
            #expect(r.errorCode == code, "\(path): \(r.text)")
            #expect(r.errorMessage.contains(mention), "\(path): \(r.errorMessage)")
        }
        // At the limits everything is accepted.
        #expect(try await app.post("/summarize", ["asr": fits]).status == 200)
        #expect(try await app.post("/embed", ["asr": fits, "images": [Self.small, Self.small]]).status == 200)
        #expect(try await app.post("/search", ["asr": fits, "images": [Self.small, Self.small]]).status == 200)
        // A batch refuses the bad item alone.
        let batch = try await app.post("/products/batch", ["products": [
            CatalogFixtures.product("ok", title: "Fine", images: [Self.small]),
            CatalogFixtures.product("bad", title: "T", media: [CatalogFixtures.media("live", asr: long)]),
        ]])
        #expect(batch.status == 200, "\(batch.text)")
        let results = try batch.decode(BatchAnswer.self).results
        #expect(results.map(\.status) == [201, 400], "\(batch.text)")
        #expect(results.last?.error?.code == "field_too_large")
        #expect(try await app.healthProducts() == 1)
        #expect(try await app.get("/products/bad").status == 404)
    }

    @Test(arguments: TestMode.allCases)
    func imagePixelsOverTheLimitAre422OnEveryRoute(mode: TestMode) async throws {
        let app = try await CatalogHarness.start(mode: mode, settings: ["limits.max_image_pixels": "1000"])
        defer { app.stop() }
        let bodies: [(String, Any)] = [
            ("/products", CatalogFixtures.product("a", title: "T", images: [Self.large])),
            ("/products", CatalogFixtures.product("a", title: "T", media: [CatalogFixtures.media("video", frames: [Self.large])])),
            ("/search", ["images": [Self.large]]),
            ("/embed", ["images": [Self.large]]),
        ]
        for (path, body) in bodies {
            let r = try await app.post(path, body)
            #expect(r.status == 422, "\(path): \(r.text)")
            #expect(r.errorCode == "image_too_large", "\(path): \(r.text)")
        }
        let batch = try await app.post("/products/batch", ["products": [
            CatalogFixtures.product("big", title: "T", images: [Self.large]),
        ]])
        #expect(try batch.decode(BatchAnswer.self).results.first?.status == 422, "\(batch.text)")
        #expect(try await app.healthProducts() == 0)
        #expect(try await app.post("/products", CatalogFixtures.product("a", title: "T", images: [Self.small])).status == 201)
    }
}
