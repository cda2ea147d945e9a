/// Product-specific text distilled from a transcript, and where it came from.
public struct Summary: Sendable, Equatable, Hashable {
    /// The summary text.
    public var text: String
    /// Who produced it.
    public var source: SummarySource
    /// The LLM model name, when an LLM produced it.
    public var model: String?

    /// Creates a summary.
    public init(text: String, source: SummarySource, model: String? = nil) {
        self.text = text
        self.source = source
        self.model = model
    }
}

/// Where a summary came from (`source` in the API).
public enum SummarySource: String, Sendable, Hashable, CaseIterable {
    /// The LLM answered just now.
    case llm
    /// The extractive de-noiser (no LLM configured, or it failed).
    case extractive
    /// A stored summary of the same transcript, model and prompt version.
    case cache
}
