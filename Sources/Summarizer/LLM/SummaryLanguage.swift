/// Which language the LLM writes the summary in.
public enum SummaryLanguage: String, Sendable, Equatable, CaseIterable {
    /// The transcript's own language (a Chinese transcript gives a Chinese line).
    case matchTranscript = "match"
    /// Always English (useful when the catalog is English but some streams are Chinese).
    case english = "en"
}
