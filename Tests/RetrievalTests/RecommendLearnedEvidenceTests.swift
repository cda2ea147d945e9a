import Retrieval
import RetrievalFakes
import Testing
import VectorMath

/// A learned model that is the identity on content vectors, pools the history by its plain sum, and carries a
/// co-purchase table by product id (symmetric rows, a blend weight, training basket counts), as a format-2 model
/// file does.
struct TableModel: RecommendationModel {
    var spaceID: String
    var version = "table-1"
    /// Product id → co-purchase neighbours and their weights.
    var rows: [String: [String: Double]]
    /// Training baskets per product; every product named here was in the training catalog.
    var trainingBaskets: [String: Int]
    var blend: Double = 100

    func itemVector(content: [Float]) -> [Float] { content }
    func userVector(history: [(content: [Float], type: EventType, age: Double)]) -> [Float] {
        var sum = [Float](repeating: 0, count: history.first?.content.count ?? 0)
        for h in history { for i in sum.indices { sum[i] += h.content[i] } }
        return sum
    }
    func userVector(projected: [(vector: [Float], type: EventType, age: Double)]) -> [Float] {
        userVector(history: projected.map { ($0.vector, $0.type, $0.age) })
    }
    func coPurchaseEvidence(_ history: [(id: String, weight: Double)]) -> [String: Double] {
        var out: [String: Double] = [:]
        let total = history.filter { trainingBaskets[$0.id] != nil }.reduce(0) { $0 + $1.weight }
        for h in history { for (id, w) in rows[h.id] ?? [:] { out[id, default: 0] += h.weight * w / total } }
        return out
    }
    func baskets(_ id: String) -> Int { trainingBaskets[id] ?? 0 }
    func knowsCoPurchase(_ id: String) -> Bool { trainingBaskets[id] != nil }
}

@Suite("Learned recommendations: co-purchase evidence for products stored after training, and the repeat window")
struct RecommendLearnedEvidenceTests {
    /// The catalog of `RecommendServiceTests` was the training catalog: the hammer and the violin were bought
    /// together (an odd pair, so that only the table can explain ranking one after the other).
    static func model(_ spaceID: String) -> TableModel {
        var baskets = Dictionary(uniqueKeysWithValues: RecommendServiceTests.catalog.map { ($0.id, 0) })
        baskets["hammer"] = 5
        baskets["violin"] = 5
        baskets["wrench"] = 1
        return TableModel(spaceID: spaceID, rows: ["hammer": ["violin": 1], "violin": ["hammer": 1]],
                          trainingBaskets: baskets)
    }

    static func harness(options: RecommendService.Options = .init()) async throws -> RecommendHarness {
        let space = RecommendHarness().base.encoder.spaceID
        let h = RecommendHarness(model: model(space), options: options)
        try await h.base.add(RecommendServiceTests.catalog)
        return h
    }

    static let newViolin = ProductDraft(id: "violin-2", title: "Maple violin bow rosin case", brand: "Strad",
                                        category: "Music", price: 950)

    @Test func aProductStoredAfterTrainingTakesTheEvidenceOfItsNearestWarmProductAsTargetAndInTheHistory() async throws {
        let h = try await Self.harness()
        #expect(h.service.mode == "learned")
        try await h.base.add([Self.newViolin])

        // A hammer buyer: the table points at the violin, and the new violin (nearest warm product: the violin, not
        // the cello, which no training basket held) shares that evidence, far above any cosine.
        let target = try await h.service.recommend(RecommendQuery(history: [
            Event(user: "u", productID: "hammer", type: .purchase, timestamp: 1)], k: 3, strategy: .learned))
        #expect(Set(target.hits.prefix(2).map(\.id)) == ["violin", "violin-2"], "\(target.hits.map(\.id))")
        #expect(target.hits.prefix(2).allSatisfy { $0.score > 50 }, "\(target.hits.map(\.score))")
        #expect(target.hits[2].score < 2)

        // A buyer of the new violin alone: its history stands for the violin's, so the hammer comes first, though by
        // content the old violin and the cello are far closer.
        let history = try await h.service.recommend(RecommendQuery(history: [
            Event(user: "u", productID: "violin-2", type: .purchase, timestamp: 1)], k: 2, strategy: .learned))
        #expect(history.hits.first?.id == "hammer", "\(history.hits.map(\.id))")
        #expect(history.hits.first!.score > 50)
    }

    @Test func aDeletedNewProductLeavesNoAliasBehind() async throws {
        let h = try await Self.harness()
        try await h.base.add([Self.newViolin])
        let before = try await h.service.recommend(RecommendQuery(history: [
            Event(user: "u", productID: "hammer", type: .purchase, timestamp: 1)], k: 3, strategy: .learned))
        #expect(before.hits.map(\.id).contains("violin-2"))
        _ = try await h.base.catalog.delete(id: "violin-2")
        let after = try await h.service.recommend(RecommendQuery(history: [
            Event(user: "u", productID: "hammer", type: .purchase, timestamp: 1)], k: 3, strategy: .learned))
        #expect(!after.hits.map(\.id).contains("violin-2"))
        #expect(after.hits.first?.id == "violin" && after.hits[1].score < 2, "\(after.hits.map { ($0.id, $0.score) })")
    }

    @Test func reBuysReachPastThePooledHistoryToTheRepeatWindowAndAreExcludedByDefault() async throws {
        let h = try await Self.harness(options: RecommendService.Options(historyLimit: 2, repeatWindow: 10))
        // The cello, bought in three sessions long ago, then the hammer viewed in two recent ones: only the two
        // newest events are pooled, but the re-buy order counts the whole window by distinct sessions.
        var events: [Event] = (1...3).map {
            Event(user: "u", session: "s\($0)", productID: "cello", type: .purchase, timestamp: Double($0))
        }
        events += [Event(user: "u", session: "s4", productID: "hammer", type: .view, timestamp: 10),
                   Event(user: "u", session: "s5", productID: "hammer", type: .view, timestamp: 11)]
        try await h.service.ingest(events)
        let rebuy = try await h.service.recommend(RecommendQuery(user: "u", k: 3, excludeInputs: false, strategy: .learned))
        #expect(rebuy.historyUsed == 2)
        #expect(Array(rebuy.hits.prefix(2).map(\.id)) == ["cello", "hammer"], "\(rebuy.hits.map(\.id))")

        let fresh = try await h.service.recommend(RecommendQuery(user: "u", k: 8, strategy: .learned))
        #expect(!fresh.hits.map(\.id).contains("cello") && !fresh.hits.map(\.id).contains("hammer"))
        #expect(fresh.hits.first?.id == "violin")  // the hammer's co-purchase neighbour

        // With a window no wider than the pooled history, the cello is out of reach of the re-buys.
        let narrow = try await Self.harness(options: RecommendService.Options(historyLimit: 2, repeatWindow: 2))
        try await narrow.service.ingest(events)
        let short = try await narrow.service.recommend(RecommendQuery(user: "u", k: 3, excludeInputs: false, strategy: .learned))
        #expect(short.hits.first?.id == "hammer")
        #expect(short.hits.map(\.id).contains("cello") == false || short.hits.first(where: { $0.id == "cello" })!.score < 2)
    }
}

/// The learned ranking with co-purchase evidence (cosine + blend · evidence, the history left out) must equal
/// every product scored exactly, at three blend weights (any pruning of the exact scoring must keep this).
@Suite struct RecommendEvidenceExactnessTests {
    @Test(arguments: [0.05, 0.5, 5.0])
    func theRankingEqualsScoringEveryProductExactly(blend: Double) async throws {
        let space = RecommendHarness().base.encoder.spaceID
        let ids = RecommendServiceTests.catalog.map(\.id)
        var rng = SplitMix64(seed: 7)
        var rows: [String: [String: Double]] = [:]
        for a in ids {
            for b in ids where b != a && rng.next() % 2 == 0 {
                let w = Double(rng.next() % 1_000) / 1_000
                rows[a, default: [:]][b] = w
                rows[b, default: [:]][a] = w
            }
        }
        let model = TableModel(spaceID: space, rows: rows, trainingBaskets: Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) }),
                               blend: blend)
        let h = RecommendHarness(model: model)
        try await h.base.add(RecommendServiceTests.catalog)
        for _ in 0..<40 {
            let history = ids.filter { _ in rng.next() % 3 == 0 }
            guard !history.isEmpty else { continue }
            let k = 1 + Int(rng.next() % 4)
            let events = history.enumerated().map { Event(user: "u", productID: $1, type: .purchase, timestamp: Double($0)) }
            let got = try await h.service.recommend(RecommendQuery(history: events, k: k, strategy: .learned))
            var user = [Float](repeating: 0, count: try await h.vector(ids[0]).count)
            for id in history { for (i, x) in try await h.vector(id).enumerated() { user[i] += x } }
            let evidence = model.coPurchaseEvidence(history.map { ($0, 1.0) })
            var scored: [(String, Double)] = []
            for id in ids where !history.contains(id) {
                let cosine = Double(RecommendServiceTests.dot(user, try await h.vector(id)))
                scored.append((id, cosine + blend * (evidence[id] ?? 0)))
            }
            scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            let want = scored.prefix(k).map { $0.0 }
            #expect(got.hits.map(\.id) == Array(want), "history \(history) k \(k)")
        }
    }
}
