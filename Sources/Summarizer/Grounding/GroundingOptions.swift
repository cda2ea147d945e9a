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
    /// Least share of the line's catalog salience (IDF of its catalog words, brands and model codes boosted as the
    /// extractive summarizer scores them) held by terms of the transcript's extractive summary: below it the line
    /// names another product than the one the transcript keeps selling (often one mentioned in passing). 0: off.
    public var minProductAgreement: Double = 0.5
    /// Least share of the extractive summary's catalog salience the line holds (the same measure the other way
    /// round): below it the line says less about the product than the extractive summary does. 0: off.
    public var minProductCoverage: Double = 0.3
    /// IDF below which a word carries no salience for `minProductAgreement` (the extractive summarizer's `minIDF`).
    public var salienceMinIDF: Double = 1.0
    /// Salience multiplier of brand terms (the extractive summarizer's `brandBoost`).
    public var salienceBrandBoost: Double = 1.5
    /// Salience multiplier of model codes the catalog knows (the extractive summarizer's `modelBoost`).
    public var salienceModelBoost: Double = 2.0

    /// The defaults above.
    public init() {}
}
