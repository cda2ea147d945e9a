/// Mirror of `SummarizeResponse`: the `POST /summarize` answer.
package struct SummarizeAnswer: Decodable, Sendable, Equatable {
    /// The summary text.
    package var summary: String
    /// `llm`, `cache` or `extractive`.
    package var source: String
    /// The LLM model, when an LLM wrote it.
    package var model: String?

    /// An answer, to compare a decoded one with.
    package init(summary: String, source: String, model: String? = nil) {
        self.summary = summary; self.source = source; self.model = model
    }
}
