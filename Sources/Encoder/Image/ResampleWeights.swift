/// Per-axis resampling taps: for each output index, the source indices it reads and their weights.
///
/// Shrinking uses an area (box) filter: each output sample averages exactly the source interval it
/// covers, fractional edges weighted by coverage, so no source pixel is skipped (no aliasing).
/// Enlarging uses bilinear interpolation between the two nearest source centres.
struct ResampleWeights: Sendable {
    /// First source index of each output sample.
    let starts: [Int]
    /// Number of taps of each output sample (<= `taps`).
    let counts: [Int]
    /// `outputCount * taps` weights, each output's weights summing to 1.
    let weights: [Float]
    /// Maximum taps per output sample (stride of `weights`).
    let taps: Int

    init(source: Int, output: Int) {
        precondition(source > 0 && output > 0)
        let scale = Double(source) / Double(output)
        let taps = scale > 1 ? Int(scale.rounded(.up)) + 1 : 2
        var starts = [Int](repeating: 0, count: output)
        var counts = [Int](repeating: 0, count: output)
        var weights = [Float](repeating: 0, count: output * taps)
        for o in 0..<output {
            if scale > 1 {
                let a = Double(o) * scale, b = min(Double(source), Double(o + 1) * scale)
                let first = Int(a), last = min(source, Int(b.rounded(.up)))
                starts[o] = first
                counts[o] = last - first
                for i in first..<last {
                    let cover = min(b, Double(i + 1)) - max(a, Double(i))
                    weights[o * taps + i - first] = Float(cover / (b - a))
                }
            } else {
                let x = (Double(o) + 0.5) * scale - 0.5
                let i0 = max(0, min(source - 1, Int(x.rounded(.down))))
                let i1 = min(source - 1, i0 + 1)
                let f = Float(max(0, min(1, x - Double(i0))))
                starts[o] = i0
                counts[o] = i1 > i0 ? 2 : 1
                weights[o * taps] = i1 > i0 ? 1 - f : 1
                if i1 > i0 { weights[o * taps + 1] = f }
            }
        }
        self.starts = starts
        self.counts = counts
        self.weights = weights
        self.taps = taps
    }
}
