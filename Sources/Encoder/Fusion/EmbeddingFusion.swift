/// Combines branch vectors into one vector per appearance by weighted concatenation.
///
/// Why concatenation with a zero block, and why no renormalisation afterwards: with
/// `f = [s_t·t, s_v·v]`, a text-only query `q = [s_t·t_q, 0]` scores `q·f = s_t²·(t_q·t_p)` against a
/// product whether or not the product has photos — the visual block of the query is zero, so the
/// product's visual block contributes nothing, and text-only vs text-only equals text-only vs text+image.
/// Renormalising `f` to unit length (or using cosine in the index) would divide products without photos
/// by `s_t` instead of 1 and so *boost* them over identical products with photos; summing branches into one
/// space would need both branches to share a space, which a hand-made visual descriptor and MiniLM do not.
/// Hence the index must use the inner product on fused vectors. A vector with both branches has unit norm.
public struct EmbeddingFusion: Sendable, Equatable {
    /// Length of the text block.
    public let textDimension: Int
    /// Length of the visual block.
    public let visualDimension: Int
    /// Branch weights.
    public let weights: FusionWeights

    /// Creates a fusion for the given branch widths and weights.
    public init(textDimension: Int, visualDimension: Int, weights: FusionWeights = FusionWeights()) {
        self.textDimension = textDimension
        self.visualDimension = visualDimension
        self.weights = weights
    }

    /// Length of every fused vector.
    public var dimension: Int { textDimension + visualDimension }

    /// Fuses whichever branches are present; each is L2-normalised first (a zero branch stays zero).
    public func fuse(text: [Float]?, visual: [Float]?) -> FusedEmbedding {
        precondition(text.map { $0.count == textDimension } ?? true, "EmbeddingFusion: text vector has the wrong length")
        precondition(visual.map { $0.count == visualDimension } ?? true, "EmbeddingFusion: visual vector has the wrong length")
        let t = text.map(Self.normalized), v = visual.map(Self.normalized)
        let (st, sv) = weights.scales
        var out = [Float](repeating: 0, count: dimension)
        if let t { for i in 0..<textDimension { out[i] = st * t[i] } }
        if let v { for i in 0..<visualDimension { out[textDimension + i] = sv * v[i] } }
        return FusedEmbedding(vector: out, text: t, visual: v)
    }

    /// Mean of several vectors (e.g. the key frames of one video), L2-normalised; nil for none.
    public static func average(_ vectors: [[Float]]) -> [Float]? {
        guard let first = vectors.first else { return nil }
        var sum = [Float](repeating: 0, count: first.count)
        for v in vectors {
            precondition(v.count == sum.count, "EmbeddingFusion.average: vectors differ in length")
            for i in sum.indices { sum[i] += v[i] }
        }
        return normalized(sum)
    }

    /// `v / ‖v‖`, or `v` unchanged when it is all zeros.
    public static func normalized(_ v: [Float]) -> [Float] {
        var out = v
        Activations.l2Normalize(&out)
        return out
    }
}
