/// A validated `POST /recommend` request. At least one of `positive`, `negative`, `user`, `history` or `context`.
public struct RecommendQuery: Sendable {
    /// A product id with its weight (1 unless the request gave one).
    public struct Example: Sendable, Equatable {
        /// Product id.
        public var id: String
        /// Relative weight, > 0.
        public var weight: Double

        /// An example.
        public init(_ id: String, weight: Double = 1) {
            self.id = id
            self.weight = weight
        }
    }

    /// What a live stream or a page shows right now, embedded as `/search` embeds a query.
    public struct Context: Sendable, Equatable {
        /// Written text (a page, a stream's title or chat).
        public var text: String?
        /// A raw transcript; summarized before encoding, as `/search` does.
        public var asr: String?
        /// Key frames or photos (encoded JPEG/PNG bytes).
        public var images: [[UInt8]]

        /// A context.
        public init(text: String? = nil, asr: String? = nil, images: [[UInt8]] = []) {
            self.text = text
            self.asr = asr
            self.images = images
        }

        /// True when it holds nothing to encode.
        public var isEmpty: Bool { (text ?? "").isEmpty && (asr ?? "").isEmpty && images.isEmpty }
    }

    /// "More like these".
    public var positive: [Example]
    /// "Less like these".
    public var negative: [Example]
    /// A user whose history comes from the event log.
    public var user: String?
    /// A history sent inline (used like a user's events; newest need not be first).
    public var history: [Event]
    /// The live context.
    public var context: Context?
    /// Products to return.
    public var k: Int
    /// Restrictions inside the vector search, as `/search` applies them.
    public var filter: SearchFilter
    /// Product ids never to return.
    public var exclude: [String]
    /// Whether the example and history products are left out of the results (the default).
    public var excludeInputs: Bool
    /// How to combine the inputs.
    public var strategy: RecommendStrategy

    /// Creates a query.
    public init(positive: [Example] = [], negative: [Example] = [], user: String? = nil, history: [Event] = [],
                context: Context? = nil, k: Int = 10, filter: SearchFilter = SearchFilter(), exclude: [String] = [],
                excludeInputs: Bool = true, strategy: RecommendStrategy = .auto) {
        self.positive = positive
        self.negative = negative
        self.user = user
        self.history = history
        self.context = context
        self.k = k
        self.filter = filter
        self.exclude = exclude
        self.excludeInputs = excludeInputs
        self.strategy = strategy
    }
}

/// How `/recommend` turns its inputs into a ranking.
public enum RecommendStrategy: String, Sendable, CaseIterable {
    /// The best available: `best_score` for negatives only, else `average_vector` in the content space (a loaded
    /// learned model would come first for users and histories).
    case auto
    /// One search from 2·avg(positive) − avg(negative), re-normalised (Qdrant's `average_vector`).
    case averageVector = "average_vector"
    /// Candidates from each positive, each scored by its best positive against its best negative; negatives alone
    /// rank the items least like them (Qdrant's `best_score`).
    case bestScore = "best_score"
    /// The learned user tower (`ampere rec-train`, not built yet): refused while no model is loaded.
    case learned
}
