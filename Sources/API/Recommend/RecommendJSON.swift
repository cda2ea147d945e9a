import Retrieval

/// The `/recommend` answer.
struct RecommendJSON: Encodable, Sendable {
    var hits: [RecommendHitJSON]
    var strategy: String
    var source: String
    var ignored: [String: [String]]
    var history_used: Int
    var took_ms: Double

    init(_ r: RecommendResult) {
        hits = r.hits.map(RecommendHitJSON.init)
        strategy = r.strategy
        source = r.source
        ignored = r.ignored
        history_used = r.historyUsed
        took_ms = (r.tookMillis * 1000).rounded() / 1000
    }
}

/// One recommended product.
struct RecommendHitJSON: Encodable, Sendable {
    var id: String
    var score: Double
    var title: String
    var domain: String
    var brand: String?
    var category: String?
    var price: Double?
    var cold: Bool

    init(_ h: RecommendHit) {
        id = h.id; score = h.score; title = h.title; domain = h.domain.rawValue; brand = h.brand
        category = h.category; price = h.price; cold = h.cold
    }
}
