/// One interaction of a user with a product, as `POST /events` records it. The product need not be stored yet:
/// events for products that arrive later are kept and count as soon as the product does.
public struct Event: Sendable, Equatable {
    /// The (pseudonymous) user id.
    public var user: String
    /// The session (a visit, a basket, a stream), if known.
    public var session: String?
    /// The product id.
    public var productID: String
    /// What happened.
    public var type: EventType
    /// When it happened, in seconds since 1970 (UTC).
    public var timestamp: Double
    /// Units (for purchases and carts); 1 otherwise.
    public var quantity: Int
    /// The domain of the appearance that led to it (a page, a short video, a live stream), if known.
    public var domain: Domain?

    /// Creates an event.
    public init(user: String, session: String? = nil, productID: String, type: EventType, timestamp: Double,
                quantity: Int = 1, domain: Domain? = nil) {
        self.user = user
        self.session = session
        self.productID = productID
        self.type = type
        self.timestamp = timestamp
        self.quantity = quantity
        self.domain = domain
    }
}
