import Foundation

/// One `/search` hit.
public struct CatalogHit: Sendable, Equatable {
    /// Product id.
    public var id: String
    /// Fused score.
    public var score: Double
    /// The appearance domain that matched.
    public var domain: String
    /// Brand, category and price as the hit reports them.
    public var brand: String?, category: String?, price: Double?
    /// Per-channel scores.
    public var vectorScore: Double?, lexicalScore: Double?

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
