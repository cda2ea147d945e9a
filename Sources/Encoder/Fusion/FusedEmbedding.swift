/// One appearance's embedding: the fused vector the index stores, plus each branch as computed.
public struct FusedEmbedding: Sendable, Equatable {
    /// `[s_t · t, s_v · v]`, `textDimension + visualDimension` floats; a missing branch is a zero block.
    /// Compare fused vectors by **inner product**, not cosine (see `EmbeddingFusion`).
    public let vector: [Float]
    /// The L2-normalised text-branch vector, nil when there was no text.
    public let text: [Float]?
    /// The L2-normalised (frame-averaged) visual vector, nil when there were no images.
    public let visual: [Float]?
}
