import Foundation
import Testing
import TestSupport

/// Issue 16: `/recommend` in the day-zero content mode and `/events` behind it, over a real socket, on the
/// built-in hashing encoder (titles that share words are close).
@Suite("Recommendations end to end")
struct RecommendE2ETests {
    static let products: [ProductFixture] = [
        CatalogFixtures.product("mug-red", title: "Red ceramic coffee mug", brand: "Acme", category: "kitchen", price: 8),
        CatalogFixtures.product("mug-blue", title: "Blue ceramic coffee mug", brand: "Bolt", category: "kitchen", price: 9),
        CatalogFixtures.product("teapot", title: "Ceramic tea pot with coffee filter", brand: "Acme", category: "kitchen", price: 25),
        CatalogFixtures.product("hammer", title: "Steel claw hammer workshop tool", brand: "Acme", category: "tools", price: 20),
        CatalogFixtures.product("wrench", title: "Steel adjustable wrench workshop tool", brand: "Bolt", category: "tools", price: 15),
        CatalogFixtures.product("mallet", title: "Rubber mallet workshop tool", brand: "Bolt", category: "tools", price: 12),
        CatalogFixtures.product("violin", title: "Maple violin with bow and rosin", brand: "Strad", category: "music", price: 900),
        CatalogFixtures.product("cello", title: "Maple cello with bow and strings", brand: "Strad", category: "music", price: 1500),
    ]

    static func start(settings: [String: String] = [:]) async throws -> CatalogHarness {
        let app = try await CatalogHarness.start(mode: .live, settings: settings)
        let r = try await app.post("/products/batch", ["products": products])
        #expect(try r.decode(BatchAnswer.self).results.allSatisfy { $0.status == 201 }, "\(r.text)")
        return app
    }

    static func recommend(_ app: CatalogHarness, _ body: RecommendFixture) async throws -> RecommendAnswer {
        let r = try await app.post("/recommend", body)
        #expect(r.status == 200, "recommend \(body) answered \(r.status): \(r.text)")
        return try r.decode(RecommendAnswer.self)
    }

    @Test func similarItemsByAverageVectorAndBestScoreLeaveTheInputsOut() async throws {
        let app = try await Self.start()
        defer { app.stop() }
        let similar = try await Self.recommend(app, RecommendFixture(positive: ["mug-red"], k: 2))
        #expect(similar.strategy == "average_vector" && similar.source == "content")
        #expect(Set(similar.ids) == ["mug-blue", "teapot"])
        #expect(similar.hits.allSatisfy { $0.cold && $0.domain == "page" })
        #expect(similar.ignored.isEmpty && similar.historyUsed == 0)

        let best = try await Self.recommend(app, RecommendFixture(positive: ["violin", "hammer"], negative: ["wrench"],
                                                                  strategy: "best_score", k: 3))
        #expect(best.strategy == "best_score")
        #expect(best.ids.first == "cello")
        #expect(!best.ids.contains { ["violin", "hammer", "wrench"].contains($0) })

        // Negatives alone: auto means best_score, ranking what is least like them.
        let away = try await Self.recommend(app, RecommendFixture(negative: ["hammer", "wrench", "mallet"], k: 8))
        #expect(away.strategy == "best_score")
        #expect(away.ids.count == 5)
        #expect(Set(away.ids) == ["mug-red", "mug-blue", "teapot", "violin", "cello"])
        #expect(away.hits.map(\.score) == away.hits.map(\.score).sorted(by: >))

        // Weights move the mean: the heavier example's neighbours come first.
        let heavy = try await Self.recommend(app, RecommendFixture(positive: ["mug-red", "violin"],
                                                                   weights: ["violin": 50], k: 1))
        #expect(heavy.ids == ["cello"])
        let light = try await Self.recommend(app, RecommendFixture(positive: ["mug-red", "violin"],
                                                                   weights: ["mug-red": 50], k: 1))
        #expect(light.ids == ["mug-blue"])
    }

    @Test func exclusionAndFilters() async throws {
        let app = try await Self.start()
        defer { app.stop() }
        let excluded = try await Self.recommend(app, RecommendFixture(positive: ["mug-red"], k: 8, exclude: ["mug-blue"]))
        #expect(!excluded.ids.contains("mug-blue") && !excluded.ids.contains("mug-red"))
        #expect(excluded.ids.count == 6)
        let included = try await Self.recommend(app, RecommendFixture(positive: ["mug-red"], k: 1, excludeInputs: false))
        #expect(included.ids == ["mug-red"])
        let filtered = try await Self.recommend(app, RecommendFixture(positive: ["mug-red"], k: 8,
                                                                      filter: .init(brand: "acme")))
        #expect(Set(filtered.ids) == ["teapot", "hammer"])
        let priced = try await Self.recommend(app, RecommendFixture(positive: ["hammer"], k: 8,
                                                                    filter: .init(category: "tools", price: .init(lte: 14))))
        #expect(priced.ids == ["mallet"])
    }

    @Test func eventsDriveAShopperAndPopularityAndErasureForgetsThem() async throws {
        let app = try await Self.start()
        defer { app.stop() }
        let r = try await app.post("/events", ["events": [
            EventFixture(user: "s1", product: "violin", type: "purchase", session: "b1", ts: "2026-11-01T10:00:00Z", quantity: 1),
            EventFixture(user: "s1", product: "mug-red", type: "view", ts: "2026-11-01T10:05:00Z", domain: "live"),
            EventFixture(user: "s2", product: "hammer", type: "purchase", ts: "2026-11-02T09:00:00Z"),
            EventFixture(user: "s3", product: "hammer", type: "add_to_cart", ts: "2026-11-02T09:30:00.250Z"),
            EventFixture(user: "s3", product: "not-in-catalog-yet", type: "click"),
        ]])
        #expect(r.status == 200, "\(r.text)")
        let answer = try r.decode(EventsAnswer.self)
        #expect(answer.accepted == 5 && answer.results.allSatisfy { $0.status == 201 && $0.error == nil })

        // A shopper: the history (the purchase weighs more than the later view) picks the cello; inputs excluded.
        let shopper = try await Self.recommend(app, RecommendFixture(user: "s1", k: 3))
        #expect(shopper.strategy == "average_vector" && shopper.historyUsed == 2)
        #expect(shopper.ids.first == "cello")
        #expect(!shopper.ids.contains("violin") && !shopper.ids.contains("mug-red"))
        // Cold flags: the hammer has events, the cello none.
        let tools = try await Self.recommend(app, RecommendFixture(positive: ["wrench"], k: 2))
        #expect(tools.hits.first { $0.id == "hammer" }?.cold == false)
        #expect(shopper.hits.first { $0.id == "cello" }?.cold == true)

        // A user with nothing: popularity within the filter; the stored-later product is not recommendable yet.
        let newcomer = try await Self.recommend(app, RecommendFixture(user: "nobody", k: 5))
        #expect(newcomer.strategy == "popularity" && newcomer.source == "events")
        #expect(newcomer.ids == ["hammer", "violin", "mug-red"])
        let strad = try await Self.recommend(app, RecommendFixture(user: "nobody", k: 5, filter: .init(brand: "strad")))
        #expect(strad.ids == ["violin"])
        // The event for a product that did not exist is kept: once the product is stored it counts.
        _ = try await app.post("/products", CatalogFixtures.product("not-in-catalog-yet", title: "Walnut violin case"))
        let later = try await Self.recommend(app, RecommendFixture(user: "nobody", k: 5))
        #expect(later.ids.contains("not-in-catalog-yet"))

        // Inline history, no stored events needed.
        let inline = try await Self.recommend(app, RecommendFixture(history: [.init("hammer", type: "purchase"),
                                                                              .init("nope", type: "view")], k: 2))
        #expect(inline.historyUsed == 1 && inline.ignored == ["history": ["nope"]])
        #expect(Set(inline.ids) == ["wrench", "mallet"])

        // Erasure: 204, then the shopper is a newcomer.
        let erased = try await app.delete("/users/s1/events")
        #expect(erased.status == 204 && erased.text.isEmpty)
        let forgotten = try await Self.recommend(app, RecommendFixture(user: "s1", k: 5))
        #expect(forgotten.strategy == "popularity")
        #expect(!forgotten.ids.contains("violin"))  // s1's purchase no longer counts toward popularity
        #expect(try await app.delete("/users/s1/events").status == 204)
        let badUser = try await app.delete("/users/bad%20id/events")
        #expect(badUser.status == 400 && badUser.errorCode == "invalid_id")

        let metrics = try await app.get("/metrics").text
        #expect(metrics.contains("ampere_events_ingested_total{type=\"purchase\"} 2"))
        #expect(metrics.contains("ampere_events_ingested_total{type=\"view\"} 1"))
        #expect(metrics.contains("ampere_recommend_requests_total{strategy=\"popularity\"} 4"))
        #expect(metrics.contains("ampere_recommend_requests_total{strategy=\"average_vector\"} 3"))
        #expect(metrics.contains("ampere_recommend_cold_hits_total"))
    }

    @Test func aLiveStreamContextIsEmbeddedLikeASearch() async throws {
        let app = try await Self.start()
        defer { app.stop() }
        let live = try await Self.recommend(app, RecommendFixture(
            context: .init(asr: "okay everyone so this maple cello with bow and strings is on sale tonight"), k: 1))
        #expect(live.ids == ["cello"] && live.strategy == "average_vector")
        let page = try await Self.recommend(app, RecommendFixture(context: .init(text: "steel workshop hammer"), k: 1))
        #expect(page.ids == ["hammer"])
        let health = try await app.health()
        #expect(health.recommender.mode == "day_zero" && health.recommender.fallback == "content")
        #expect(health.recommender.coldUsers == "popularity" && health.recommender.space == health.index.space)
    }

    @Test func requestErrorsAnswerWithTheErrorBody() async throws {
        let app = try await Self.start()
        defer { app.stop() }
        typealias Case = (body: Any, status: Int, code: String, mentions: String)
        let cases: [Case] = [
            ([String: String](), 400, "empty_query", "positive"),
            (["context": ["text": "   "]], 400, "empty_query", "context"),
            (["positive": ["gone-1", "gone-2"], "negative": ["gone-3"]], 404, "not_found", "negative gone-3; positive gone-1, gone-2"),
            (["history": [["product": "gone"]]], 404, "not_found", "history gone"),
            (["positive": (0..<65).map { "p\($0)" }], 400, "too_many_examples", "64"),
            (["negative": (0..<65).map { "p\($0)" }], 400, "too_many_examples", "64"),
            (["history": (0..<201).map { ["product": "p\($0)"] }], 400, "too_many_examples", "200"),
            (["positive": ["bad id"]], 400, "invalid_id", "positive"),
            (["positive": ["mug-red"], "strategy": "magic"], 400, "invalid_field", "strategy"),
            (["positive": ["mug-red"], "strategy": "learned"], 422, "unprocessable", "learned"),
            (["positive": ["mug-red"], "k": 0], 400, "invalid_field", "k"),
            (["positive": ["mug-red"], "weights": ["mug-red": -1]], 400, "invalid_field", "weights"),
            (["positive": ["mug-red"], "weights": ["teapot": 2]], 400, "invalid_field", "weights"),
            (["history": [["product": "mug-red", "type": "like"]]], 400, "invalid_field", "add_to_cart"),
            (["history": [["product": "mug-red", "ts": "yesterday"]]], 400, "invalid_field", "ts"),
            (["positive": "mug-red"], 400, "invalid_field", "positive"),
            (["positive": ["mug-red"], "filter": ["domain": ["tv"]]], 400, "invalid_field", "filter.domain"),
            (["positive": ["mug-red"], "exclude": ["x y"]], 400, "invalid_id", "exclude"),
        ]
        for c in cases {
            let r = try await app.post("/recommend", c.body)
            #expect(r.status == c.status, "\(c.body): \(r.text)")
            #expect(r.errorCode == c.code, "\(c.body): \(r.text)")
            #expect(r.errorMessage.contains(c.mentions), "\(c.body): \(r.text)")
        }
        let notJSON = try await app.send("POST", "/recommend", body: Array("{}".utf8), headers: [("Content-Type", "text/plain")])
        #expect(notJSON.status == 415 && notJSON.errorCode == "unsupported_media_type")
    }

    @Test func badEventsAreRefusedOneByOneAndTheGoodOnesStored() async throws {
        let app = try await Self.start(settings: ["limits.max_batch": "8"])
        defer { app.stop() }
        let events: [Any] = [
            ["user": "u1", "product": "mug-red", "type": "purchase", "quantity": 2],
            ["user": "u1", "product": "mug-red", "type": "like"],
            ["user": "u1", "product": "mug-red"],
            ["user": "bad user", "product": "mug-red", "type": "view"],
            ["user": "u1", "product": "mug-red", "type": "view", "ts": "not a time"],
            ["user": "u1", "product": "mug-red", "type": "view", "quantity": 0],
            ["user": "u1", "product": "mug-red", "type": "view", "domain": "tv"],
            ["user": "u1", "product": "teapot", "type": "dislike", "ts": 1_700_000_000],
        ]
        let r = try await app.post("/events", ["events": events])
        #expect(r.status == 200, "\(r.text)")
        let answer = try r.decode(EventsAnswer.self)
        #expect(answer.accepted == 2)
        #expect(answer.results.map(\.status) == [201, 400, 400, 400, 400, 400, 400, 201])
        #expect(answer.results.map { $0.error?.code } == [nil, "invalid_field", "missing_field", "invalid_id", "invalid_field",
                                                           "invalid_field", "invalid_field", nil])
        #expect(answer.results[1].error?.message.contains("add_to_cart") == true)
        // The dislike keeps the teapot out of u1's recommendations.
        let u1 = try await Self.recommend(app, RecommendFixture(user: "u1", k: 8))
        #expect(!u1.ids.contains("teapot") && !u1.ids.contains("mug-red") && u1.historyUsed == 1)

        let tooMany = try await app.post("/events", ["events": (0..<9).map { ["user": "u", "product": "p\($0)", "type": "view"] }])
        #expect(tooMany.status == 400 && tooMany.errorCode == "too_many_items")
        let shape = try await app.post("/events", ["event": []])
        #expect(shape.status == 400 && shape.errorMessage.contains("events"))
        let notArray = try await app.post("/events", ["events": "x"])
        #expect(notArray.status == 400)
        let empty = try await app.post("/events", ["events": []])
        let none = try empty.decode(EventsAnswer.self)
        #expect(none.accepted == 0 && none.results.isEmpty)
    }

    @Test func eventsAreKeptAcrossARestart() async throws {
        let app = try await Self.start()
        defer { app.stop() }
        _ = try await app.post("/events", ["events": [EventFixture(user: "s9", product: "hammer", type: "purchase")]])
        await app.shutdown()
        let again = try await CatalogHarness.start(mode: .live, settings: ["data.dir": app.tester.dataDirectory.path])
        defer { again.stop() }
        let answer = try await Self.recommend(again, RecommendFixture(user: "s9", k: 2))
        #expect(answer.historyUsed == 1 && Set(answer.ids) == ["wrench", "mallet"])
    }
}
