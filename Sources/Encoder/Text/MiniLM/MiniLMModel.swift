/// The all-MiniLM-L6-v2 forward pass: embeddings → 6 BERT blocks → mean pooling → L2.
///
/// A batch runs *unpadded*: the token rows of all sequences are stacked (ragged), every GEMM runs over the
/// real tokens only, and attention stays inside each sequence's own row range. That is exactly the maths of
/// "pad to the longest + attention mask" (a masked key gets weight exp(-inf) = 0, and padded query rows are
/// never pooled), without spending GEMM time on padding when lengths differ.
public final class MiniLMModel: Sendable {
    /// The loaded weights.
    public let weights: MiniLMWeights
    /// Threads each GEMM and the attention split over (the caller's thread plus `threads - 1` Dispatch workers).
    public let threads: Int

    /// Wraps loaded weights; `threads` is usually the core count (2 here).
    public init(weights: MiniLMWeights, threads: Int = 2) {
        self.weights = weights
        self.threads = max(1, threads)
    }

    /// Output dimension (384).
    public var dimension: Int { weights.config.hidden_size }

    /// One L2-normalised mean-pooled embedding per token-id sequence (each already has [CLS] … [SEP] and at
    /// most `max_position_embeddings` ids). Empty input gives an empty result.
    public func embed(_ sequences: [[Int32]]) -> [[Float]] {
        guard !sequences.isEmpty else { return [] }
        let c = weights.config
        let h = c.hidden_size
        precondition(sequences.allSatisfy { !$0.isEmpty && $0.count <= c.max_position_embeddings }, "MiniLMModel: bad sequence length")
        var offsets = [0]
        for s in sequences { offsets.append(offsets.last! + s.count) }
        let rows = offsets.last!
        let buffers = ForwardBuffers(rows: rows, hidden: h, intermediate: c.intermediate_size)
        defer { buffers.deallocate() }

        embedTokens(sequences, into: buffers.x)
        for layer in weights.layers {
            runLayer(layer, buffers: buffers, rows: rows, offsets: offsets)
        }
        return (0..<sequences.count).map { b in
            var pooled = [Float](repeating: 0, count: h)
            for r in offsets[b]..<offsets[b + 1] {
                let row = buffers.x + r * h
                for i in 0..<h { pooled[i] += row[i] }
            }
            // Mean pooling then L2: the division by the length cancels under L2, but is kept to mirror
            // sentence-transformers step by step.
            let n = Float(offsets[b + 1] - offsets[b])
            for i in 0..<h { pooled[i] /= n }
            Activations.l2Normalize(&pooled)
            return pooled
        }
    }

    /// Word + position + token-type(0) embeddings, then LayerNorm.
    private func embedTokens(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let c = weights.config, h = c.hidden_size
        weights.wordEmbeddings.withUnsafeBufferPointer { word in
            weights.positionEmbeddings.withUnsafeBufferPointer { pos in
                var r = 0
                for s in sequences {
                    for (t, id) in s.enumerated() {
                        let id = Int(id) < c.vocab_size && id >= 0 ? Int(id) : 100  // [UNK] for out-of-range ids
                        let row = x + r * h
                        for i in 0..<h { row[i] = word[id * h + i] + pos[t * h + i] + weights.tokenType0[i] }
                        r += 1
                    }
                }
            }
        }
        weights.embeddingNormGamma.withUnsafeBufferPointer { g in
            weights.embeddingNormBeta.withUnsafeBufferPointer { b in
                let total = sequences.reduce(0) { $0 + $1.count }
                Activations.addLayerNorm(x, residual: nil, rows: total, width: h, gamma: g.baseAddress!,
                                         beta: b.baseAddress!, eps: c.layer_norm_eps)
            }
        }
    }

    /// One BERT block: self-attention + residual + LayerNorm, FFN (GELU) + residual + LayerNorm.
    private func runLayer(_ L: MiniLMWeights.Layer, buffers f: ForwardBuffers, rows: Int, offsets: [Int]) {
        let c = weights.config, h = c.hidden_size
        GEMM.multiply(f.x, rows: rows, by: L.qkv, into: f.qkv, threads: threads)
        attention(qkv: f.qkv, context: f.context, offsets: offsets)
        GEMM.multiply(f.context, rows: rows, by: L.attentionOutput, into: f.projected, threads: threads)
        L.attentionNormGamma.withUnsafeBufferPointer { g in
            L.attentionNormBeta.withUnsafeBufferPointer { b in
                // x ← LN(projected + x): computed into `projected`, then swapped in as the new x.
                Activations.addLayerNorm(f.projected, residual: f.x, rows: rows, width: h, gamma: g.baseAddress!,
                                         beta: b.baseAddress!, eps: c.layer_norm_eps)
            }
        }
        f.swapXAndProjected()
        GEMM.multiply(f.x, rows: rows, by: L.intermediate, into: f.ffn, threads: threads)
        Activations.gelu(f.ffn, count: rows * c.intermediate_size)
        GEMM.multiply(f.ffn, rows: rows, by: L.output, into: f.projected, threads: threads)
        L.outputNormGamma.withUnsafeBufferPointer { g in
            L.outputNormBeta.withUnsafeBufferPointer { b in
                Activations.addLayerNorm(f.projected, residual: f.x, rows: rows, width: h, gamma: g.baseAddress!,
                                         beta: b.baseAddress!, eps: c.layer_norm_eps)
            }
        }
        f.swapXAndProjected()
    }
}
