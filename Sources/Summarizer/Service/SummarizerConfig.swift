/// Settings of the summarizer service. The app builds it from its config plus `LLMConfig.fromEnvironment`.
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

    /// Creates a configuration; `llm: nil` means no LLM.
    public init(llm: LLMConfig? = nil) { self.llm = llm }
}
