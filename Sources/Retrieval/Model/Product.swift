/// A stored product with its appearances, as `GET /products/{id}` returns it: its fields (`info`, readable
/// directly: `product.title`) plus what storing it produced.
public struct Product: ProductFields, Sendable, Equatable {
    /// The product's own fields.
    public var info: ProductInfo
    /// Every appearance: the page first, then media in submission order.
    public var appearances: [Appearance]
    /// Commit sequence of the last change to this product (monotonic across the catalog).
    public var sequence: Int64
    /// Creation time, seconds since 1970.
    public var createdAt: Double
    /// Last update time, seconds since 1970.
    public var updatedAt: Double

    /// Creates a stored product value.
    public init(info: ProductInfo, appearances: [Appearance], sequence: Int64, createdAt: Double, updatedAt: Double) {
        self.info = info
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
