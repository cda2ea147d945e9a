import Retrieval

/// JSON shapes of responses; field names are the API contract (snake_case, optional fields omitted when nil).
public enum ResponseBodies {
    /// A stored product (`GET /products/{id}`, upsert answers).
    public struct ProductJSON: Encodable, Sendable {
        var id: String
        var title: String
        var description: String?
        var brand: String?
        var category: String?
        var price: Double?
        var currency: String?
        var attributes: [String: String]
        var appearances: [AppearanceJSON]
        var sequence: Int64
        var created_at: Double
        var updated_at: Double

        /// Converts a stored product.
        public init(_ p: Product) {
            id = p.id; title = p.title; description = p.description; brand = p.brand; category = p.category
            price = p.price; currency = p.currency
            attributes = Dictionary(p.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            appearances = p.appearances.map(AppearanceJSON.init)
            sequence = p.sequence; created_at = p.createdAt; updated_at = p.updatedAt
        }
    }

    /// One appearance of a stored product.
    public struct AppearanceJSON: Encodable, Sendable {
        var key: Int64
        var domain: String
        var text: String
        var summary: SummaryJSON?
        var image_count: Int

        init(_ a: Appearance) {
            key = a.key; domain = a.domain.rawValue; text = a.text; image_count = a.imageCount
            summary = a.summary.map(SummaryJSON.init)
        }
    }

    /// A summary and its source.
    public struct SummaryJSON: Encodable, Sendable {
        var text: String
        var source: String
        var model: String?

        /// Converts a summary.
        public init(_ s: Summary) { text = s.text; source = s.source.rawValue; model = s.model }
    }

    /// The `/search` answer.
    public struct SearchJSON: Encodable, Sendable {
        var hits: [HitJSON]
        var summary: SummaryJSON?
        var took_ms: Double

        /// Converts a search result.
        public init(_ r: SearchResult) {
            hits = r.hits.map(HitJSON.init)
            summary = r.summary.map(SummaryJSON.init)
            took_ms = (r.tookMillis * 1000).rounded() / 1000
        }
    }

    /// One search hit.
    public struct HitJSON: Encodable, Sendable {
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
}
