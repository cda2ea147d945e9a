/// Mirror of `Summary` (openapi.yaml): a transcript summary inside product, search and embed answers.
package struct SummaryAnswer: Decodable, Sendable, Equatable {
    /// Product words from the transcript (may be empty for the extractive summarizer on a tiny catalog).
    package var text: String
    /// `llm`, `cache` or `extractive`.
    package var source: String
    /// The LLM model, when an LLM wrote it.
    package var model: String?

    /// A summary, to compare an answer's with.
    package init(text: String, source: String, model: String? = nil) {
        self.text = text; self.source = source; self.model = model
    }
}
