import Logging
import Retrieval

/// The summarizer service: cache → LLM (when configured and its breaker is closed) → extractive fallback.
///
/// The service behind Retrieval's `TranscriptSummarizing` port (the conformance is declared in App/Adapters). Never fails for a usable transcript: every LLM problem ends
/// in the extractive summary, reported as `source: extractive`. Only LLM summaries are cached (the extractive one is
/// cheap and follows the vocabulary as the catalog changes). No blocking work runs on the caller's executor: curl
/// runs on the HTTP client's worker queues and the cache adapter does its own I/O off the pool.
public final class TranscriptSummarizer: Sendable {
    /// The configuration in use.
    public let config: SummarizerConfig
    /// The catalog vocabulary, fed through `catalogDidAdd` / `catalogDidRemove`.
    public let vocabulary: ProductVocabulary
    /// The LLM path, `nil` when no base URL is configured.
    public let llm: LLMSummarizer?
    private let cache: (any SummaryCache)?
    let extractive: ExtractiveSummarizer
    let background: TranscriptBackground?
    let metrics: SummarizerMetrics
    private let logger: Logger
    /// LLM summaries running now, by cache key (used with a deadline).
    let pending: PendingSummaries
    /// LLM calls pending per client.
    let quota: ClientLLMQuota
    /// The checks an LLM line must pass, `nil` when `config.grounding` is off.
    let grounding: GroundingCheck?

    /// Creates the service. `hooks` replace the clock/sleep/random for tests.
    public init(config: SummarizerConfig, vocabulary: ProductVocabulary = ProductVocabulary(),
                cache: (any SummaryCache)? = nil, logger: Logger, metrics: SummarizerMetrics = SummarizerMetrics(),
                hooks: LLMHooks = .live) {
        self.config = config
        self.vocabulary = vocabulary
        self.cache = cache
        self.extractive = ExtractiveSummarizer(options: config.extractive)
        self.background = config.background.map { TranscriptBackground(options: $0) }
        self.metrics = metrics
        self.logger = logger
        self.pending = PendingSummaries(limit: config.maxPendingLLMSummaries)
        self.quota = ClientLLMQuota(limit: config.maxPendingLLMCallsPerClient)
        // Judged against the prompt the LLM is actually sent: its instructions and the examples it quotes.
        let completionAPI = config.llm?.api == .completion
        self.grounding = config.grounding.map { options in
            // Salience for the product-agreement check is what the extractive summarizer in use scores.
            var options = options
            options.salienceMinIDF = config.extractive.minIDF
            options.salienceBrandBoost = config.extractive.brandBoost
            options.salienceModelBoost = config.extractive.modelBoost
            return completionAPI
                ? GroundingCheck(options: options, promptTexts: CompletionPrompt.instructionTexts(),
                                 promptExamples: CompletionPrompt.examples)
                : GroundingCheck(options: options, promptTexts: SummaryPrompt.instructionTexts(maxWords: config.defaultMaxWords),
                                 promptExamples: SummaryPrompt.examples)
        }
        if let llmConfig = config.llm {
            let client = ChatCompletionClient(config: llmConfig, hooks: hooks, metrics: metrics)
            llm = LLMSummarizer(client: client, language: config.language, promptMaxWords: config.defaultMaxWords, hooks: hooks)
            logger.info("LLM summarizer configured", metadata: [
                "base_url": "\(llmConfig.baseURL)", "model": "\(llmConfig.model)",
                "api_key": "\(llmConfig.apiKey == nil ? "unset" : "set")", "api": "\(llmConfig.api.rawValue)",
                "prompt": "\(llmConfig.api == .chat ? SummaryPrompt.version : CompletionPrompt.version)",
            ])
        } else {
            llm = nil
            logger.info("no LLM configured (AMPERE_LLM_BASE_URL unset): extractive summaries only")
        }
    }

    /// Counts a stored product's page text in the vocabulary (called by the catalog service after commit).
    public func catalogDidAdd(productText: String) { vocabulary.add(ProductText(pageText: productText)) }

    /// Counts a whole catalog's page texts on `lanes` threads (`ProductVocabulary.add(contentsOf:lanes:)`).
    public func catalogDidLoad(productTexts: [String], lanes: Int) {
        vocabulary.add(contentsOf: productTexts.map(ProductText.init(pageText:)), lanes: lanes)
    }

    /// Un-counts a replaced or deleted product's page text.
    public func catalogDidRemove(productText: String) { vocabulary.remove(ProductText(pageText: productText)) }

    /// Summarizes a query's `transcript` in at most `maxWords` words (default `config.defaultMaxWords`). Queries
    /// are counted apart in the host-speech background and never shape stored summaries (`TranscriptBackground`).
    public func summarize(_ transcript: String, maxWords: Int?) async throws -> Summary {
        try await summarize(transcript, maxWords: maxWords, origin: .query)
    }

    /// Summarizes a transcript being stored (the write path).
    public func summarizeForStorage(_ transcript: String) async throws -> Summary {
        try await summarize(transcript, maxWords: nil, origin: .stored)
    }

    private func summarize(_ transcript: String, maxWords: Int?, origin: TranscriptBackground.Origin) async throws -> Summary {
        let words = maxWords ?? config.defaultMaxWords
        // Retrieval's errors, so that every caller (HTTP routes, catalog writes) answers them with the right status.
        guard words >= 1 else { throw RetrievalError.invalid(message: SummarizerError.invalidMaxWords.description) }
        guard transcript.utf8.count <= config.maxTranscriptBytes else {
            throw RetrievalError.tooLarge(message: SummarizerError.transcriptTooLarge(limit: config.maxTranscriptBytes).description)
        }
        guard transcript.contains(where: { $0.isLetter || $0.isNumber }) else {
            throw RetrievalError.invalid(message: SummarizerError.emptyTranscript.description)
        }

        var upgradable = false
        if let llm, let llmConfig = config.llm {
            if let summary = await viaLLM(llm, llmConfig, transcript, words, origin: origin, upgradable: &upgradable) {
                return combined(summary, transcript: transcript, words: words, origin: origin)
            }
        } else {
            metrics.fallback("no_llm")
        }
        var text = extractive.summarize(transcript, vocabulary: vocabulary.snapshot(), maxWords: words,
                                        background: background, origin: origin)
        if text.isEmpty {
            // Nothing in the transcript is known to the catalog (or the catalog is still tiny): an empty summary
            // would leave nothing to encode or match, so keep the transcript's own non-filler words instead.
            text = TextTokenizer.words(transcript).filter { !NoiseLexicon.english.contains($0) }.prefix(words)
                .joined(separator: " ")
        }
        metrics.summary(.extractive)
        return Summary(text: text, source: .extractive, upgradable: upgradable)
    }

    /// The LLM's summary, or nil for the extractive one; `upgradable` is set when the LLM may still answer later
    /// (slow, busy, failing or its breaker open), not when it answered badly or cannot take the transcript.
    private func viaLLM(_ llm: LLMSummarizer, _ llmConfig: LLMConfig, _ transcript: String, _ words: Int,
                        origin: TranscriptBackground.Origin, upgradable: inout Bool) async -> Summary? {
        let key = cacheKey(llmConfig, transcript)
        if let cache {
            do {
                if let hit = try await cache.cachedSummary(for: key) {
                    metrics.cacheHits.increment()
                    // Judged again on every use: the catalog (and so the vocabulary) may have changed since.
                    guard accepts(hit.text, transcript, origin: origin) else { return nil }
                    metrics.summary(.cache)
                    return Summary(text: Self.truncate(hit.text, words: words), source: .cache, model: hit.model)
                }
                metrics.cacheMisses.increment()
            } catch {
                logger.warning("summary cache read failed", metadata: ["error": "\(error)"])
            }
        }
        // The client's share of the LLM's line: its calls are reserved before the first one and given back when
        // the summary ends (in the task, which may outlive a caller past its deadline). A transcript already in
        // flight is shared at no cost.
        let context = RequestContext.current
        var reserved = 0
        if let context, quota.limit > 0, !pending.isRunning(key) {
            let calls = llm.plannedCalls(transcript)
            if calls > 0 {
                guard quota.reserve(context.client, calls: calls) else {
                    context.noteLLMQuotaExceeded()
                    metrics.fallback("client_quota")
                    upgradable = true
                    return nil
                }
                reserved = calls
            }
        }
        let client = context?.client ?? "", held = reserved
        let outcome: LLMOutcome
        if let deadline = config.deadline {
            var started = false
            let task = pending.task(for: key, started: &started, make: { [quota] in
                defer { quota.release(client, calls: held) }
                return await self.llmOutcome(llm, llmConfig, transcript, key)
            })
            if !started { quota.release(client, calls: held) }  // shared a running task, or none was made
            guard let task else {
                metrics.fallback("busy")
                upgradable = true
                return nil
            }
            guard let finished = await PendingSummaries.value(of: task, within: deadline) else {
                metrics.fallback("deadline")
                upgradable = true
                logger.debug("LLM summary past the deadline; extractive answer, the LLM result will fill the cache",
                              metadata: ["deadline_s": "\(deadline)"])
                return nil
            }
            outcome = finished
        } else {
            defer { quota.release(client, calls: held) }
            outcome = await llmOutcome(llm, llmConfig, transcript, key)
        }
        switch outcome {
        case .line(let line):
            guard accepts(line, transcript, origin: origin) else { return nil }
            metrics.summary(.llm)
            return Summary(text: Self.truncate(line, words: words), source: .llm, model: llmConfig.model)
        case .failed(let reason):
            metrics.fallback(reason)
            upgradable = Self.retryable(reason)
            return nil
        case .rejected(let reason):
            metrics.rejected(reason)
            metrics.fallback("rejected")
            return nil
        }
    }

    /// Whether an LLM line passes the grounding checks; a rejection is counted and logged (not the line itself,
    /// which may echo the transcript).
    private func accepts(_ line: String, _ transcript: String, origin: TranscriptBackground.Origin) -> Bool {
        guard let grounding else { return true }
        if let reason = judge(grounding, line, transcript, origin: origin) {
            metrics.rejected(reason)
            metrics.fallback("rejected")
            logger.debug("LLM line rejected; extractive summary", metadata: ["reason": "\(reason)"])
            return false
        }
        metrics.accepted.increment()
        return true
    }

    /// `grounding`'s verdict on `line`, against the catalog as it is now and, for the product-agreement check, the
    /// transcript's extractive summary (as `origin` would get it, without counting the transcript in the
    /// host-speech background: that happens once, when the summary is made).
    func judge(_ grounding: GroundingCheck, _ line: String, _ transcript: String,
               origin: TranscriptBackground.Origin) -> GroundingRejection? {
        let snapshot = vocabulary.snapshot()
        let reference = grounding.options.minProductAgreement > 0 || grounding.options.minProductCoverage > 0
            ? extractive.summarize(transcript, vocabulary: snapshot, maxWords: config.defaultMaxWords,
                                   background: background, origin: origin, learn: false)
            : nil
        return grounding.judge(line, transcript: transcript, vocabulary: snapshot, extractive: reference)
    }

    /// The cached LLM line for `key`, or nil (a failed read is a miss).
    func cachedLine(for key: SummaryCacheKey) async throws -> String? {
        guard let cache else { return nil }
        return try await cache.cachedSummary(for: key)?.text
    }

    /// Whether a failed LLM summary may succeed later (the LLM was down or refused by the breaker); a transcript
    /// too long for it never will.
    static func retryable(_ reason: String) -> Bool { reason == "circuit_open" || reason == "llm_error" }

    /// What one LLM summary ended in: a first line (still to be judged), nothing usable, or the fallback reason.
    enum LLMOutcome: Sendable {
        case line(String)
        case rejected(GroundingRejection)
        case failed(reason: String)
    }

    /// Runs the LLM for `transcript` and caches its non-empty first line (also when its caller stopped waiting). The
    /// line is cached before it is judged, so a model that answers badly is not asked again for the same transcript;
    /// the check runs on every use of it.
    func llmOutcome(_ llm: LLMSummarizer, _ llmConfig: LLMConfig, _ transcript: String,
                    _ key: SummaryCacheKey) async -> LLMOutcome {
        do {
            let line = Self.firstLine(try await llm.summarize(transcript, candidates: promptCandidates(transcript)))
            guard !line.isEmpty else { return .rejected(.empty) }  // only quotes or markers: useless
            if let cache {
                do { try await cache.store(CachedSummary(text: line, model: llmConfig.model), for: key) } catch {
                    logger.warning("summary cache write failed", metadata: ["error": "\(error)"])
                }
            }
            return .line(line)
        } catch {
            if error == .circuitOpen { return .failed(reason: "circuit_open") }
            if error == .emptyCompletion { return .rejected(.empty) }
            if case .tooManyWindows = error {
                logger.debug("transcript too long for the LLM; extractive summary", metadata: ["error": "\(error)"])
                return .failed(reason: "too_long")
            }
            logger.warning("LLM summary failed; using extractive fallback", metadata: ["error": "\(error)"])
            return .failed(reason: "llm_error")
        }
    }

    /// The first non-empty line, without list markers or surrounding quotes models like to add.
    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.first { !$0.isEmpty } ?? ""
        return line.trimmingCharacters(in: "\"'`*-• ").trimmingSpaces
    }

    /// At most `words` whitespace-separated words.
    static func truncate(_ text: String, words: Int) -> String {
        let parts = text.split(whereSeparator: \.isWhitespace)
        return parts.count <= words ? text : parts.prefix(words).joined(separator: " ")
    }
}

extension Substring {
    var trimmingSpaces: String { String(self).trimmingSpaces }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
