import Foundation

/// A `POST /products` body (`ProductInput`) as a value: tests change fields (`body.title = ...`) instead of
/// editing a dictionary. Nil fields are left out of the JSON, as the API contract's optional fields are.
package struct ProductFixture: Encodable, Sendable, Equatable {
    /// `ProductInput` fields; nil ones are left out of the body.
    package var id: String
    package var title: String
    package var description: String?
    package var brand: String?
    package var category: String?
    package var price: Double?
    package var currency: String?
    package var attributes: [String: String]?
    /// Base64 page photos.
    package var images: [String]?
    package var media: [MediaFixture]?

    /// A product body.
    package init(id: String, title: String, description: String? = nil, brand: String? = nil, category: String? = nil,
                 price: Double? = nil, currency: String? = nil, attributes: [String: String]? = nil,
                 images: [String]? = nil, media: [MediaFixture]? = nil) {
        self.id = id; self.title = title; self.description = description; self.brand = brand
        self.category = category; self.price = price; self.currency = currency; self.attributes = attributes
        self.images = images; self.media = media
    }

    /// The body as a `JSONSerialization` value, to place next to deliberately malformed items in one request.
    package var jsonObject: Any {
        get throws { try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) }
    }
}
