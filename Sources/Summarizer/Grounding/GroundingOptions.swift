/// Thresholds of the checks an LLM line must pass before it is used (`llm.grounding_*` in the configuration).
public struct GroundingOptions: Sendable, Equatable {
    /// Least share of the line's content words (non-filler) found in the transcript or the catalog vocabulary.
    public var minKnownShare: Double = 0.6
    /// Fewest content words of the line heard in the transcript itself (a line made only of other catalog products'
    /// words is about another product).
    public var minHeardTerms: Int = 1
    /// Fewest content words of the line that are catalog terms.
    public var minCatalogTerms: Int = 1
    /// A line of at least `copyMinWords` words that repeats a verbatim run of the transcript covering this share of
    /// its words, and keeps host filler, is a copy of the transcript, not a summary.
    public var maxCopyShare: Double = 0.3
    /// Shortest line judged for copying (shorter product lines are often verbatim, and fine).
    public var copyMinWords: Int = 6
    /// Share of filler words (`NoiseLexicon`) from which a verbatim run counts as a copy.
    public var copyMinFillerShare: Double = 0.2
    /// Share of the line's content words taken from the prompt's examples and absent from the transcript at which
    /// the line parrots the prompt.
    public var maxPromptShare: Double = 0.34

    /// The defaults above.
    public init() {}
}
