/// The summarizer port: services summarize ASR before encoding without knowing how it is done.
public protocol TranscriptSummarizing: Sendable {
    /// Summarizes `transcript`; `maxWords` caps the length of the result when given.
    /// Never fails for a usable transcript: implementations fall back to an extractive summary.
    func summarize(_ transcript: String, maxWords: Int?) async throws -> Summary
}
