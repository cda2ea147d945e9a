/// A weight matrix re-laid out once, at load time, for `GEMM`: column panels of `GEMM.panelWidth` outputs.
///
/// PyTorch stores a linear layer as `weight[out][in]`. The micro-kernel wants, for each step `k` of the
/// reduction, the next 16 output columns side by side, so panel `p` holds `k`-major rows of 16 floats
/// (`W[p*16 + j][k]` at `p*K*16 + k*16 + j`). Columns past `outputs` are zero so the kernel never branches.
public struct PackedMatrix: Sendable {
    /// Reduction length (the layer's input width).
    public let inputs: Int
    /// Output width (number of columns of the product).
    public let outputs: Int
    /// Panel-major packed weights, `panelCount * inputs * 16` floats.
    let panels: [Float]
    /// One bias per output column.
    let bias: [Float]

    /// Number of 16-column panels.
    var panelCount: Int { (outputs + GEMM.panelWidth - 1) / GEMM.panelWidth }

    /// Packs a PyTorch-layout weight (`outputs` rows of `inputs` floats) and its bias.
    public init(weight: [Float], bias: [Float], outputs: Int, inputs: Int) {
        precondition(weight.count == outputs * inputs && bias.count == outputs, "PackedMatrix: shape mismatch")
        let nr = GEMM.panelWidth
        let count = (outputs + nr - 1) / nr
        var packed = [Float](repeating: 0, count: count * inputs * nr)
        weight.withUnsafeBufferPointer { w in
            for o in 0..<outputs {
                let p = o / nr, j = o % nr
                let base = p * inputs * nr + j
                for k in 0..<inputs { packed[base + k * nr] = w[o * inputs + k] }
            }
        }
        self.inputs = inputs
        self.outputs = outputs
        self.panels = packed
        self.bias = bias
    }

    /// Stacks several layers that read the same input (e.g. query, key, value) into one wider matrix,
    /// so one GEMM replaces three and the input rows are streamed once.
    public static func stacking(_ parts: [(weight: [Float], bias: [Float], outputs: Int)], inputs: Int) -> PackedMatrix {
        PackedMatrix(weight: parts.flatMap(\.weight), bias: parts.flatMap(\.bias),
                     outputs: parts.reduce(0) { $0 + $1.outputs }, inputs: inputs)
    }
}
