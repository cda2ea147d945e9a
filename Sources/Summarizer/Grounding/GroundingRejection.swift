/// Why an LLM line was not used; the raw value is the `reason` label of `ampere_llm_summaries_rejected_total`.
public enum GroundingRejection: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// Nothing left after cleaning (only quotes, markers or filler), or an empty completion.
    case empty
    /// Prompt scaffolding: delimiters (`<<<`, `>>>`), labels ("Transcript:"), role words or the prompt's own
    /// instructions.
    case scaffolding
    /// Much of its content comes from the prompt's examples and not from the transcript.
    case promptEcho = "prompt_echo"
    /// A near-verbatim copy of the transcript, filler included.
    case copy
    /// Too few of its content words appear in the transcript or the catalog vocabulary, or too few in the
    /// transcript itself.
    case ungrounded
    /// Not one catalog term: whatever it says, it cannot find a product.
    case noCatalogTerm = "no_catalog_term"
    /// Its most product-like catalog terms are not the extractive summary's: it names another product than the
    /// one the transcript keeps selling (often one mentioned in passing).
    case otherProduct = "other_product"
    /// It holds too little of the extractive summary's catalog salience: it says less about the product.
    case thin

    /// The label.
    public var description: String { rawValue }
}
