/// Mirror of `SearchHit`: one `/search` hit.
package struct CatalogHit: Decodable, Sendable, Equatable {
    /// Product id.
    package var id: String
    /// Fused score.
    package var score: Double
    /// The product's title.
    package var title: String
    /// The appearance domain that matched.
    package var domain: String
    /// Brand, category and price as the hit reports them.
    package var brand: String?, category: String?, price: Double?
    /// Per-channel scores.
    package var vectorScore: Double?, lexicalScore: Double?

    enum CodingKeys: String, CodingKey {
        case id, score, title, domain, brand, category, price
        case vectorScore = "vector_score", lexicalScore = "lexical_score"
    }
}
