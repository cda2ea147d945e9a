/// A stored product with its appearances, as `GET /products/{id}` returns it.
public struct Product: Sendable, Equatable {
    /// External id.
    public var id: String
    /// Title.
    public var title: String
    /// Description.
    public var description: String?
    /// Brand.
    public var brand: String?
    /// Category.
    public var category: String?
    /// Price.
    public var price: Double?
    /// Currency.
    public var currency: String?
    /// Attributes in key order.
    public var attributes: [Attribute]
    /// Every appearance: the page first, then media in submission order.
    public var appearances: [Appearance]
    /// Commit sequence of the last change to this product (monotonic across the catalog).
    public var sequence: Int64
    /// Creation and last update time, seconds since 1970.
    public var createdAt: Double
    /// Last update time, seconds since 1970.
    public var updatedAt: Double

    /// Creates a stored product value.
    public init(id: String, title: String, description: String?, brand: String?, category: String?,
                price: Double?, currency: String?, attributes: [Attribute], appearances: [Appearance],
                sequence: Int64, createdAt: Double, updatedAt: Double) {
        self.id = id
        self.title = title
        self.description = description
        self.brand = brand
        self.category = category
        self.price = price
        self.currency = currency
        self.attributes = attributes
        self.appearances = appearances
        self.sequence = sequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One appearance of a product: the page, or one video or live stream.
public struct Appearance: Sendable, Equatable {
    /// Storage row id; also the key of its vector in the index.
    public var key: Int64
    /// Which domain this appearance belongs to.
    public var domain: Domain
    /// The text that was encoded (page text, or the transcript's summary).
    public var text: String
    /// For media with a transcript: the summary and where it came from.
    public var summary: Summary?
    /// Number of images (page photos or key frames) that went into the visual branch.
    public var imageCount: Int

    /// Creates an appearance value.
    public init(key: Int64, domain: Domain, text: String, summary: Summary?, imageCount: Int) {
        self.key = key
        self.domain = domain
        self.text = text
        self.summary = summary
        self.imageCount = imageCount
    }
}
