/// Scratch activations for one forward pass, allocated once per batch (not per layer) and freed after.
///
/// A class (not `[Float]`s) so the layer code can pass raw pointers around without nesting a
/// `withUnsafeMutableBufferPointer` per buffer, and swap `x` and `projected` without copying.
final class ForwardBuffers {
    /// Hidden states, `rows x hidden`.
    private(set) var x: UnsafeMutablePointer<Float>
    /// Q | K | V per row, `rows x 3·hidden`.
    let qkv: UnsafeMutablePointer<Float>
    /// Attention output before projection, `rows x hidden`.
    let context: UnsafeMutablePointer<Float>
    /// Output of a projection (then LayerNorm'd in place), `rows x hidden`.
    private(set) var projected: UnsafeMutablePointer<Float>
    /// FFN activations, `rows x intermediate`.
    let ffn: UnsafeMutablePointer<Float>

    init(rows: Int, hidden: Int, intermediate: Int) {
        func make(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(n, 1))
            p.initialize(repeating: 0, count: max(n, 1))
            return p
        }
        x = make(rows * hidden)
        qkv = make(rows * hidden * 3)
        context = make(rows * hidden)
        projected = make(rows * hidden)
        ffn = make(rows * intermediate)
    }

    /// After `projected ← LN(projected + x)`, the result becomes the new hidden state.
    func swapXAndProjected() { swap(&x, &projected) }

    /// Frees every buffer; called once by the owner (`defer`).
    func deallocate() {
        for p in [x, qkv, context, projected, ffn] { p.deallocate() }
    }
}
