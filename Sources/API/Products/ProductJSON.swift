import Retrieval

/// A stored product as `GET /products/{id}` and the upsert answers return it; field names are the API contract
/// (snake_case, optional fields omitted when nil).
struct ProductJSON: Encodable, Sendable {
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

    init(_ p: Product) {
        let info = p.info
        id = info.id; title = info.title; description = info.description; brand = info.brand; category = info.category
        price = info.price; currency = info.currency
        attributes = Dictionary(info.attributes.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        appearances = p.appearances.map(AppearanceJSON.init)
        sequence = p.sequence; created_at = p.createdAt; updated_at = p.updatedAt
    }
}

/// One appearance of a stored product.
struct AppearanceJSON: Encodable, Sendable {
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

/// A page of `GET /products`.
struct ProductPageJSON: Encodable, Sendable {
    var products: [ProductJSON]
    var next_cursor: String?
}
