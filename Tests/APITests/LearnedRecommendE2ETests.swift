import App
import Foundation
import Recommend
import Testing
import TestSupport

/// Issue 16, the learned mode over a real socket: a model file given by `recommend.model_path` serves `strategy:
/// learned` and `auto` for histories, reaches a product stored after start-up at once, shows in `/health`, and is
/// refused (day-zero fallback, 422 for `learned`) when it was trained in another vector space.
@Suite("Learned recommendations end to end")
struct LearnedRecommendE2ETests {
    /// The encoder's space and dimension as the server reports them.
    static func space() async throws -> (id: String, dimension: Int) {
        let app = try await CatalogHarness.start(mode: .live)
        defer { app.stop() }
        let index = try Self.object(try await app.get("/health"))["index"] as! [String: Any]
        return (index["space"] as! String, index["dimension"] as! Int)
    }

    static func object(_ r: CatalogResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as! [String: Any]
    }

    /// Identity towers over the content space (μ = 0, W = U = I): learned scores are content cosines, so the
    /// expected ranking is known; `space` is what the file claims.
    static func modelFile(space: String, dimension d: Int) throws -> String {
        var identity = [Float](repeating: 0, count: d * d)
        for i in 0..<d { identity[i * d + i] = 1 }
        let towers = try TwinTowers(inputDimension: d, dimension: d, mean: [Float](repeating: 0, count: d),
                                    item: identity, user: identity)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ampere-model-\(UUID().uuidString).json").path
        try ModelFile.write(towers, header: ModelFile.header(for: towers, space: space, settings: TowerTrainer.Settings(),
                                                             training: ["data": "test"]), to: path)
        return path
    }

    @Test func aModelInTheLiveSpaceServesLearnedAndAutoAndReachesNewProductsAtOnce() async throws {
        let (space, dimension) = try await Self.space()
        let path = try Self.modelFile(space: space, dimension: dimension)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app = try await RecommendE2ETests.start(settings: ["recommend.model_path": path])
        defer { app.stop() }
        let recommender = try Self.object(try await app.get("/health"))["recommender"] as! [String: Any]
        #expect(recommender["mode"] as? String == "learned")
        let model = try #require(recommender["model"] as? [String: Any])
        #expect(model["space"] as? String == space && model["file"] as? String == path)
        #expect((model["trained_at"] as? String)?.hasSuffix("Z") == true)
        #expect(recommender["refused"] is NSNull)

        let history = [RecommendFixture.History("hammer", type: "purchase")]
        let learned = try await RecommendE2ETests.recommend(app, RecommendFixture(history: history, strategy: "learned", k: 2))
        #expect(learned.strategy == "learned" && learned.source == "learned")
        #expect(Set(learned.ids) == ["wrench", "mallet"])
        #expect(learned.hits.map(\.score) == learned.hits.map(\.score).sorted(by: >))
        let auto = try await RecommendE2ETests.recommend(app, RecommendFixture(history: history, k: 2))
        #expect(auto.strategy == "learned" && auto.ids == learned.ids)
        // Filters apply inside the scan.
        let filtered = try await RecommendE2ETests.recommend(
            app, RecommendFixture(history: history, strategy: "learned", k: 8, filter: .init(brand: "acme")))
        #expect(Set(filtered.ids) == ["mug-red", "teapot"])
        // With the inputs allowed back, the history's own products come first (the repeat blend).
        let repeats = try await RecommendE2ETests.recommend(
            app, RecommendFixture(history: history + [.init("violin", type: "view")], strategy: "learned", k: 3,
                                  excludeInputs: false))
        #expect(repeats.ids.prefix(2) == ["hammer", "violin"], "\(repeats.ids)")
        #expect(repeats.hits[0].score > 1 && repeats.hits[2].score <= 1)
        // Examples without a history still go to the content space.
        let similar = try await RecommendE2ETests.recommend(app, RecommendFixture(positive: ["hammer"], k: 2))
        #expect(similar.strategy == "average_vector")

        // A product stored now is projected before the next learned ranking: a cold item, recommended at once.
        let r = try await app.post("/products/batch", ["products": [
            CatalogFixtures.product("saw", title: "Steel claw hammer and saw workshop tool", brand: "Bolt", category: "tools", price: 30),
        ]])
        #expect(r.status == 200, "\(r.text)")
        let after = try await RecommendE2ETests.recommend(app, RecommendFixture(history: history, strategy: "learned", k: 1))
        #expect(after.ids == ["saw"] && after.hits.first?.cold == true)
        // And a deleted one is gone from it.
        #expect(try await app.delete("/products/saw").status == 204)
        let gone = try await RecommendE2ETests.recommend(app, RecommendFixture(history: history, strategy: "learned", k: 8))
        #expect(!gone.ids.contains("saw") && !gone.ids.contains("hammer"))
    }

    @Test func aModelFromAnotherVectorSpaceIsRefusedAndTheDayZeroModeServes() async throws {
        let (space, dimension) = try await Self.space()
        let path = try Self.modelFile(space: space + "-other", dimension: dimension)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let app = try await RecommendE2ETests.start(settings: ["recommend.model_path": path])
        defer { app.stop() }
        let recommender = try Self.object(try await app.get("/health"))["recommender"] as! [String: Any]
        #expect(recommender["mode"] as? String == "day_zero")
        #expect(recommender["model"] is NSNull)
        #expect((recommender["refused"] as? String)?.contains("-other") == true)
        let history = [RecommendFixture.History("hammer", type: "purchase")]
        let r = try await app.post("/recommend", RecommendFixture(history: history, strategy: "learned", k: 2))
        #expect(r.status == 422 && r.errorCode == "unprocessable", "\(r.text)")
        let auto = try await RecommendE2ETests.recommend(app, RecommendFixture(history: history, k: 2))
        #expect(auto.strategy == "average_vector" && auto.source == "content")
    }

    @Test func anUnreadableOrTamperedModelFileIsRefused() async throws {
        let (space, dimension) = try await Self.space()
        let path = try Self.modelFile(space: space, dimension: dimension)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // One parameter changed after the checksum was taken.
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let range = try #require(text.range(of: "\"user\":[1,"))
        text.replaceSubrange(range, with: "\"user\":[2,")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let app = try await RecommendE2ETests.start(settings: ["recommend.model_path": path])
        defer { app.stop() }
        let recommender = try Self.object(try await app.get("/health"))["recommender"] as! [String: Any]
        #expect(recommender["mode"] as? String == "day_zero")
        #expect((recommender["refused"] as? String)?.contains("checksum") == true)
    }
}
