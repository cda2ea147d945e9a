/// What a shopper did with a product: the closed set `POST /events` accepts (anything else is refused).
public enum EventType: String, Sendable, Hashable, CaseIterable, Codable {
    /// The product was shown (a list, a carousel, a live stream's product card).
    case impression
    /// The product page (or its card in a stream) was opened.
    case view
    /// A click through to the product.
    case click
    /// Put in the cart.
    case addToCart = "add_to_cart"
    /// Bought.
    case purchase
    /// Explicitly not wanted: never counted as interest, and excluded from the user's recommendations.
    case dislike
    /// Sent back.
    case `return`

    /// The weight of the event in a user's history vector and in popularity: stronger intent counts more; a
    /// dislike and a return count nothing (a dislike is an exclusion instead).
    public var weight: Double {
        switch self {
        case .impression: 0.1
        case .view: 0.5
        case .click: 1
        case .addToCart: 2
        case .purchase: 3
        case .dislike, .return: 0
        }
    }

    /// The wire names, for error messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
