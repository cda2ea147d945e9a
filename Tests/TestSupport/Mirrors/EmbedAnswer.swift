/// Mirror of `EmbedResponse`: the `POST /embed` answer.
package struct EmbedAnswer: Decodable, Sendable, Equatable {
    /// The unweighted, L2-normalised branch vectors that were present.
    package struct Branches: Decodable, Sendable, Equatable {
        /// The text branch, when there was text.
        package var text: [Double]?
        /// The visual branch, when there were images.
        package var visual: [Double]?
    }

    /// The fused vector the index stores and searches.
    package var embedding: [Double]
    /// Its length.
    package var dim: Int
    /// The branch vectors.
    package var branches: Branches
    /// The summary of the `asr`, when there was one.
    package var summary: SummaryAnswer?
}
