/// All-MiniLM-L6-v2 weights, read once from `model.safetensors` and packed for `GEMM`.
public struct MiniLMWeights: Sendable {
    /// One transformer block.
    public struct Layer: Sendable {
        /// Query, key and value stacked: 384 inputs → 1152 outputs (Q | K | V).
        let qkv: PackedMatrix
        /// Attention output projection, 384 → 384.
        let attentionOutput: PackedMatrix
        let attentionNormGamma: [Float], attentionNormBeta: [Float]
        /// FFN up-projection, 384 → 1536 (GELU follows).
        let intermediate: PackedMatrix
        /// FFN down-projection, 1536 → 384.
        let output: PackedMatrix
        let outputNormGamma: [Float], outputNormBeta: [Float]
    }

    /// Shapes and epsilon.
    public let config: MiniLMConfig
    /// `vocab_size x hidden` token embeddings.
    let wordEmbeddings: [Float]
    /// `max_position x hidden` position embeddings.
    let positionEmbeddings: [Float]
    /// Row 0 of the token-type table (single-segment inputs only).
    let tokenType0: [Float]
    let embeddingNormGamma: [Float], embeddingNormBeta: [Float]
    /// The transformer blocks in order.
    let layers: [Layer]

    /// Loads every tensor the forward pass needs, checking each shape against `config`.
    public init(tensors t: SafeTensors, config c: MiniLMConfig) throws {
        let h = c.hidden_size, f = c.intermediate_size
        // Some exports prefix tensor names with "bert."; accept both.
        let prefix = t.entries["embeddings.word_embeddings.weight"] == nil ? "bert." : ""
        func get(_ name: String, _ shape: [Int]) throws -> [Float] { try t.floats(prefix + name, shape: shape) }
        config = c
        wordEmbeddings = try get("embeddings.word_embeddings.weight", [c.vocab_size, h])
        positionEmbeddings = try get("embeddings.position_embeddings.weight", [c.max_position_embeddings, h])
        tokenType0 = Array(try get("embeddings.token_type_embeddings.weight", [c.type_vocab_size, h]).prefix(h))
        embeddingNormGamma = try get("embeddings.LayerNorm.weight", [h])
        embeddingNormBeta = try get("embeddings.LayerNorm.bias", [h])
        layers = try (0..<c.num_hidden_layers).map { i in
            let p = "encoder.layer.\(i)."
            func part(_ n: String) throws -> (weight: [Float], bias: [Float], outputs: Int) {
                (try get(p + "attention.self.\(n).weight", [h, h]), try get(p + "attention.self.\(n).bias", [h]), h)
            }
            return Layer(
                qkv: .stacking([try part("query"), try part("key"), try part("value")], inputs: h),
                attentionOutput: PackedMatrix(weight: try get(p + "attention.output.dense.weight", [h, h]),
                                              bias: try get(p + "attention.output.dense.bias", [h]), outputs: h, inputs: h),
                attentionNormGamma: try get(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBeta: try get(p + "attention.output.LayerNorm.bias", [h]),
                intermediate: PackedMatrix(weight: try get(p + "intermediate.dense.weight", [f, h]),
                                           bias: try get(p + "intermediate.dense.bias", [f]), outputs: f, inputs: h),
                output: PackedMatrix(weight: try get(p + "output.dense.weight", [h, f]),
                                     bias: try get(p + "output.dense.bias", [h]), outputs: h, inputs: f),
                outputNormGamma: try get(p + "output.LayerNorm.weight", [h]),
                outputNormBeta: try get(p + "output.LayerNorm.bias", [h]))
        }
    }
}
