import Synchronization

/// Summarizes a transcript with the LLM behind a circuit breaker; long transcripts go map-reduce.
///
/// A transcript longer than `windowWords` is cut into windows (map: one call per window, run concurrently up to
/// the client's cap), and the per-window lines are merged by one more call (reduce). The breaker sees one outcome
/// per summary, not per HTTP attempt, so retries inside one summary do not open it early.
public final class LLMSummarizer: Sendable {
    /// The wire client.
    public let client: ChatCompletionClient
    /// Output language mode.
    public let language: SummaryLanguage
    /// Word budget stated in the prompt.
    public let promptMaxWords: Int
    private let breaker: Mutex<CircuitBreaker>
    private let hooks: LLMHooks

    /// Creates the summarizer; the breaker's threshold and cool-down come from `client.config`.
    public init(client: ChatCompletionClient, language: SummaryLanguage, promptMaxWords: Int, hooks: LLMHooks = .live) {
        self.client = client
        self.language = language
        self.promptMaxWords = promptMaxWords
        self.hooks = hooks
        breaker = Mutex(CircuitBreaker(threshold: client.config.breakerThreshold, cooldown: client.config.breakerCooldown))
    }

    /// The breaker's current state (for health output and tests).
    public var breakerState: CircuitBreaker.State { breaker.withLock { $0.state } }

    /// One line about the product sold in `transcript`; throws `.circuitOpen` at once while the breaker is open.
    public func summarize(_ transcript: String) async throws(LLMError) -> String {
        let now = hooks.now()
        guard breaker.withLock({ $0.allowsCall(now: now) }) else { throw .circuitOpen }
        do {
            let line = try await mapReduce(transcript)
            breaker.withLock { $0.recordSuccess() }
            return line
        } catch {
            let failedAt = hooks.now()
            breaker.withLock { $0.recordFailure(now: failedAt) }
            throw error
        }
    }

    private func mapReduce(_ transcript: String) async throws(LLMError) -> String {
        let windows = TranscriptWindows.split(transcript, maxWords: client.config.windowWords)
        if windows.count <= 1 {
            return try await client.complete(SummaryPrompt.messages(transcript: transcript, language: language,
                                                                    maxWords: promptMaxWords))
        }
        let partials = try await mapWindows(windows)
        return try await client.complete(SummaryPrompt.reduceMessages(partials: partials, language: language,
                                                                      maxWords: promptMaxWords))
    }

    private func mapWindows(_ windows: [String]) async throws(LLMError) -> [String] {
        let client = self.client, language = self.language, maxWords = promptMaxWords
        let results = await withTaskGroup(of: (Int, Result<String, LLMError>).self) { group in
            for (index, window) in windows.enumerated() {
                group.addTask {
                    do throws(LLMError) {
                        let messages = SummaryPrompt.messages(transcript: window, language: language, maxWords: maxWords)
                        return (index, .success(try await client.complete(messages)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var collected = [Result<String, LLMError>?](repeating: nil, count: windows.count)
            for await (index, result) in group { collected[index] = result }
            return collected.compactMap { $0 }
        }
        // One failed window fails the summary: a partial map could miss the very window naming the product.
        return try results.map { result throws(LLMError) in try result.get() }
    }
}
