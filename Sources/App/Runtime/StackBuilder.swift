import CoreMetrics
import Encoder
import Logging
import Retrieval
import Storage
import Summarizer

/// Builds a full retrieval stack (encoder, summarizer, store, index) from `RuntimeOptions` exactly as the server
/// does, over one database file; `ampere import --data-dir` and `ampere eval` build theirs the same way.
package enum StackBuilder {
    /// Which summarizer a stack gets.
    package enum SummarizerChoice: String, Sendable, CaseIterable {
        /// The LLM when `llm.base_url` is set, else extractive (what the server runs).
        case configured
        /// The LLM; fails when `llm.base_url` is not set.
        case llm
        /// The extractive summarizer only.
        case extractive
        /// None: transcripts are encoded and searched as they are.
        case none
    }

    /// Loads the encoder (its weights), then opens the stack over `databasePath`.
    /// `catalogStore` wraps the local store for the catalog service (cluster replica mode; vectors are then never
    /// re-encoded locally: they come from the system of record).
    package static func build(options: RuntimeOptions, databasePath path: String, summarizer choice: SummarizerChoice,
                             metricsFactory: any MetricsFactory,
                             catalogStore wrap: ((SQLiteCatalogStore) -> any CatalogStore)? = nil,
                             logger: Logger) async throws -> RetrievalStack {
        let weights = options.fusion
        let branch = VisualBranch(decoder: ImageDecoder(limits: options.imageLimits))
        let encoder = MultimodalEncoder(settings: options.textEncoder, visual: branch.encoder, weights: weights,
                                        logger: AmpereApp.componentLogger("ampere.encoder", like: logger))
        encoder.start()
        try await encoder.waitUntilReady()
        guard case .ready(let textName, _, let dimension) = encoder.readiness else {
            throw RetrievalError.notReady(message: "encoder did not load")
        }
        let adapter = EncoderAdapter(encoder: encoder, branch: branch, textName: textName,
                                     textDimension: dimension - branch.dimension, weights: weights,
                                     queryMaxTokens: options.queryMaxTokens)
        var stackOptions = options.stack
        stackOptions.search.metrics = SearchMetrics(factory: metricsFactory)
        stackOptions.recommend.metrics = RecommendMetrics(factory: metricsFactory)
        var summarizerConfig = options.summarizer
        switch choice {
        case .configured, .none: break
        case .extractive: summarizerConfig.llm = nil
        case .llm:
            guard summarizerConfig.llm != nil else {
                throw RetrievalError.invalid(message: "--summarizer llm needs llm.base_url (AMPERE_LLM_BASE_URL)")
            }
        }
        let config = summarizerConfig
        let reencode: RetrievalStack.Reencode = { items in
            try await encoder.fuseAgain(texts: items.map(\.text), visuals: items.map(\.visual), weights: weights)
        }
        return try await RetrievalStack.open(
            databasePath: path, encoder: adapter,
            reencode: wrap != nil ? nil : reencode,
            makeSummarizer: { store in
                choice == .none ? nil : TranscriptSummarizer(
                    config: config, cache: SQLiteSummaryCache(queue: store.writerQueue, readers: store.readerQueues,
                                                             maxEntries: options.summaryCacheEntries),
                    logger: AmpereApp.componentLogger("ampere.summarizer", like: logger),
                    metrics: SummarizerMetrics(factory: metricsFactory))
            },
            extraMigrations: SQLiteSummaryCache.migrations, options: stackOptions, catalogStore: wrap, logger: logger)
    }
}
