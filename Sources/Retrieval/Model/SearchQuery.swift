/// A validated `POST /search` request.
public struct SearchQuery: Sendable {
    /// Free text (a storefront query or a product page's text).
    public var text: String?
    /// A raw transcript; summarized before encoding.
    public var asr: String?
    /// Key frames or photos (encoded JPEG/PNG bytes).
    public var images: [[UInt8]]
    /// A query vector in the index's space.
    public var vector: [Float]?
    /// Find products like this stored product id.
    public var like: String?
    /// Number of products to return.
    public var k: Int
    /// Restrictions on which appearances may match.
    public var filter: SearchFilter
    /// `.hybrid` fuses the lexical channel with the vector channel; `.vector` is pure ANN.
    public var mode: SearchMode
    /// HNSW beam width at query time; nil means the configured default.
    public var ef: Int?

    /// Creates a query.
    public init(text: String? = nil, asr: String? = nil, images: [[UInt8]] = [], vector: [Float]? = nil,
                like: String? = nil, k: Int = 10, filter: SearchFilter = SearchFilter(), mode: SearchMode = .hybrid,
                ef: Int? = nil) {
        self.text = text
        self.asr = asr
        self.images = images
        self.vector = vector
        self.like = like
        self.k = k
        self.filter = filter
        self.mode = mode
        self.ef = ef
    }
}

/// How `/search` ranks.
public enum SearchMode: String, Sendable, CaseIterable {
    /// Pure approximate nearest neighbours over the fused vectors.
    case vector
    /// Vector channel fused with BM25 over product text.
    case hybrid
}

/// Filters applied inside the search (not after it), so that selective filters still return k results.
public struct SearchFilter: Sendable, Equatable {
    /// Allowed appearance domains; nil allows all.
    public var domains: Set<Domain>?
    /// Exact category (case-insensitive).
    public var category: String?
    /// Exact brand (case-insensitive).
    public var brand: String?
    /// Minimum price, inclusive.
    public var priceMin: Double?
    /// Maximum price, inclusive.
    public var priceMax: Double?

    /// Creates a filter; the empty filter matches everything.
    public init(domains: Set<Domain>? = nil, category: String? = nil, brand: String? = nil,
                priceMin: Double? = nil, priceMax: Double? = nil) {
        self.domains = domains
        self.category = category
        self.brand = brand
        self.priceMin = priceMin
        self.priceMax = priceMax
    }

    /// True when the filter restricts nothing.
    public var isEmpty: Bool {
        domains == nil && category == nil && brand == nil && priceMin == nil && priceMax == nil
    }
}
