import Retrieval

/// The `/search` answer.
struct SearchJSON: Encodable, Sendable {
    var hits: [HitJSON]
    var summary: SummaryJSON?
    var took_ms: Double

    init(_ r: SearchResult) {
        hits = r.hits.map(HitJSON.init)
        summary = r.summary.map(SummaryJSON.init)
        took_ms = (r.tookMillis * 1000).rounded() / 1000
    }
}

/// One search hit.
struct HitJSON: Encodable, Sendable {
    var id: String
    var score: Double
    var title: String
    var domain: String
    var brand: String?
    var category: String?
    var price: Double?
    var vector_score: Double?
    var lexical_score: Double?

    init(_ h: SearchHit) {
        id = h.id; score = h.score; title = h.title; domain = h.domain.rawValue; brand = h.brand
        category = h.category; price = h.price; vector_score = h.vectorScore; lexical_score = h.lexicalScore
    }
}
