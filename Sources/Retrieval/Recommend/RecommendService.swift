import Logging

/// Answers `POST /recommend` in the day-zero content mode (no training), and takes in the event log behind it
/// (`POST /events`, erasure). Examples, a user's history and a live context become vectors in the stored content
/// space; one ANN search (over-fetched so that excluded products can be dropped afterwards, never an ANN filter)
/// or a `best_score` re-rank of ANN candidates ranks the products; a user with nothing usable gets popularity
/// within the filter. Each hit says whether the product has any events (a cold item).
public final class RecommendService: Sendable {
    /// Tuning knobs.
    public struct Options: Sendable {
        /// Most events of a user's history read per request (newest first).
        public var historyLimit: Int
        /// Most events of a user read for what they bought before (re-buys, ordered by distinct sessions, and the
        /// inputs left out of results), newest first; at least `historyLimit`. Only the newest `historyLimit` of
        /// them are pooled into the user's vector.
        public var repeatWindow: Int
        /// Age at which a history event counts half as much as the newest one, in seconds.
        public var halfLifeSeconds: Double
        /// Candidates fetched per requested product, before grouping and dropping (each excluded product adds one).
        public var candidatesPerHit: Int
        /// Lower bound of the candidate count.
        public var minCandidates: Int
        /// HNSW beam width (at least the candidate count).
        public var defaultEf: Int
        /// Popular products read before the filter is applied.
        public var popularPool: Int
        /// Positive examples searched one by one for `best_score` candidates (the heaviest first).
        public var bestScoreSeeds: Int
        /// Centre the content space for `average_vector`: search from the query minus the catalog mean and re-rank
        /// the candidates by their cosine to it after subtracting the mean from them too.
        public var centre: Bool
        /// Where counters go (`/metrics`), if anywhere.
        public var metrics: RecommendMetrics?

        /// Creates options.
        public init(historyLimit: Int = 50, halfLifeSeconds: Double = 30 * 86_400, candidatesPerHit: Int = 4,
                    minCandidates: Int = 50, defaultEf: Int = 64, popularPool: Int = 1_000, bestScoreSeeds: Int = 16,
                    centre: Bool = false, repeatWindow: Int = 500, metrics: RecommendMetrics? = nil) {
            self.centre = centre
            self.repeatWindow = repeatWindow
            self.historyLimit = historyLimit
            self.halfLifeSeconds = halfLifeSeconds
            self.candidatesPerHit = candidatesPerHit
            self.minCandidates = minCandidates
            self.defaultEf = defaultEf
            self.popularPool = popularPool
            self.bestScoreSeeds = bestScoreSeeds
            self.metrics = metrics
        }
    }

    let events: any EventStore
    let encoder: any AppearanceEncoding
    let summarizer: (any TranscriptSummarizing)?
    let index: any VectorIndexing
    let directory: AppearanceDirectory
    let options: Options
    let logger: Logger
    let catalogMean = CatalogMean()
    /// The learned model, when one is loaded and was trained in the live encoder's space; nil: day-zero mode.
    public let model: (any RecommendationModel)?
    /// Every product through the model's item tower (nil without a model).
    let learnedSpace: LearnedSpace?

    /// Wires the service to its ports. A `model` trained in another vector space than `encoder`'s is refused with
    /// a log line, and the content mode serves.
    public init(events: any EventStore, encoder: any AppearanceEncoding, summarizer: (any TranscriptSummarizing)?,
                index: any VectorIndexing, directory: AppearanceDirectory, model: (any RecommendationModel)? = nil,
                options: Options = Options(), logger: Logger) {
        self.events = events
        self.encoder = encoder
        self.summarizer = summarizer
        self.index = index
        self.directory = directory
        self.options = options
        self.logger = logger
        if let model, model.spaceID != encoder.spaceID {
            logger.warning("recommendation model refused: trained in another vector space; serving the content mode",
                           metadata: ["model_space": "\(model.spaceID)", "encoder_space": "\(encoder.spaceID)"])
            self.model = nil
        } else {
            self.model = model
        }
        learnedSpace = self.model.map { LearnedSpace(model: $0) }
        // Every stored product is projected now, at load; later writes before the next learned ranking.
        learnedSpace?.sync(directory: directory, index: index)
    }

    /// `day_zero` (content space) or `learned`, for `/health`.
    public var mode: String { model == nil ? "day_zero" : "learned" }

    /// Products projected into the learned space (0 without a model).
    public var learnedProducts: Int { learnedSpace?.count ?? 0 }

    /// Stores a batch of events (one transaction) and counts them once committed.
    public func ingest(_ batch: [Event]) async throws {
        try await events.append(batch)
        options.metrics?.ingested(batch)
    }

    /// Erases every event of `user`; returns how many there were.
    @discardableResult
    public func erase(user: String) async throws -> Int { try await events.erase(user: user) }

    /// Runs one recommendation.
    public func recommend(_ query: RecommendQuery) async throws -> RecommendResult {
        let started = ContinuousClock.now
        var inputs = try await resolve(query)
        let excluded = inputs.excluded(query)
        var hits: [RecommendHit]
        let strategy: String
        if query.strategy == .learned || (query.strategy == .auto && model != nil && !inputs.history.isEmpty) {
            guard let model else {
                throw RetrievalError.unprocessable(
                    message: "strategy 'learned' needs a trained model and none is loaded; use auto, average_vector or best_score")
            }
            guard !inputs.history.isEmpty else {
                throw RetrievalError.unprocessable(message: "strategy 'learned' needs a user or history with stored products")
            }
            (hits, strategy) = (learned(model, inputs, query: query, excluded: excluded), "learned")
        } else if inputs.isEmpty {
            guard query.user != nil else {
                let unknown = inputs.ignored.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                    .map { "\($0.key) \($0.value.prefix(8).joined(separator: ", "))\($0.value.count > 8 ? ", ..." : "")" }
                throw RetrievalError.notFound(
                    message: "none of the given products is stored (unknown: \(unknown.joined(separator: "; ")))")
            }
            (hits, strategy) = (try await popularity(query, excluded: excluded), "popularity")
        } else if query.strategy == .bestScore || (query.strategy == .auto && inputs.positiveSources.isEmpty) {
            (hits, strategy) = (bestScore(inputs, query: query, excluded: excluded), "best_score")
        } else {
            (hits, strategy) = (averageVector(inputs, query: query, excluded: excluded), "average_vector")
        }
        let counts = try await events.eventCounts(productIDs: hits.map(\.id))
        for i in hits.indices { hits[i].cold = counts[hits[i].id] == nil }
        let cold = hits.count { $0.cold }
        options.metrics?.recorded(strategy: strategy, coldHits: cold)
        inputs.ignored = inputs.ignored.filter { !$0.value.isEmpty }
        let source = strategy == "popularity" ? "events" : strategy == "learned" ? "learned" : "content"
        return RecommendResult(hits: hits, strategy: strategy, source: source,
                               ignored: inputs.ignored, historyUsed: inputs.historyUsed,
                               tookMillis: SearchTimings.millis(since: started))
    }
}
