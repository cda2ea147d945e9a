import Foundation

/// One `/search` hit.
package struct CatalogHit: Sendable, Equatable {
    /// Product id.
    package var id: String
    /// Fused score.
    package var score: Double
    /// The appearance domain that matched.
    package var domain: String
    /// Brand, category and price as the hit reports them.
    package var brand: String?, category: String?, price: Double?
    /// Per-channel scores.
    package var vectorScore: Double?, lexicalScore: Double?

    init(_ json: [String: Any]) {
        id = json["id"] as? String ?? ""
        score = (json["score"] as? NSNumber)?.doubleValue ?? .nan
        domain = json["domain"] as? String ?? ""
        brand = json["brand"] as? String
        category = json["category"] as? String
        price = (json["price"] as? NSNumber)?.doubleValue
        vectorScore = (json["vector_score"] as? NSNumber)?.doubleValue
        lexicalScore = (json["lexical_score"] as? NSNumber)?.doubleValue
    }
}
