import Dispatch
import Synchronization
import VectorMath

/// The all-MiniLM-L6-v2 forward pass: embeddings → 6 BERT blocks → mean pooling → L2.
///
/// A batch runs *unpadded*: the token rows of all sequences are stacked (ragged), every GEMM runs over the
/// real tokens only, and attention stays inside each sequence's own row range. That is exactly the maths of
/// "pad to the longest + attention mask" (a masked key gets weight exp(-inf) = 0, and padded query rows are
/// never pooled), without spending GEMM time on padding when lengths differ.
public final class MiniLMModel: Sendable {
    /// The loaded weights.
    public let weights: MiniLMWeights
    /// Threads each GEMM and the attention split over (the caller's thread plus `threads - 1` helpers).
    public let threads: Int
    /// How the parallel regions (GEMMs, attention, LayerNorm of large batches) are scheduled.
    public let parallel: ParallelRunner
    /// One set of scratch buffers kept between calls (see `ForwardBuffers`).
    private let spare = Mutex<ForwardBuffers?>(nil)

    /// Wraps loaded weights; `threads` is usually the core count (2 here). `schedule` exists so the benchmark can
    /// compare policies in one run; every schedule gives bit-identical embeddings.
    /// `isa` picks the GEMM kernels (the process-wide `KernelISA.active` unless given).
    public convenience init(weights: MiniLMWeights, threads: Int = 2, schedule: ParallelSchedule = .preferred,
                            isa: KernelISA = .active) {
        self.init(weights: weights, parallel: ParallelRunner(threads: threads, schedule: schedule, isa: isa))
    }

    /// Wraps loaded weights with an explicitly tuned runner (the benchmark varies chunking and spin time).
    public init(weights: MiniLMWeights, parallel: ParallelRunner) {
        self.weights = weights
        self.threads = parallel.threads
        self.parallel = parallel
    }

    /// The scheduling policy in use.
    public var schedule: ParallelSchedule { parallel.schedule }

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
        let reused = spare.withLock { slot -> ForwardBuffers? in
            guard let b = slot, b.capacity >= rows else { return nil }
            slot = nil
            return b
        }
        let buffers = reused ?? ForwardBuffers(rows: rows, hidden: h, intermediate: c.intermediate_size)
        // Keep the larger set for next time (up to 2048 rows, ~31 MiB, so one huge request does not pin more);
        // concurrent callers simply allocate their own.
        defer {
            spare.withLock { slot in
                if buffers.capacity <= 2048 && (slot?.capacity ?? 0) < buffers.capacity { slot = buffers }
            }
        }

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
        layerNorm(x, residual: nil, rows: sequences.reduce(0) { $0 + $1.count },
                  gamma: weights.embeddingNormGamma, beta: weights.embeddingNormBeta)
    }

    /// One BERT block: self-attention + residual + LayerNorm, FFN (GELU) + residual + LayerNorm.
    private func runLayer(_ L: MiniLMWeights.Layer, buffers f: ForwardBuffers, rows: Int, offsets: [Int]) {
        GEMM.multiply(f.x, rows: rows, by: L.qkv, into: f.qkv, parallel: parallel)
        attention(qkv: f.qkv, context: f.context, offsets: offsets)
        GEMM.multiply(f.context, rows: rows, by: L.attentionOutput, into: f.projected, parallel: parallel)
        // x ← LN(projected + x): computed into `projected`, then swapped in as the new x.
        layerNorm(f.projected, residual: f.x, rows: rows, gamma: L.attentionNormGamma, beta: L.attentionNormBeta)
        f.swapXAndProjected()
        GEMM.multiply(f.x, rows: rows, by: L.intermediate, into: f.ffn, parallel: parallel, epilogue: .gelu)
        GEMM.multiply(f.ffn, rows: rows, by: L.output, into: f.projected, parallel: parallel)
        layerNorm(f.projected, residual: f.x, rows: rows, gamma: L.outputNormGamma, beta: L.outputNormBeta)
        f.swapXAndProjected()
    }

    /// `x ← LN(x + residual)` row by row, rows split into chunks of at least 32 when there are enough of them
    /// to pay for the fork/join (a serial LayerNorm would cap the 2-thread speed-up).
    private func layerNorm(_ x: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, rows: Int,
                           gamma: [Float], beta: [Float]) {
        let width = weights.config.hidden_size, eps = weights.config.layer_norm_eps
        let jobs = rows >= 64 ? parallel.chunks(for: rows / 32) : 1
        let xAddress = UInt(bitPattern: x), rAddress = UInt(bitPattern: residual)
        let run = { @Sendable (job: Int) in
            let first = rows * job / jobs, last = rows * (job + 1) / jobs
            let x = UnsafeMutablePointer<Float>(bitPattern: xAddress)! + first * width
            let residual = UnsafePointer<Float>(bitPattern: rAddress).map { $0 + first * width }
            gamma.withUnsafeBufferPointer { g in
                beta.withUnsafeBufferPointer { b in
                    Activations.addLayerNorm(x, residual: residual, rows: last - first, width: width,
                                             gamma: g.baseAddress!, beta: b.baseAddress!, eps: eps)
                }
            }
        }
        parallel.run(chunks: jobs, run)
    }
}
