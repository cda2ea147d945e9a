/// The port to the summarizer: a raw ASR transcript in, product-specific text out.
public protocol TranscriptSummarizing: Sendable {
    /// Summarizes `transcript` (cache, then LLM, then the extractive fallback); never fails for a non-empty input.
    func summarize(_ transcript: String, maxWords: Int?) async throws -> Summary
    /// Summarizes a transcript that is being stored (the write path); the summarizer may learn from it, which it
    /// never does from queries.
    func summarizeForStorage(_ transcript: String) async throws -> Summary
    /// Tells the summarizer's catalog vocabulary that a product's text was stored.
    func catalogDidAdd(productText: String)
    /// Tells the summarizer's catalog vocabulary that a product's text was removed.
    func catalogDidRemove(productText: String)
    /// Tells the vocabulary about every product text of a catalog being loaded (at start-up), at once, using up
    /// to `lanes` threads; the same counts as `catalogDidAdd` on each.
    func catalogDidLoad(productTexts: [String], lanes: Int)
}

extension TranscriptSummarizing {
    /// One `catalogDidAdd` per text.
    public func catalogDidLoad(productTexts: [String], lanes: Int) {
        for text in productTexts { catalogDidAdd(productText: text) }
    }

    /// A summarizer that learns nothing summarizes stored transcripts like any other.
    public func summarizeForStorage(_ transcript: String) async throws -> Summary {
        try await summarize(transcript, maxWords: nil)
    }
}
