import HNSW
import Logging
import Retrieval
import Storage
import Summarizer

/// Upgrades stored appearances that got the extractive summary because the LLM was slow, busy or down: one at a
/// time (`step`), the summarizer asks the LLM again without a deadline; a line that passes the grounding checks
/// is re-encoded (with the stored visual branch) and stored with its vector, FTS row and the cleared queue entry
/// in one transaction, then applied to the graph in commit order like any write. A rejected line is dropped (the
/// extractive summary stays); a failed call is retried later, up to `maxAttempts`; while the breaker is open the
/// summarizer refuses without a call and nothing is counted against the appearance.
struct SummaryUpgrader: Sendable {
    let store: SQLiteCatalogStore
    let summarizer: TranscriptSummarizer
    let reencode: RetrievalStack.Reencode
    let graph: HNSWIndex
    let maxAttempts: Int
    let status: SummaryUpgradeStatus
    let logger: Logger

    /// The upgrader of `stack`, or nil when upgrades cannot run: no LLM configured, or no way to re-encode.
    static func make(_ stack: RetrievalStack, options: RuntimeOptions, status: SummaryUpgradeStatus,
                     logger: Logger) -> SummaryUpgrader? {
        guard options.summaryUpgradesPerSecond > 0, let summarizer = stack.summarizer as? TranscriptSummarizer,
              summarizer.llm != nil, let reencode = stack.reencode else { return nil }
        status.enable()
        stack.store.summaryUpgradeEvents.onQueued { [status] count in status.queued(count) }
        return SummaryUpgrader(store: stack.store, summarizer: summarizer, reencode: reencode, graph: stack.graph,
                               maxAttempts: max(1, options.summaryUpgradeMaxAttempts), status: status, logger: logger)
    }

    /// Tries the next pending upgrade once and records what came of it.
    @discardableResult
    func step() async -> SummaryUpgradeStatus.Step {
        let step: SummaryUpgradeStatus.Step
        do {
            step = try await attempt()
        } catch {
            logger.warning("summary upgrade failed", metadata: ["error": "\(error)"])
            step = .failed
        }
        status.record(step, pending: try? await store.pendingSummaryUpgradeCount())
        return step
    }

    private func attempt() async throws -> SummaryUpgradeStatus.Step {
        guard let next = try await store.nextSummaryUpgrades(limit: 1).first else { return .idle }
        switch await summarizer.upgrade(next.transcript) {
        case .upgraded(let summary):
            guard let vector = try await reencode([(text: summary.text, visual: next.visual)]).first else { return .failed }
            let applied = try await store.applySummaryUpgrade(key: next.key, transcript: next.transcript, summary: summary,
                                                              vector: vector) { [graph] key, vector in
                graph.insert(key: key, vector: vector)
            }
            return applied ? .upgraded : .stale
        case .rejected(let reason):
            logger.debug("LLM line for a stored appearance rejected; extractive summary kept",
                         metadata: ["key": "\(next.key)", "reason": "\(reason)"])
            try await store.failSummaryUpgrade(key: next.key, drop: true)
            return .rejected
        case .impossible(let reason):
            logger.debug("summary upgrade dropped", metadata: ["key": "\(next.key)", "reason": "\(reason)"])
            try await store.failSummaryUpgrade(key: next.key, drop: true)
            return .abandoned
        case .unavailable(let reason) where reason == "llm_error":
            let giveUp = next.attempts + 1 >= maxAttempts
            try await store.failSummaryUpgrade(key: next.key, drop: giveUp)
            if giveUp {
                logger.notice("summary upgrade given up after failed LLM calls",
                              metadata: ["key": "\(next.key)", "attempts": "\(next.attempts + 1)"])
            }
            return giveUp ? .abandoned : .failed
        case .unavailable:
            return .paused  // the breaker is open or every LLM slot is taken: nothing was asked
        }
    }
}
