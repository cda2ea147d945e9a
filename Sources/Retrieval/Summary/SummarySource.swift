/// Where a summary came from; the raw values are the API contract's `source` strings.
public enum SummarySource: String, Sendable, Codable, CaseIterable {
    /// Written by the configured LLM for this request.
    case llm
    /// Produced by the embedded extractive de-noiser (no LLM configured, breaker open, or LLM failed).
    case extractive
    /// Read from the summaries cache (originally written by the LLM).
    case cache
}
