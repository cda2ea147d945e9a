/// Mirror of `ProductPage`: one page of `GET /products`.
package struct ProductPageAnswer: Decodable, Sendable, Equatable {
    /// Products in id order.
    package var products: [ProductAnswer]
    /// The cursor of the next page; absent on the last one.
    package var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case products
        case nextCursor = "next_cursor"
    }
}
