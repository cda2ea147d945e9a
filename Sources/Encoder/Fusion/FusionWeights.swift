/// Relative weight of each branch in the fused vector (config keys `encoder.fusion.text` / `.visual`,
/// env `AMPERE_FUSION_TEXT` / `AMPERE_FUSION_VISUAL`).
///
/// Only the ratio matters for ranking: the fused vector scales the branches by `w / √(w_t² + w_v²)`.
public struct FusionWeights: Sendable, Equatable {
    /// Weight of the text branch.
    public var text: Float
    /// Weight of the visual branch.
    public var visual: Float

    /// Text-heavy by default: the neural text branch is far more discriminative than a hand-made
    /// visual descriptor; images still separate near-duplicate titles.
    public init(text: Float = 1.0, visual: Float = 0.5) {
        precondition(text >= 0 && visual >= 0 && text + visual > 0, "FusionWeights: weights must be >= 0, not both 0")
        self.text = text
        self.visual = visual
    }

    /// `(text, visual)` scale factors: the weights divided by their L2 norm, so a vector with both
    /// branches present has unit length.
    public var scales: (text: Float, visual: Float) {
        let n = (text * text + visual * visual).squareRoot()
        return (text / n, visual / n)
    }
}
