/// Bilinear ("tent") assignment of a coordinate in 0 ..< 1 to `cells` cells per axis, so that a pixel
/// near a cell boundary counts partly in both cells and a small crop or shift moves mass smoothly.
struct SoftGrid: Sendable {
    /// For each pixel index along one axis: the lower cell, and the weight of the lower cell
    /// (the upper cell, `lower + 1`, gets `1 - weight`; at the edges the lower cell gets everything).
    let lower: [Int]
    let weight: [Float]

    init(pixels: Int, cells: Int) {
        var lower = [Int](repeating: 0, count: pixels)
        var weight = [Float](repeating: 1, count: pixels)
        for p in 0..<pixels {
            // Position in cell units, measured from the centre of cell 0.
            let t = (Float(p) + 0.5) / Float(pixels) * Float(cells) - 0.5
            if t <= 0 {
                lower[p] = 0; weight[p] = 1
            } else if t >= Float(cells - 1) {
                lower[p] = cells - 1; weight[p] = 1
            } else {
                let i = Int(t)
                lower[p] = i; weight[p] = 1 - (t - Float(i))
            }
        }
        self.lower = lower
        self.weight = weight
    }
}
