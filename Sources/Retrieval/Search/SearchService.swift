import Logging

/// Answers `POST /search`: summarize a transcript, encode the query, search the vector channel (and, in hybrid
/// mode, the lexical channel) with the filter applied inside each, group appearances to one hit per product, fuse.
public final class SearchService: Sendable {
    /// Tuning knobs for search.
    public struct Options: Sendable {
        /// Default HNSW beam width.
        public var defaultEf: Int
        /// Appearances fetched per channel for every requested product, before grouping (at least `minCandidates`).
        public var candidatesPerHit: Int
        /// Lower bound of the per-channel candidate count.
        public var minCandidates: Int
        /// How the two channels are fused.
        public var fusion: RankFusion
        /// BM25 column weights.
        public var lexicalWeights = LexicalWeights()
        /// How often a query term the query repeats is repeated in the BM25 query.
        public var maxTermRepeat = 2
        /// Extra times the first line of a multi-line text query (a listing's title) is counted in BM25.
        public var firstLineBoost = 0
        /// Distinct terms a query sends to BM25 at most: the rarest ones that occur in the catalog.
        public var maxLexicalTerms = 32
        /// Query terms held by more than this share of the appearances are left out of BM25 while rarer ones remain
        /// (`LexicalQuery.selectedTerms`); 1 keeps them all. Never below `commonTermFloor` documents.
        public var commonTermShare = 0.1
        /// A term held by at most this many appearances is never left out as common (in a small catalog, scoring
        /// every match is cheap anyway).
        public var commonTermFloor = 200
        /// Re-weighing of hits by agreement of title codes with a written query (`CodeAgreement`).
        public var codeAgreement = CodeAgreement(strength: 0)
        /// Where per-stage latencies go (`/metrics`), if anywhere.
        public var metrics: SearchMetrics?

        /// Creates options.
        public init(defaultEf: Int = 64, candidatesPerHit: Int = 4, minCandidates: Int = 50,
                    fusion: RankFusion = RankFusion()) {
            self.defaultEf = defaultEf
            self.candidatesPerHit = candidatesPerHit
            self.minCandidates = minCandidates
            self.fusion = fusion
        }
    }

    let store: any CatalogStore
    let encoder: any AppearanceEncoding
    let summarizer: (any TranscriptSummarizing)?
    let index: any VectorIndexing
    let directory: AppearanceDirectory
    let options: Options
    let logger: Logger

    /// Wires the service to its ports. With `summarizer` nil, transcripts are searched as they are.
    public init(store: any CatalogStore, encoder: any AppearanceEncoding, summarizer: (any TranscriptSummarizing)?,
                index: any VectorIndexing, directory: AppearanceDirectory, options: Options = Options(),
                logger: Logger) {
        self.store = store
        self.encoder = encoder
        self.summarizer = summarizer
        self.index = index
        self.directory = directory
        self.options = options
        self.logger = logger
    }

    /// Runs one search.
    public func search(_ query: SearchQuery) async throws -> SearchResult {
        let started = ContinuousClock.now
        var timings = SearchTimings()
        var summary: Summary?
        var texts: [String] = []
        if let text = query.text, !text.isEmpty { texts.append(text) }
        if let asr = query.asr, !asr.isEmpty {
            if let summarizer {
                let t0 = ContinuousClock.now
                let s = try await summarizer.summarize(asr, maxWords: nil)
                timings.summarize = SearchTimings.millis(since: t0)
                summary = s
                texts.append(s.text)
            } else {
                texts.append(asr)
            }
        }
        var excluded: String?
        var queryVector: [Float]?
        if let vector = query.vector {
            guard vector.count == encoder.dimension else {
                throw RetrievalError.invalid(code: .invalidVector,
                                             message: "vector has \(vector.count) dimensions; the index has \(encoder.dimension)")
            }
            queryVector = vector
        } else if let like = query.like {
            let records = try await store.appearanceRecords(productID: like)
            guard let page = records.first(where: { $0.meta.domain == .page }) ?? records.first else {
                throw RetrievalError.notFound(message: "no product with id '\(like)'")
            }
            queryVector = page.vector
            excluded = like
            if texts.isEmpty, let product = try await store.product(id: like) {
                texts.append(product.appearances.first { $0.domain == .page }?.text ?? product.title)
            }
        }
        let queryText = texts.joined(separator: "\n")
        let want = query.k + (excluded == nil ? 0 : 1)
        let candidates = max(want * options.candidatesPerHit, options.minCandidates)

        // The lexical channel (text analysis, then SQLite on a reader connection's queue) does not need the query
        // vector: it runs while the encoder works, so a search costs about the longer of the two instead of their sum.
        // The terms for code agreement are analysed there too, off the encoder's path.
        async let lexicalRun = lexicalChannel(queryText: queryText, query: query, limit: candidates)

        if queryVector == nil, !queryText.isEmpty || !query.images.isEmpty {
            let t0 = ContinuousClock.now
            let text = queryText.isEmpty ? nil : queryText
            // The query token budget assumes written text or a summary; the first tokens of a raw transcript (no
            // summarizer) are mostly greetings and chatter, so such a query is read as far as a stored appearance.
            let rawTranscript = summarizer == nil && !(query.asr ?? "").isEmpty
            queryVector = try await (rawTranscript ? encoder.embed(text: text, images: query.images)
                                                   : encoder.embedQuery(text: text, images: query.images)).fused
            timings.encode = SearchTimings.millis(since: t0)
        }
        // Compiled once per request (brand and category looked up here), then two atomic loads per visited node.
        let filter = directory.compile(query.filter)
        var allow: (@Sendable (Int64) -> Bool)?
        if let filter { allow = { key in filter.matches(key) } }
        var vectorHits: [GroupedHit] = []
        if let queryVector, filter?.matchesNothing != true {
            let t0 = ContinuousClock.now
            defer { timings.ann = SearchTimings.millis(since: t0) }
            let ef = max(query.ef ?? options.defaultEf, candidates)
            let raw = index.search(queryVector, k: candidates, ef: ef, allow: allow, candidates: filter?.candidates)
            vectorHits = group(raw.map { ($0.key, Double($0.score)) })
        }
        let (lexicalRaw, lexicalMillis, codeTerms) = try await lexicalRun
        let lexicalHits = group(lexicalRaw)
        timings.lexical = lexicalMillis
        let fuseStart = ContinuousClock.now
        let hits = merge(vector: vectorHits, lexical: lexicalHits, mode: query.mode, excluded: excluded, k: query.k,
                         codeTerms: codeTerms)
        timings.fuse = SearchTimings.millis(since: fuseStart)
        options.metrics?.record(timings)
        return SearchResult(hits: hits, summary: summary, tookMillis: SearchTimings.millis(since: started), timings: timings)
    }

    /// BM25 hits for `queryText` in hybrid mode (none otherwise), the milliseconds the channel took (analysis
    /// included), and the terms of a written query for code agreement (nil for transcripts and `like`'s stored text).
    func lexicalChannel(queryText: String, query: SearchQuery, limit: Int) async throws
        -> (hits: [(key: Int64, score: Double)], millis: Double, codeTerms: Set<String>?) {
        let t0 = ContinuousClock.now
        // Written text keeps codes verbatim; transcripts (and `like`'s stored page text) are left as fused.
        let codeTerms = query.text.map { _ in Set(LexicalAnalyzer.terms(queryText)) }
        guard query.mode == .hybrid else { return ([], 0, codeTerms) }
        var lexicalText = queryText
        if options.firstLineBoost > 0, let text = query.text, let newline = text.firstIndex(of: "\n") {
            let title = String(text[..<newline])
            lexicalText = Array(repeating: title, count: options.firstLineBoost).joined(separator: "\n") + "\n" + queryText
        }
        guard let lexical = LexicalQuery(text: lexicalText, maxRepeat: options.maxTermRepeat + options.firstLineBoost) else {
            return ([], 0, codeTerms)
        }
        let cap = options.commonTermShare >= 1 ? nil
            : max(options.commonTermFloor, Int(options.commonTermShare * Double(directory.count)))
        let hits = try await store.lexicalSearch(lexical, maxTerms: options.maxLexicalTerms, maxDocumentFrequency: cap,
                                                 filter: query.filter, limit: limit, weights: options.lexicalWeights)
        return (hits, SearchTimings.millis(since: t0), codeTerms)
    }

    /// The best appearance of each product, best first.
    struct GroupedHit {
        var productID: String
        var key: Int64
        var score: Double
        var meta: AppearanceMeta
        /// The title's codes (`CodeAgreement.codes`), computed when the appearance was stored.
        var titleCodes: Set<String>
    }

    /// Equal scores (identical texts give identical vectors and BM25 scores) are ordered by product id, not by the
    /// appearance keys the channels break ties with: keys are node-local (each replica numbers its own rows), so
    /// replicas holding the same catalog answer the same list.
    func group(_ ranked: [(key: Int64, score: Double)]) -> [GroupedHit] {
        var seen = Set<String>()
        var out: [GroupedHit] = []
        for (key, score) in ranked {
            guard let entry = directory.entry(key), seen.insert(entry.productID).inserted else { continue }
            out.append(GroupedHit(productID: entry.productID, key: key, score: score, meta: entry.meta,
                                  titleCodes: entry.titleCodes))
        }
        // Stable: the channels already rank best first, so only runs of equal scores move.
        var index = 0
        while index < out.count {
            var end = index + 1
            while end < out.count, out[end].score == out[index].score { end += 1 }
            if end - index > 1 { out[index..<end].sort { $0.productID < $1.productID } }
            index = end
        }
        return out
    }

    func merge(vector: [GroupedHit], lexical: [GroupedHit], mode: SearchMode, excluded: String?, k: Int,
               codeTerms: Set<String>? = nil) -> [SearchHit] {
        let vectorByID = Dictionary(vector.map { ($0.productID, $0) }, uniquingKeysWith: { a, _ in a })
        let lexicalByID = Dictionary(lexical.map { ($0.productID, $0) }, uniquingKeysWith: { a, _ in a })
        var ranked: [(id: String, score: Double)]
        if mode == .vector || lexical.isEmpty {
            ranked = vector.map { ($0.productID, $0.score) }
        } else {
            ranked = options.fusion.fuse(vector: vector.map(\.productID), lexical: lexical.map(\.productID))
        }
        if let codeTerms {
            // Only the head is re-weighed: a code mismatch reorders close neighbours, it does not lift the tail.
            ranked = options.codeAgreement.rerank(ranked, queryTerms: codeTerms, depth: max(2 * k, 20)) { id in
                (vectorByID[id] ?? lexicalByID[id])?.titleCodes
            }
        }
        var hits: [SearchHit] = []
        for (id, score) in ranked where id != excluded {
            let best = vectorByID[id] ?? lexicalByID[id]!
            hits.append(SearchHit(id: id, score: score, title: best.meta.title, domain: best.meta.domain,
                                  brand: best.meta.brand, category: best.meta.category, price: best.meta.price,
                                  vectorScore: vectorByID[id]?.score, lexicalScore: lexicalByID[id]?.score))
            if hits.count == k { break }
        }
        return hits
    }
}
