import Encoder
import FoundationEssentials
import HNSW
import Logging
import Metrics
import Retrieval
import Storage
import Summarizer
import Synchronization
import VectorMath

/// Builds the retrieval stack in the background after the server starts listening (the encoder loads its weights,
/// the index loads its snapshot), so `/health` can answer "starting" meanwhile; the product and search routes
/// answer 503 `not_ready` until it is up.
public final class RetrievalRuntime: Sendable {
    let configuration: Configuration
    let logger: Logger
    let metricsFactory: any MetricsFactory
    private let state = Mutex<(stack: RetrievalStack?, failure: String?, changes: Int)>((nil, nil, 0))
    private let stopping = Atomic<Bool>(false)

    /// Prepares the runtime; nothing is loaded until `start(onReady:)`.
    public init(configuration: Configuration, metricsFactory: any MetricsFactory, logger: Logger) {
        self.configuration = configuration
        self.metricsFactory = metricsFactory
        self.logger = logger
    }

    /// The loaded stack, or `not_ready` (503) while loading, or after a failed load.
    public func current() throws -> RetrievalStack {
        try state.withLock { s in
            if let stack = s.stack { return stack }
            throw RetrievalError.notReady(message: s.failure.map { "the catalog failed to load: \($0)" }
                                          ?? "the catalog is still loading")
        }
    }

    /// The stack if loaded.
    public var stack: RetrievalStack? { state.withLock { $0.stack } }

    /// Loads everything in the background; `onReady` runs once the stack serves.
    public func start(onReady: @escaping @Sendable () -> Void) {
        Task.detached { [self] in
            do {
                let stack = try await build()
                state.withLock { $0.stack = stack }
                onReady()
                if stack.indexReport.source == .rebuilt, stack.graph.count > 0 { await snapshot(reason: "rebuilt at start") }
                async let maintenance: Void = lexicalMaintenanceLoop(stack)
                await snapshotLoop()
                await maintenance
            } catch {
                logger.critical("retrieval stack failed to load", metadata: ["error": "\(error)"])
                state.withLock { $0.failure = "\(error)" }
            }
        }
    }

    /// Saves a final snapshot (graceful shutdown), so the next start loads instead of rebuilding.
    public func shutdown() async {
        stopping.store(true, ordering: .relaxed)
        guard let stack else { return }
        if (try? await stack.store.changesSinceSnapshot()) ?? 0 > 0 { await snapshot(reason: "shutdown") }
    }

    func build() async throws -> RetrievalStack {
        let path = URL(fileURLWithPath: configuration.string("data.dir")).appendingPathComponent("ampere.sqlite").path
        return try await Self.buildStack(configuration: configuration, databasePath: path, summarizer: .configured,
                                         metricsFactory: metricsFactory, logger: logger)
    }

    /// Which summarizer a stack gets.
    public enum SummarizerChoice: String, Sendable, CaseIterable {
        /// The LLM when `llm.base_url` is set, else extractive (what the server runs).
        case configured
        /// The LLM; fails when `llm.base_url` is not set.
        case llm
        /// The extractive summarizer only.
        case extractive
        /// None: transcripts are encoded and searched as they are.
        case none
    }

    /// Builds a full stack (encoder, summarizer, store, index) exactly as the server does, over `databasePath`.
    public static func buildStack(configuration c: Configuration, databasePath path: String, summarizer choice: SummarizerChoice,
                                  metricsFactory: any MetricsFactory, logger: Logger) async throws -> RetrievalStack {
        let weights = FusionWeights(text: Float(c.double("encoder.text_weight")), visual: Float(c.double("encoder.visual_weight")))
        var settings = TextEncoderSettings(kind: TextEncoderSettings.Kind(rawValue: c.string("encoder.text")) ?? .auto,
                                           modelDirectory: c.string("encoder.model_dir"), threads: c.int("encoder.threads"))
        settings.maxTokens = c.int("encoder.max_tokens")
        let limits = ImageLimits(maxPixels: c.int("limits.max_image_pixels"), maxEncodedBytes: c.int("limits.max_image_bytes"))
        let branch = VisualBranch(decoder: ImageDecoder(limits: limits))
        let encoder = MultimodalEncoder(settings: settings, visual: branch.encoder, weights: weights,
                                        logger: AmpereApp.componentLogger("ampere.encoder", like: logger))
        encoder.start()
        try await encoder.waitUntilReady()
        guard case .ready(let textName, _, let dimension) = encoder.readiness else {
            throw RetrievalError.notReady(message: "encoder did not load")
        }
        let adapter = EncoderAdapter(encoder: encoder, branch: branch, textName: textName,
                                     textDimension: dimension - branch.dimension, weights: weights,
                                     queryMaxTokens: c.int("encoder.query_max_tokens") > 0 ? c.int("encoder.query_max_tokens") : nil)
        var options = RetrievalStack.Options()
        options.hnsw = HNSWConfiguration(dimension: adapter.dimension, metric: .innerProduct, M: c.int("index.m"),
                                         efConstruction: c.int("index.ef_construction"), efSearch: c.int("index.ef_search"))
        options.search = SearchService.Options(defaultEf: c.int("index.ef_search"),
                                               fusion: RankFusion(k: c.double("search.rrf_k"),
                                                                  vectorWeight: c.double("search.vector_weight"),
                                                                  lexicalWeight: c.double("search.lexical_weight")))
        options.search.lexicalWeights = LexicalWeights(title: c.double("search.bm25_title"), brand: c.double("search.bm25_brand"),
                                                       body: c.double("search.bm25_body"))
        options.search.maxTermRepeat = c.int("search.term_repeat")
        options.search.firstLineBoost = c.int("search.first_line_boost")
        options.search.maxLexicalTerms = c.int("search.max_query_terms")
        options.search.commonTermShare = c.double("search.common_term_share")
        options.search.codeAgreement = CodeAgreement(strength: c.double("search.code_mismatch"))
        options.search.metrics = SearchMetrics(factory: metricsFactory)
        options.synchronous = Database.Synchronous(rawValue: c.string("storage.synchronous").uppercased()) ?? .full
        var summarizerConfig = makeSummarizerConfig(c)
        switch choice {
        case .configured, .none: break
        case .extractive: summarizerConfig.llm = nil
        case .llm:
            guard summarizerConfig.llm != nil else {
                throw RetrievalError.invalid(message: "--summarizer llm needs llm.base_url (AMPERE_LLM_BASE_URL)")
            }
        }
        let config = summarizerConfig
        let factory = metricsFactory
        return try await RetrievalStack.open(
            databasePath: path, encoder: adapter,
            reencode: { items in try await encoder.refuse(texts: items.map(\.text), visuals: items.map(\.visual), weights: weights) },
            makeSummarizer: { queue in
                choice == .none ? nil : Summarizer(config: config, cache: SQLiteSummaryCache(queue: queue),
                           logger: AmpereApp.componentLogger("ampere.summarizer", like: logger), metrics: SummarizerMetrics(factory: factory))
            },
            extraMigrations: SQLiteSummaryCache.migrations, options: options, logger: logger)
    }

    static func makeSummarizerConfig(_ c: Configuration) -> SummarizerConfig {
        var llm: LLMConfig?
        let base = c.string("llm.base_url")
        if !base.isEmpty {
            var config = LLMConfig(baseURL: base, model: c.string("llm.model"),
                                   apiKey: APIKey(c.string("llm.api_key")))
            config.totalTimeout = c.double("llm.timeout_s")
            config.connectTimeout = c.double("llm.connect_timeout_s")
            config.maxTokens = c.int("llm.max_tokens")
            config.maxConcurrentCalls = c.int("llm.max_concurrent")
            config.maxRetries = c.int("llm.retries")
            config.breakerThreshold = c.int("llm.breaker_threshold")
            config.breakerCooldown = c.double("llm.breaker_cooldown_s")
            llm = config
        }
        var config = SummarizerConfig(llm: llm)
        config.maxTranscriptBytes = c.int("limits.max_transcript_chars") * 4  // the route checks characters first
        config.language = SummaryLanguage(rawValue: c.string("summarizer.language")) ?? .matchTranscript
        let deadline = c.double("llm.deadline_s")
        config.deadline = deadline > 0 ? deadline : nil
        return config
    }

    func snapshot(reason: String) async {
        guard let stack else { return }
        do {
            let id = try await stack.saveSnapshot()
            MallocTuning.releaseFreePages()
            logger.info("index snapshot saved", metadata: ["id": "\(id)", "vectors": "\(stack.graph.count)", "reason": "\(reason)"])
        } catch {
            logger.error("index snapshot failed", metadata: ["error": "\(error)"])
        }
    }

    /// FTS upkeep once catalog writes have been quiet for `storage.fts_maintenance_idle_s` (and at start, for
    /// catalogs imported offline): merges the index's segments in bounded steps on the writer, stopping as soon as a
    /// write arrives (it resumes at the next quiet spell; see `LexicalIndexShape`), then rebuilds the readers'
    /// copies of the term statistics, so searches stop falling back to per-query lookups.
    func lexicalMaintenanceLoop(_ stack: RetrievalStack) async {
        let idle = configuration.double("storage.fts_maintenance_idle_s")
        guard idle > 0 else { return }
        let store = stack.store, activity = store.writeActivity
        var settled: Int?  // write count at which the index was last left merged and the statistics rebuilt
        while !stopping.load(ordering: .relaxed) {
            try? await Task.sleep(for: .milliseconds(Int(min(idle, 1) * 1000)))
            let writes = activity.writes
            guard writes != settled, activity.secondsSinceLastWrite >= idle else { continue }
            do {
                let before = try await store.lexicalIndexShape()
                if before.needsMerge() {
                    let started = ContinuousClock.now
                    let (steps, finished) = try await store.mergeLexicalIndex { [self] in
                        !self.stopping.load(ordering: .relaxed) && activity.writes == writes
                    }
                    let after = try await store.lexicalIndexShape()
                    logger.info("lexical index merged", metadata: [
                        "segments_before": "\(before.segments)", "segments_after": "\(after.segments)", "steps": "\(steps)",
                        "finished": "\(finished)", "took": "\(ContinuousClock.now - started)"])
                    guard finished else { continue }
                }
                try await store.refreshTermFrequencies()
                settled = writes
            } catch {
                logger.warning("lexical index maintenance failed", metadata: ["error": "\(error)"])
                settled = writes  // retried after the next write, not in a tight loop
            }
        }
    }

    /// Every 30 s, saves a snapshot when `index.snapshot_every` changes have accumulated since the last one.
    func snapshotLoop() async {
        let every = configuration.int("index.snapshot_every")
        guard every > 0 else { return }
        while !stopping.load(ordering: .relaxed) {
            try? await Task.sleep(for: .seconds(30))
            guard let stack, let pending = try? await stack.store.changesSinceSnapshot(), pending >= every else { continue }
            await snapshot(reason: "\(pending) changes")
        }
    }
}
