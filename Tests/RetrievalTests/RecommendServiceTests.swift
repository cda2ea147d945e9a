import Logging
import Retrieval
import RetrievalFakes
import Testing

/// The recommender wired to the fakes, over the catalog the search harness builds (shared store, index and
/// directory, as the app wires them).
struct RecommendHarness {
    let base: RetrievalHarness
    let events = InMemoryEventStore()
    let service: RecommendService

    init(model: (any RecommendationModel)? = nil, options: RecommendService.Options = RecommendService.Options()) {
        base = RetrievalHarness(dimension: 256)
        service = RecommendService(events: events, encoder: base.encoder, summarizer: base.summarizer, index: base.index,
                                   directory: base.directory, model: model, options: options,
                                   logger: Logger(label: "recommend-tests") { _ in SwiftLogNoOpLogHandler() })
    }

    /// The page vector of `id`.
    func vector(_ id: String) async throws -> [Float] { try #require(try await base.vector(of: id)) }
}

/// A model that is the identity on content vectors and the unweighted mean for users, in a space of its choosing.
struct EchoModel: RecommendationModel {
    var spaceID: String
    var version = "echo-1"
    func itemVector(content: [Float]) -> [Float] { content }
    func userVector(history: [(content: [Float], type: EventType, age: Double)]) -> [Float] {
        var sum = [Float](repeating: 0, count: history.first?.content.count ?? 0)
        for h in history { for i in sum.indices { sum[i] += h.content[i] } }
        return sum
    }
}

@Suite("RecommendService through the fakes")
struct RecommendServiceTests {
    static let catalog: [ProductDraft] = [
        ProductDraft(id: "apple-red", title: "Red apple orchard fruit", brand: "Acme", category: "Fruit", price: 3),
        ProductDraft(id: "apple-green", title: "Green apple orchard fruit", brand: "Bolt", category: "Fruit", price: 4),
        ProductDraft(id: "apple-pie", title: "Apple pie orchard dessert", brand: "Acme", category: "Bakery", price: 8),
        ProductDraft(id: "hammer", title: "Steel hammer workshop tool", brand: "Acme", category: "Tools", price: 20),
        ProductDraft(id: "wrench", title: "Steel wrench workshop tool", brand: "Bolt", category: "Tools", price: 15),
        ProductDraft(id: "mallet", title: "Wooden mallet workshop handle", brand: "Bolt", category: "Tools", price: 12),
        ProductDraft(id: "violin", title: "Maple violin bow rosin", brand: "Strad", category: "Music", price: 900),
        ProductDraft(id: "cello", title: "Maple cello bow strings", brand: "Strad", category: "Music", price: 1500),
    ]

    static func harness(model: (any RecommendationModel)? = nil,
                        options: RecommendService.Options = RecommendService.Options()) async throws -> RecommendHarness {
        let h = RecommendHarness(model: model, options: options)
        try await h.base.add(catalog)
        return h
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    static func unit(_ v: [Float]) -> [Float] {
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    /// The ranking an exact search from `query` gives, without the `excluded` ids (the oracle).
    static func expected(_ h: RecommendHarness, from query: [Float], excluding excluded: Set<String>, k: Int) async throws -> [String] {
        var scored: [(String, Float)] = []
        for draft in catalog where !excluded.contains(draft.id) { scored.append((draft.id, dot(query, try await h.vector(draft.id)))) }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return Array(scored.prefix(k).map(\.0))
    }

    @Test func averageVectorIsOneSearchFromTwiceThePositivesMinusTheNegativesWithTheInputsLeftOut() async throws {
        let h = try await Self.harness()
        let result = try await h.service.recommend(RecommendQuery(positive: [.init("apple-red")], negative: [.init("hammer")],
                                                                  k: 2, strategy: .averageVector))
        let p = try await h.vector("apple-red"), n = try await h.vector("hammer")
        let q = Self.unit(zip(p, n).map { 2 * $0 - $1 })
        let want = try await Self.expected(h, from: q, excluding: ["apple-red", "hammer"], k: 2)
        #expect(result.hits.map(\.id) == want, "\(result.hits.map { ($0.id, $0.score) })")
        #expect(result.strategy == "average_vector" && result.source == "content")
        #expect(result.hits.first.map { ["apple-green", "apple-pie"].contains($0.id) } == true)
        #expect(result.ignored.isEmpty)
        // The inputs were dropped after the search, not filtered inside it (an unfiltered search, over-fetched).
        #expect(h.base.index.searches.last.map { !$0.filtered && $0.k >= 2 + 2 } == true)
    }

    @Test func inputsComeBackWhenAskedAndExcludedIdsNever() async throws {
        let h = try await Self.harness()
        let kept = try await h.service.recommend(RecommendQuery(positive: [.init("violin")], k: 2, excludeInputs: false))
        #expect(kept.hits.map(\.id) == ["violin", "cello"])
        let excluded = try await h.service.recommend(RecommendQuery(positive: [.init("violin")], k: 3, exclude: ["cello"]))
        #expect(!excluded.hits.contains { $0.id == "violin" || $0.id == "cello" })
        #expect(excluded.hits.count == 3)
    }

    @Test func weightsPullTheMeanTowardTheHeavierExample() async throws {
        let h = try await Self.harness()
        let toward = { (heavy: String) async throws -> [String] in
            try await h.service.recommend(RecommendQuery(
                positive: [.init("apple-red", weight: heavy == "apple-red" ? 20 : 1),
                           .init("hammer", weight: heavy == "hammer" ? 20 : 1)], k: 1)).hits.map(\.id)
        }
        let a = try await h.vector("apple-red"), t = try await h.vector("hammer")
        for heavy in ["apple-red", "hammer"] {
            let q = Self.unit(zip(a, t).map { heavy == "apple-red" ? 20 * $0 + $1 : $0 + 20 * $1 })
            #expect(try await toward(heavy) == (try await Self.expected(h, from: q, excluding: ["apple-red", "hammer"], k: 1)))
        }
        #expect(try await toward("apple-red") != (try await toward("hammer")))
    }

    @Test func unknownIdsAreReportedAndOnlyAllUnknownIsNotFound() async throws {
        let h = try await Self.harness()
        let result = try await h.service.recommend(RecommendQuery(positive: [.init("nope-1"), .init("violin")],
                                                                  negative: [.init("nope-2")], k: 2))
        #expect(result.ignored == ["positive": ["nope-1"], "negative": ["nope-2"]])
        #expect(result.hits.first?.id == "cello")
        let error = await #expect(throws: RetrievalError.self) {
            try await h.service.recommend(RecommendQuery(positive: [.init("nope-1")], negative: [.init("nope-2")]))
        }
        #expect(error?.kind == .notFound)
        let history = await #expect(throws: RetrievalError.self) {
            try await h.service.recommend(RecommendQuery(history: [Event(user: "", productID: "gone", type: .view, timestamp: 1)]))
        }
        #expect(history?.kind == .notFound)
    }

    @Test func negativesAloneMeanBestScoreRankingWhatIsLeastLikeThem() async throws {
        let h = try await Self.harness()
        let result = try await h.service.recommend(RecommendQuery(negative: [.init("apple-red"), .init("apple-green")], k: 3))
        #expect(result.strategy == "best_score")
        let a = try await h.vector("apple-red"), g = try await h.vector("apple-green")
        var scored: [(String, Float)] = []
        for draft in Self.catalog where !["apple-red", "apple-green"].contains(draft.id) {
            let v = try await h.vector(draft.id)
            scored.append((draft.id, -max(Self.dot(a, v), Self.dot(g, v))))
        }
        scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        // Every product of this catalog is a candidate (the minimum candidate count covers it), so the re-rank is exact.
        #expect(result.hits.map(\.id) == scored.prefix(3).map(\.0))
        #expect(!result.hits.contains { $0.id == "apple-pie" })
        #expect(zip(result.hits, scored).allSatisfy { abs($0.score - Double($1.1)) < 1e-5 })
    }

    @Test func bestScoreWithPositivesScoresEachCandidateByItsBestPositiveUnlessANegativeBeatsIt() async throws {
        let h = try await Self.harness()
        let result = try await h.service.recommend(RecommendQuery(positive: [.init("violin"), .init("hammer")],
                                                                  negative: [.init("wrench")], k: 6, strategy: .bestScore))
        var expected: [(String, Float)] = []
        let pos = [try await h.vector("violin"), try await h.vector("hammer")], neg = try await h.vector("wrench")
        for draft in Self.catalog where !["violin", "hammer", "wrench"].contains(draft.id) {
            let v = try await h.vector(draft.id)
            let p = pos.map { Self.dot($0, v) }.max()!, n = Self.dot(neg, v)
            expected.append((draft.id, p > n ? p : -n))
        }
        expected.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        #expect(result.hits.map(\.id) == expected.prefix(6).map(\.0))
        #expect(result.hits.first?.id == "cello")
    }

    @Test func aUserHistoryIsARecencyAndTypeWeightedMeanWithDislikesExcluded() async throws {
        let day = 86_400.0
        let h = try await Self.harness(options: RecommendService.Options(halfLifeSeconds: day))
        try await h.service.ingest([
            Event(user: "u1", productID: "violin", type: .purchase, timestamp: 10 * day),       // 10 days old: 3/1024
            Event(user: "u1", productID: "hammer", type: .view, timestamp: 20 * day),           // newest: 0.5
            Event(user: "u1", productID: "wrench", type: .dislike, timestamp: 20 * day - 1),
            Event(user: "u1", productID: "not-stored-yet", type: .click, timestamp: 19 * day),
        ])
        let result = try await h.service.recommend(RecommendQuery(user: "u1", k: 3))
        #expect(result.strategy == "average_vector")
        #expect(result.historyUsed == 2)
        #expect(result.ignored == ["history": ["not-stored-yet"]])
        let violin = try await h.vector("violin"), hammer = try await h.vector("hammer")
        let wV = 3 * RecommendService.exp2(-10), wH = 0.5
        let q = Self.unit(zip(violin, hammer).map { Float(wV) * $0 + Float(wH) * $1 })
        #expect(result.hits.map(\.id) == (try await Self.expected(h, from: q, excluding: ["violin", "hammer", "wrench"], k: 3)))
        #expect(result.hits.first?.id == "mallet")  // the wrench, closest to the hammer, was disliked
        #expect(h.events.historyCalls == ["u1"])
    }

    @Test func aUserWithNothingGetsPopularityWithinTheFilterAndHitsSayWhetherTheyAreCold() async throws {
        let h = try await Self.harness()
        try await h.service.ingest([
            Event(user: "a", productID: "wrench", type: .purchase, timestamp: 1),
            Event(user: "b", productID: "wrench", type: .purchase, timestamp: 2),
            Event(user: "a", productID: "hammer", type: .purchase, timestamp: 3),
            Event(user: "b", productID: "cello", type: .purchase, timestamp: 4),
            Event(user: "c", productID: "violin", type: .view, timestamp: 5),
        ])
        let all = try await h.service.recommend(RecommendQuery(user: "new-user", k: 3))
        #expect(all.strategy == "popularity" && all.source == "events")
        #expect(all.hits.map(\.id) == ["wrench", "cello", "hammer"])
        #expect(all.hits.map(\.score) == [6, 3, 3])
        #expect(all.hits.allSatisfy { !$0.cold })
        let tools = try await h.service.recommend(RecommendQuery(user: "new-user", k: 5, filter: SearchFilter(brand: "acme")))
        #expect(tools.hits.map(\.id) == ["hammer"])

        let content = try await h.service.recommend(RecommendQuery(positive: [.init("apple-red")], k: 8))
        let cold = Set(content.hits.filter(\.cold).map(\.id))
        #expect(cold == Set(["apple-green", "apple-pie", "mallet"]))
        #expect(content.hits.count == 7)
    }

    @Test func aContextIsEmbeddedAsSearchEmbedsATranscriptSummarizedFirst() async throws {
        let h = try await Self.harness()
        let result = try await h.service.recommend(RecommendQuery(
            context: .init(asr: "maple cello bow strings and so on and so forth"), k: 2))
        #expect(h.base.summarizer?.transcripts == ["maple cello bow strings and so on and so forth"])
        let call = try #require(h.base.encoder.calls.last)
        #expect(call.isQuery && call.text == "maple cello bow strings and so on and")
        #expect(result.hits.first?.id == "cello")
        #expect(result.hits.count == 2)
    }

    @Test func theFilterIsAppliedInsideTheSearch() async throws {
        let h = try await Self.harness(options: RecommendService.Options(candidatesPerHit: 1, minCandidates: 1))
        let result = try await h.service.recommend(RecommendQuery(positive: [.init("apple-red")], k: 1,
                                                                  filter: SearchFilter(category: "tools")))
        #expect(result.hits.count == 1)
        #expect(result.hits.first?.category == "Tools")
        #expect(h.base.index.searches.last?.filtered == true)
    }

    @Test func theLearnedStrategyIsRefusedWithoutAModelAndAModelFromAnotherSpaceIsRefusedAtLoad() async throws {
        let h = try await Self.harness()
        #expect(h.service.mode == "day_zero")
        try await h.service.ingest([Event(user: "u", productID: "violin", type: .purchase, timestamp: 1)])
        let error = await #expect(throws: RetrievalError.self) {
            try await h.service.recommend(RecommendQuery(user: "u", strategy: .learned))
        }
        #expect(error?.kind == .unprocessable)

        let foreign = try await Self.harness(model: EchoModel(spaceID: "hashing-v1"))
        #expect(foreign.service.mode == "day_zero" && foreign.service.model == nil)

        let same = try await Self.harness(model: EchoModel(spaceID: h.base.encoder.spaceID))
        #expect(same.service.mode == "learned")
        try await same.service.ingest([Event(user: "u", productID: "violin", type: .purchase, timestamp: 1)])
        let learned = try await same.service.recommend(RecommendQuery(user: "u", k: 1))
        #expect(learned.strategy == "learned" && learned.hits.map(\.id) == ["cello"])
    }

    @Test func erasureRemovesEveryEventOfTheUserOnly() async throws {
        let h = try await Self.harness()
        try await h.service.ingest([Event(user: "u1", productID: "violin", type: .view, timestamp: 1),
                                    Event(user: "u2", productID: "hammer", type: .view, timestamp: 2)])
        #expect(try await h.service.erase(user: "u1") == 1)
        #expect(h.events.all.map(\.user) == ["u2"])
        #expect(try await h.service.recommend(RecommendQuery(user: "u1", k: 1)).strategy == "popularity")
    }

    @Test func exp2MatchesPowersOfTwo() {
        for (x, want) in [(0.0, 1.0), (1, 2), (-1, 0.5), (10, 1024), (-10, 1.0 / 1024), (0.5, 2.0.squareRoot())] {
            #expect(abs(RecommendService.exp2(x) - want) <= 1e-12 * want, "\(x)")
        }
        #expect(RecommendService.exp2(-2_000) == 0)
    }
}

@Suite("RecommendService in the centred content space")
struct RecommendCentringTests {
    @Test func centredAverageVectorRanksByTheCosineOfMeanCentredVectors() async throws {
        let h = try await RecommendServiceTests.harness(options: RecommendService.Options(centre: true))
        var vectors: [String: [Float]] = [:]
        for draft in RecommendServiceTests.catalog { vectors[draft.id] = try await h.vector(draft.id) }
        let d = vectors["violin"]!.count
        let mean = (0..<d).map { i in vectors.values.reduce(0) { $0 + $1[i] } / Float(vectors.count) }
        func centred(_ v: [Float]) -> [Float] { RecommendServiceTests.unit(zip(v, mean).map { $0 - $1 }) }
        // Two examples, weighted: the mean of the centred examples, then cosines of the centred items.
        let q = RecommendServiceTests.unit(zip(centred(vectors["violin"]!), centred(vectors["apple-red"]!)).map { 3 * $0 + $1 })
        var expected = vectors.filter { !["violin", "apple-red"].contains($0.key) }
            .map { ($0.key, RecommendServiceTests.dot(q, centred($0.value))) }
        expected.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        let result = try await h.service.recommend(RecommendQuery(positive: [.init("violin", weight: 3), .init("apple-red")], k: 6))
        #expect(result.hits.map(\.id) == expected.prefix(6).map(\.0))
        for (hit, want) in zip(result.hits, expected) { #expect(abs(hit.score - Double(want.1)) < 1e-4, "\(hit.id)") }
        // The mean follows the catalog: a new product moves it before the next request.
        _ = try await h.base.catalog.upsert(ProductDraft(id: "viola", title: "Maple viola with bow"))
        let after = try await h.service.recommend(RecommendQuery(positive: [.init("violin")], k: 2))
        #expect(after.hits.contains { $0.id == "viola" })
    }
}
