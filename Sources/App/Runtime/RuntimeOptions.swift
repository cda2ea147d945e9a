import Config
import Encoder
import HNSW
import Retrieval
import Storage
import Summarizer
import VectorMath

/// Everything the retrieval stack is built from, translated from the configuration in one pure function
/// (`init(_:)`, unit-tested): no I/O, no clocks, no metrics. `StackBuilder` and the maintenance loops take it.
package struct RuntimeOptions: Sendable {
    /// The text branch to load.
    package var textEncoder: TextEncoderSettings
    /// Weights of the branches in the fused vector.
    package var fusion: FusionWeights
    /// Limits checked before an image is decoded.
    package var imageLimits: ImageLimits
    /// Tokens of a query's text the text branch reads; nil reads as much as for an appearance.
    package var queryMaxTokens: Int?
    /// Index, search and storage options (the search metrics are attached when the stack is built).
    package var stack: RetrievalStack.Options
    /// The summarizer's settings (the LLM when `llm.base_url` is set).
    package var summarizer: SummarizerConfig
    /// The most LLM summaries kept in the summary cache (the oldest go first).
    package var summaryCacheEntries: Int
    /// Seconds of quiet writes before the lexical index is merged (0: never).
    package var lexicalMaintenanceIdleSeconds: Double
    /// Vector changes after which a snapshot is saved (0: only at shutdown).
    package var snapshotEvery: Int
    /// How often the snapshot loop looks at the change count; also the first wait after a failed snapshot,
    /// doubled per consecutive failure.
    package var snapshotCheckSeconds: Double = 30
    /// The longest wait after failed snapshots.
    package var snapshotBackoffMaxSeconds: Double
    /// Days events are kept (0: forever).
    package var eventRetentionDays: Int
    /// Days the change feed keeps its rows (0: forever).
    package var changeLogDays: Int
    /// How often the retention loop purges expired events.
    package var retentionCheckSeconds: Double = 3_600
    /// Background summary upgrades per second at most (0: none).
    package var summaryUpgradesPerSecond: Double
    /// Failed LLM calls after which an upgrade is given up.
    package var summaryUpgradeMaxAttempts: Int

    /// The options `configuration` describes.
    package init(_ c: Configuration) {
        textEncoder = TextEncoderSettings(kind: TextEncoderSettings.Kind(rawValue: c[.encoderText]) ?? .auto,
                                          modelDirectory: c[.encoderModelDir], threads: c[.encoderThreads])
        textEncoder.maxTokens = c[.encoderMaxTokens]
        fusion = FusionWeights(text: Float(c[.encoderTextWeight]), visual: Float(c[.encoderVisualWeight]))
        imageLimits = ImageLimits(maxPixels: c[.limitsMaxImagePixels], maxEncodedBytes: c[.limitsMaxImageBytes])
        queryMaxTokens = c[.encoderQueryMaxTokens] > 0 ? c[.encoderQueryMaxTokens] : nil
        summaryCacheEntries = c[.summarizerCacheEntries]
        stack = RetrievalStack.Options()
        stack.hnsw = HNSWConfiguration(dimension: 1, metric: .innerProduct, M: c[.indexM],
                                       efConstruction: c[.indexEfConstruction], efSearch: c[.indexEfSearch],
                                       maxFilteredEf: c[.indexFilterMaxEf], exactScanBudget: c[.indexFilterExactBudget])
        // The index's distance kernels from `kernels.isa` itself, not from `KernelISA.active`: these options are made
        // when the app is built, before `start()` selects the process's path. (Host support is read once, cached;
        // a forced path the host lacks falls back here, and `start()` refuses it before any index is loaded.)
        stack.hnsw.vectorType = HNSWVectorType(rawValue: c[.indexVectorType]) ?? .f32
        stack.hnsw.kernels = (try? KernelISA.resolve(KernelISA.Request(rawValue: c[.kernelsIsa]) ?? .auto)) ?? .avx2
        var search = SearchService.Options(defaultEf: c[.indexEfSearch],
                                           fusion: RankFusion(k: c[.searchRrfK], vectorWeight: c[.searchVectorWeight],
                                                              lexicalWeight: c[.searchLexicalWeight]))
        search.lexicalWeights = LexicalWeights(title: c[.searchBm25Title], brand: c[.searchBm25Brand], body: c[.searchBm25Body])
        search.maxTermRepeat = c[.searchTermRepeat]
        search.firstLineBoost = c[.searchFirstLineBoost]
        search.maxLexicalTerms = c[.searchMaxQueryTerms]
        search.commonTermShare = c[.searchCommonTermShare]
        search.codeAgreement = CodeAgreement(strength: c[.searchCodeMismatch])
        stack.search = search
        stack.recommend.historyLimit = c[.recommendHistoryLimit]
        stack.recommend.repeatWindow = c[.recommendRepeatWindow]
        stack.recommend.halfLifeSeconds = c[.recommendHalfLifeDays] * 86_400
        stack.recommend.defaultEf = c[.indexEfSearch]
        stack.recommend.centre = c[.recommendCentre]
        stack.modelPath = c[.recommendModelPath].isEmpty ? nil : c[.recommendModelPath]
        eventRetentionDays = c[.recommendEventsRetentionDays]
        changeLogDays = c[.storageChangeLogDays]
        stack.synchronous = Database.Synchronous(rawValue: c[.storageSynchronous].uppercased()) ?? .full
        summarizer = Self.summarizerConfig(c)
        summaryUpgradesPerSecond = c[.summarizerUpgradePerS]
        summaryUpgradeMaxAttempts = c[.summarizerUpgradeMaxAttempts]
        lexicalMaintenanceIdleSeconds = c[.storageFtsMaintenanceIdleS]
        snapshotEvery = c[.indexSnapshotEvery]
        snapshotBackoffMaxSeconds = c[.indexSnapshotBackoffMaxS]
        stack.keepSnapshots = c[.indexSnapshotKeep]
        stack.snapshotDirectory = c[.indexSnapshotDir].isEmpty ? nil : c[.indexSnapshotDir]
    }

    /// Client-input limits from the configuration (the API and the importer check the same ones).
    package static func inputLimits(_ c: Configuration) -> InputLimits {
        var limits = InputLimits()
        limits.maxBatch = c[.limitsMaxBatch]
        limits.maxImages = c[.limitsMaxImages]
        limits.maxImageBytes = c[.limitsMaxImageBytes]
        limits.maxTranscriptLength = c[.limitsMaxTranscriptChars]
        limits.maxK = c[.limitsMaxK]
        limits.maxEf = c[.limitsMaxEf]
        return limits
    }

    static func summarizerConfig(_ c: Configuration) -> SummarizerConfig {
        var llm: LLMConfig?
        let base = c[.llmBaseUrl]
        if !base.isEmpty {
            var config = LLMConfig(baseURL: base, model: c[.llmModel], apiKey: APIKey(c[.llmApiKey]))
            config.api = LLMAPI(rawValue: c[.llmApi]) ?? .chat
            config.totalTimeout = c[.llmTimeoutS]
            config.connectTimeout = c[.llmConnectTimeoutS]
            config.maxTokens = c[.llmMaxTokens]
            config.stopAtNewline = c[.llmStopAtNewline]
            config.maxConcurrentCalls = c[.llmMaxConcurrent]
            config.maxWindows = c[.llmMaxWindows]
            config.maxRetries = c[.llmRetries]
            config.breakerThreshold = c[.llmBreakerThreshold]
            config.breakerCooldown = c[.llmBreakerCooldownS]
            llm = config
        }
        var config = SummarizerConfig(llm: llm)
        config.maxTranscriptBytes = c[.limitsMaxTranscriptChars] * 4  // the route checks characters first
        config.language = SummaryLanguage(rawValue: c[.summarizerLanguage]) ?? .matchTranscript
        config.maxPendingLLMCallsPerClient = c[.limitsLlmPendingPerClient]
        if c[.llmGrounding] {
            var grounding = GroundingOptions()
            grounding.minKnownShare = c[.llmGroundingMinKnownShare]
            grounding.minCatalogTerms = c[.llmGroundingMinCatalogTerms]
            grounding.minHeardTerms = c[.llmGroundingMinHeardTerms]
            grounding.maxCopyShare = c[.llmGroundingMaxCopyShare]
            grounding.maxPromptShare = c[.llmGroundingMaxPromptShare]
            grounding.minProductAgreement = c[.llmGroundingMinProductAgreement]
            grounding.minProductCoverage = c[.llmGroundingMinProductCoverage]
            config.grounding = grounding
        } else {
            config.grounding = nil
        }
        config.promptCandidates = c[.llmPromptCandidates]
        config.combination = SummaryCombination(rawValue: c[.llmCombine]) ?? .llm
        let deadline = c[.llmDeadlineS]
        config.deadline = deadline > 0 ? deadline : nil
        return config
    }
}
