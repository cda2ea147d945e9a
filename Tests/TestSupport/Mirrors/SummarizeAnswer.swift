/// Mirror of `SummarizeResponse`: the `POST /summarize` answer, a `SummaryAnswer` whose text is under `summary`.
package struct SummarizeAnswer: Decodable, Sendable, Equatable {
    package var summary: String, source: String, model: String?

    /// An answer, to compare a decoded one with.
    package init(summary: String, source: String, model: String? = nil) {
        self.summary = summary; self.source = source; self.model = model
    }
}
