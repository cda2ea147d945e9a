/// Product-specific text distilled from a transcript, and where it came from.
public struct Summary: Sendable, Equatable, Hashable {
    /// The summary text.
    public var text: String
    /// Who produced it.
    public var source: SummarySource
    /// The LLM model name, when an LLM produced it.
    public var model: String?
    /// An extractive summary given because the LLM was slow, busy, down or its breaker open: an LLM summary may
    /// still come, so a stored appearance holding it is queued for a background upgrade. False for an LLM line,
    /// for no LLM configured, a rejected line or a transcript too long for the LLM.
    public var upgradable: Bool

    /// Creates a summary.
    public init(text: String, source: SummarySource, model: String? = nil, upgradable: Bool = false) {
        self.text = text
        self.source = source
        self.model = model
        self.upgradable = upgradable
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
