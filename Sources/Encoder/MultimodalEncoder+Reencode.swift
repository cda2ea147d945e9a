extension MultimodalEncoder {
    /// Fused vectors for stored appearances whose text branch must be recomputed (a new text encoder) while their
    /// visual branch is kept: the texts go through one batched forward pass on the encoder's queue.
    public func fuseAgain(texts: [String], visuals: [[Float]?], weights: FusionWeights) throws -> [[Float]] {
        precondition(texts.count == visuals.count, "one visual entry per text")
        let (textEncoder, _) = try loaded()
        let nonEmpty = texts.enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        let vectors = try textEncoder.encode(nonEmpty.map(\.element))
        var byIndex: [Int: [Float]] = [:]
        for (j, item) in nonEmpty.enumerated() { byIndex[item.offset] = vectors[j] }
        let fusion = EmbeddingFusion(textDimension: textEncoder.dimension, visualDimension: visual.dimension, weights: weights)
        // A stored visual branch of another length (the descriptor changed) cannot be reused: drop it.
        return texts.indices.map { i in
            fusion.fuse(text: byIndex[i], visual: visuals[i].flatMap { $0.count == visual.dimension ? $0 : nil }).vector
        }
    }
}
