/// The answer to `/recommend`.
public struct RecommendResult: Sendable {
    /// Hits, best first, at most k, one per product.
    public var hits: [RecommendHit]
    /// The strategy that ranked them (`popularity` when a user had nothing usable).
    public var strategy: String
    /// The space they were ranked in: `content` (the stored vectors) or `events` (popularity).
    public var source: String
    /// Input ids that were ignored because no such product is stored, by field (`positive`, `negative`, `history`).
    public var ignored: [String: [String]]
    /// Events of the user's (or the inline) history that were used.
    public var historyUsed: Int
    /// Wall time, in milliseconds.
    public var tookMillis: Double

    /// Creates a result.
    public init(hits: [RecommendHit], strategy: String, source: String, ignored: [String: [String]],
                historyUsed: Int, tookMillis: Double) {
        self.hits = hits
        self.strategy = strategy
        self.source = source
        self.ignored = ignored
        self.historyUsed = historyUsed
        self.tookMillis = tookMillis
    }
}

/// One recommended product.
public struct RecommendHit: Sendable, Equatable {
    /// Product id.
    public var id: String
    /// Ranking score (higher is better).
    public var score: Double
    /// Title, brand, category, price, for display.
    public var title: String
    /// Brand.
    public var brand: String?
    /// Category.
    public var category: String?
    /// Price.
    public var price: Double?
    /// The domain of the appearance that matched.
    public var domain: Domain
    /// True when the product has no events yet: recommended from its content alone.
    public var cold: Bool

    /// Creates a hit.
    public init(id: String, score: Double, title: String, brand: String? = nil, category: String? = nil,
                price: Double? = nil, domain: Domain = .page, cold: Bool) {
        self.id = id
        self.score = score
        self.title = title
        self.brand = brand
        self.category = category
        self.price = price
        self.domain = domain
        self.cold = cold
    }
}
