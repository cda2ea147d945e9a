/// Product-specific text recovered from a noisy ASR transcript, ready for the text encoder.
public struct Summary: Sendable, Equatable, Codable {
    /// One short line of product facts (brand, type, model, key attributes).
    public var text: String
    /// Who produced `text` for this request.
    public var source: SummarySource
    /// The LLM model that wrote the text (`nil` for the extractive summarizer).
    public var model: String?

    /// Creates a summary value.
    public init(text: String, source: SummarySource, model: String? = nil) {
        self.text = text
        self.source = source
        self.model = model
    }
}
