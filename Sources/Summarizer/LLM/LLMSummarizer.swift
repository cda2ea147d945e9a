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

    /// Completion tokens asked for per call, from the prompt's word budget.
    private var tokenBudget: Int { SummaryPrompt.tokenBudget(maxWords: promptMaxWords) }

    /// The breaker's current state (for health output and tests).
    public var breakerState: CircuitBreaker.State { breaker.withLock { $0.state } }

    /// The LLM calls a summary of `transcript` takes: one, or one per window plus the reduce (none past `maxWindows`).
    public func plannedCalls(_ transcript: String) -> Int {
        let windows = TranscriptWindows.split(transcript, maxWords: client.config.windowWords).count
        if windows > max(1, client.config.maxWindows) { return 0 }
        return windows <= 1 ? 1 : windows + 1
    }

    /// One line about the product sold in `transcript`; throws `.circuitOpen` at once while the breaker is open,
    /// and `.tooManyWindows` (before any call, without touching the breaker) for a transcript over `maxWindows`.
    /// `candidates`, when given, are catalog terms heard in the transcript, quoted in every call's prompt.
    public func summarize(_ transcript: String, candidates: String? = nil) async throws(LLMError) -> String {
        let windows = TranscriptWindows.split(transcript, maxWords: client.config.windowWords)
        let limit = max(1, client.config.maxWindows)
        guard windows.count <= limit else { throw .tooManyWindows(count: windows.count, limit: limit) }
        let now = hooks.now()
        guard breaker.withLock({ $0.allowsCall(now: now) }) else { throw .circuitOpen }
        do {
            let line = try await mapReduce(transcript, windows: windows, candidates: candidates)
            breaker.withLock { $0.recordSuccess() }
            return line
        } catch {
            let failedAt = hooks.now()
            breaker.withLock { $0.recordFailure(now: failedAt) }
            throw error
        }
    }

    private func mapReduce(_ transcript: String, windows: [String], candidates: String?) async throws(LLMError) -> String {
        if windows.count <= 1 { return try await ask(transcript, candidates: candidates) }
        let partials = try await mapWindows(windows, candidates: candidates)
        try checkBreaker()
        switch client.config.api {
        case .chat:
            return try await client.complete(SummaryPrompt.reduceMessages(partials: partials, language: language,
                                                                          maxWords: promptMaxWords), maxTokens: tokenBudget)
        case .completion:
            return try await client.complete(prompt: CompletionPrompt.reducePrompt(partials: partials, language: language),
                                             maxTokens: tokenBudget)
        }
    }

    /// One call summarizing `text` (a whole transcript or one window), in the configured API's prompt style.
    private func ask(_ text: String, candidates: String?) async throws(LLMError) -> String {
        switch client.config.api {
        case .chat:
            return try await client.complete(SummaryPrompt.messages(transcript: text, language: language,
                                                                    maxWords: promptMaxWords, candidates: candidates),
                                             maxTokens: tokenBudget)
        case .completion:
            return try await client.complete(prompt: CompletionPrompt.prompt(transcript: text, language: language,
                                                                             candidates: candidates),
                                             maxTokens: tokenBudget)
        }
    }

    /// Refuses a follow-up call of a summary already under way once the breaker has opened meanwhile (other
    /// summaries failed): the remaining windows would most likely fail too, and each holds a client slot.
    private func checkBreaker() throws(LLMError) {
        let now = hooks.now()
        guard breaker.withLock({ $0.permitsFollowUp(now: now) }) else { throw .circuitOpen }
    }

    /// One map call: the window's line, or why there is none. Never throws, so the task group's children return
    /// plain values (see `mapWindows`).
    private func summarizeWindow(_ window: String, candidates: String?) async -> Result<String, LLMError> {
        do {
            try checkBreaker()
            return .success(try await ask(window, candidates: candidates))
        } catch {
            return .failure(error)
        }
    }

    /// The map step: at most `maxConcurrentCalls` windows in flight, the next one started as one finishes; the
    /// first failure cancels the windows still running and fails the summary (a partial map could miss the very
    /// window naming the product).
    ///
    /// Each child returns its window's index with a `Result` and captures nothing mutable; the parent collects
    /// (index, line) pairs and places them only after the group is drained. The earlier shape (a `do throws(LLMError)`
    /// inside the child closure, assigning `collected[index]` inside `for await`) trapped out of bounds in -O builds:
    /// the index the parent read was not the one the child returned.
    private func mapWindows(_ windows: [String], candidates: String?) async throws(LLMError) -> [String] {
        let width = min(windows.count, max(1, client.config.maxConcurrentCalls))
        let outcome: Result<[(Int, String)], LLMError> = await withTaskGroup(of: WindowOutcome.self) { group in
            var nextWindow = 0
            while nextWindow < width {
                let index = nextWindow, window = windows[index]
                group.addTask {
                    WindowOutcome(index: index, result: await self.summarizeWindow(window, candidates: candidates))
                }
                nextWindow += 1
            }
            var lines: [(Int, String)] = []
            lines.reserveCapacity(windows.count)
            while let finished = await group.next() {
                switch finished.result {
                case .success(let line):
                    lines.append((finished.index, line))
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error)
                }
                if nextWindow < windows.count {
                    let index = nextWindow, window = windows[index]
                    group.addTask {
                        WindowOutcome(index: index, result: await self.summarizeWindow(window, candidates: candidates))
                    }
                    nextWindow += 1
                }
            }
            return .success(lines)
        }
        let pairs = try outcome.get()
        var ordered = [String?](repeating: nil, count: windows.count)
        for (index, line) in pairs {
            // A bad index is an internal error, never a trap that takes the whole service down.
            guard ordered.indices.contains(index), ordered[index] == nil else {
                throw .malformedResponse("map step returned window \(index) of \(windows.count)")
            }
            ordered[index] = line
        }
        let lines = ordered.compactMap { $0 }
        guard lines.count == windows.count else { throw .malformedResponse("map step lost a window") }
        return lines
    }
}

/// What one map child hands back to the parent: which window, and its line or error.
private struct WindowOutcome: Sendable {
    let index: Int
    let result: Result<String, LLMError>
}
