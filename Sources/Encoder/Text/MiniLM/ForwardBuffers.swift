/// Scratch activations for forward passes of up to `capacity` token rows.
///
/// A class (not `[Float]`s) so the layer code can pass raw pointers around without nesting a
/// `withUnsafeMutableBufferPointer` per buffer, and swap `x` and `projected` without copying.
/// `MiniLMModel` keeps one spare set between calls: fresh multi-megabyte allocations come back from the
/// kernel as new pages, and the page faults cost ~3% of a batch. Used by one forward pass at a time
/// (handed over through a mutex), hence `@unchecked Sendable`.
final class ForwardBuffers: @unchecked Sendable {
    /// Token rows these buffers hold.
    let capacity: Int
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
        capacity = rows
        x = make(rows * hidden)
        qkv = make(rows * hidden * 3)
        context = make(rows * hidden)
        projected = make(rows * hidden)
        ffn = make(rows * intermediate)
    }

    /// After `projected ← LN(projected + x)`, the result becomes the new hidden state.
    func swapXAndProjected() { swap(&x, &projected) }

    deinit {
        for p in [x, qkv, context, projected, ffn] { p.deallocate() }
    }
}
