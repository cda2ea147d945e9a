/// Mirror of `Product`: a stored product, as `POST /products` and `GET /products/{id}` answer it.
package struct ProductAnswer: Decodable, Sendable, Equatable {
    /// One appearance (`Appearance`): the page first, then one per `media` entry.
    package struct Appearance: Decodable, Sendable, Equatable {
        /// The appearance's id in the index.
        package var key: Int64
        /// `page`, `video` or `live`.
        package var domain: String
        /// The text that was encoded and indexed.
        package var text: String
        /// The transcript's summary (media with `asr` only).
        package var summary: SummaryAnswer?
        /// Photos or frames that went into the visual branch.
        package var imageCount: Int

        enum CodingKeys: String, CodingKey {
            case key, domain, text, summary
            case imageCount = "image_count"
        }
    }

    /// Product id.
    package var id: String
    /// Title, stored trimmed.
    package var title: String
    /// Optional product fields, absent when not stored.
    package var description: String?
    package var brand: String?
    package var category: String?
    package var price: Double?
    package var currency: String?
    /// Always present (empty object when the product has none).
    package var attributes: [String: String]
    package var appearances: [Appearance]
    /// The catalog change sequence of the write that stored this version.
    package var sequence: Int64
    /// Seconds since 1970.
    package var createdAt: Double, updatedAt: Double

    enum CodingKeys: String, CodingKey {
        case id, title, description, brand, category, price, currency, attributes, appearances, sequence
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}
