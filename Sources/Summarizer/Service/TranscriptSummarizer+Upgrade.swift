import Retrieval

/// What a background summary upgrade of one stored transcript came to (`TranscriptSummarizer.upgrade`).
public enum SummaryUpgradeOutcome: Sendable, Equatable {
    /// The LLM's line passed the grounding checks: store it (source `llm`).
    case upgraded(Summary)
    /// The LLM answered with a line the grounding checks reject: keep the extractive summary, do not ask again.
    case rejected(GroundingRejection)
    /// The LLM could not answer now (`reason`: `circuit_open` or `busy`, no call made; `llm_error`, a failed
    /// call): try again later.
    case unavailable(reason: String)
    /// The LLM will never summarize this transcript (none configured, or too long for it): drop the upgrade.
    case impossible(reason: String)
}

extension TranscriptSummarizer {
    /// Asks the LLM, without a deadline, for the summary of a stored `transcript` that got the extractive one:
    /// the cache first (a call that ran past an upsert's deadline filled it), then one LLM call, shared with any
    /// call already in flight for the same transcript. Refused at once while the breaker is open, so upgrades
    /// pause with it. The line is judged by the grounding checks against the catalog as it is now.
    public func upgrade(_ transcript: String) async -> SummaryUpgradeOutcome {
        guard let llm, let llmConfig = config.llm else { return .impossible(reason: "no_llm") }
        let key = cacheKey(llmConfig, transcript)
        if let hit = try? await cachedLine(for: key) { return judgeUpgrade(hit, transcript, model: llmConfig.model) }
        guard let task = pending.task(for: key, make: { await self.llmOutcome(llm, llmConfig, transcript, key) }) else {
            return .unavailable(reason: "busy")
        }
        switch await task.value {
        case .line(let line): return judgeUpgrade(line, transcript, model: llmConfig.model)
        case .rejected(let reason):
            metrics.rejected(reason)
            return .rejected(reason)
        case .failed(let reason):
            return Self.retryable(reason) ? .unavailable(reason: reason) : .impossible(reason: reason)
        }
    }

    private func judgeUpgrade(_ line: String, _ transcript: String, model: String) -> SummaryUpgradeOutcome {
        if let grounding, let reason = judge(grounding, line, transcript, origin: .stored) {
            metrics.rejected(reason)
            return .rejected(reason)
        }
        metrics.accepted.increment()
        let summary = Summary(text: Self.truncate(line, words: config.defaultMaxWords), source: .llm, model: model)
        // The stored transcript was counted in the host-speech background when it was first summarized.
        return .upgraded(combined(summary, transcript: transcript, words: config.defaultMaxWords, origin: .stored,
                                  learn: false))
    }
}
