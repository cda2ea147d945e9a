/// The answer to a search: one hit per product, best first.
public struct SearchResult: Sendable {
    /// Hits, best first, at most k, never two for one product.
    public var hits: [SearchHit]
    /// The transcript summary used, when the query had `asr`.
    public var summary: Summary?
    /// Wall time spent, in milliseconds.
    public var tookMillis: Double
    /// Wall time per stage, in milliseconds.
    public var timings: SearchTimings

    /// Creates a result.
    public init(hits: [SearchHit], summary: Summary?, tookMillis: Double, timings: SearchTimings = SearchTimings()) {
        self.hits = hits
        self.summary = summary
        self.tookMillis = tookMillis
        self.timings = timings
    }
}

/// One product in a search result.
public struct SearchHit: Sendable, Equatable {
    /// Product id.
    public var id: String
    /// Ranking score (higher is better): cosine in vector mode, the fused score in hybrid mode.
    public var score: Double
    /// Product title.
    public var title: String
    /// The domain of the product's best-matching appearance.
    public var domain: Domain
    /// Brand, category and price, for display.
    public var brand: String?
    /// Category.
    public var category: String?
    /// Price.
    public var price: Double?
    /// Cosine similarity of the best appearance in the vector channel, if it matched there.
    public var vectorScore: Double?
    /// BM25 score of the best appearance in the lexical channel, if it matched there.
    public var lexicalScore: Double?

    /// Creates a hit.
    public init(id: String, score: Double, title: String, domain: Domain, brand: String? = nil,
                category: String? = nil, price: Double? = nil, vectorScore: Double? = nil, lexicalScore: Double? = nil) {
        self.id = id
        self.score = score
        self.title = title
        self.domain = domain
        self.brand = brand
        self.category = category
        self.price = price
        self.vectorScore = vectorScore
        self.lexicalScore = lexicalScore
    }
}
