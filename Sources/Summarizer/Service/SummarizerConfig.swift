/// Settings of the summarizer service. The app builds it from its configuration (`llm.*`, `summarizer.*`).
public struct SummarizerConfig: Sendable {
    /// The LLM, or `nil` for extractive-only operation.
    public var llm: LLMConfig?
    /// Language of LLM summaries.
    public var language: SummaryLanguage = .matchTranscript
    /// Word budget when a request gives none (and the budget stated in the LLM prompt).
    public var defaultMaxWords: Int = 32
    /// Largest transcript accepted, in UTF-8 bytes; larger ones are rejected (`/summarize` answers 413).
    public var maxTranscriptBytes: Int = 64 * 1024
    /// Extractive tunables.
    public var extractive = ExtractiveSummarizer.Options()
    /// Learn host-speech background terms online from the transcripts summarized (`TranscriptBackground`);
    /// `nil` turns it off.
    public var background: TranscriptBackground.Options? = TranscriptBackground.Options()
    /// Longest a caller waits for the LLM, in seconds; past it the caller gets the extractive summary while the LLM
    /// call runs on and fills the cache. `nil` waits for the LLM's own timeouts and retries (up to
    /// `totalTimeout x (maxRetries + 1)` plus backoff).
    public var deadline: Double? = nil
    /// With a deadline: most distinct transcripts whose LLM call may run at once (waited on or not). Beyond it a
    /// new transcript gets the extractive summary at once, so a hanging LLM cannot pile up unbounded work.
    public var maxPendingLLMSummaries: Int = 64
    /// Most LLM calls one client (`RequestContext.client`: its API key, else its IP) may have pending at once,
    /// deadline or not; beyond it the client's summary is the extractive one (`/summarize` answers 429). A client
    /// with none pending may always start one summary. 0 turns the quota off; work outside a request (summary
    /// upgrades) is not counted.
    public var maxPendingLLMCallsPerClient: Int = 8

    /// The checks an LLM line must pass to be used (else the extractive summary answers); `nil` trusts every line.
    public var grounding: GroundingOptions? = GroundingOptions()
    /// Put the extractive summary's catalog terms into the LLM prompt as candidates, so the model picks and repairs
    /// real product words instead of inventing them (a prompt variant of its own in the summary cache key).
    public var promptCandidates: Bool = false
    /// What an accepted LLM line becomes: the line alone, or the line followed by the extractive summary's words
    /// it lacks (`SummaryCombination`).
    public var combination: SummaryCombination = .llm

    /// Creates a configuration; `llm: nil` means no LLM.
    public init(llm: LLMConfig? = nil) { self.llm = llm }
}

/// The text an accepted LLM line gives to encoding and BM25 (`llm.combine`).
public enum SummaryCombination: String, Sendable, Equatable, CaseIterable {
    /// The LLM line alone.
    case llm
    /// The LLM line, then the extractive summary's words the line does not hold (in their order): a model that
    /// names the product well adds its repairs, and one that leaves facts out loses none of the extractive ones.
    case both
}
