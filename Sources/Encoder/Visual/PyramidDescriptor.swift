/// The hand-made visual descriptor: colour histograms over a spatial pyramid, gradient-orientation
/// histograms over the same pyramid, and a low-frequency DCT signature of the grey image.
///
/// Built for matching key frames of videos and live streams (cropped, rescaled, colour-shifted, blurred,
/// partly covered by UI overlays and captions, sometimes on another background) to catalogue photos:
/// * every input is resampled to one square canonical size, so scale does not matter;
/// * histograms are soft-binned in colour, orientation and space, so small shifts move mass smoothly;
/// * the global level weights the centre (products sit there; overlays crowd the edges) and every level
///   discounts pixels resembling the image border (the likely background);
/// * colour is hue + saturation for chromatic pixels and grey level for the rest, robust to brightness
///   shifts; the DCT sees the grey image z-normalised, robust to contrast shifts.
/// Each block is L1/Hellinger- or z-normalised, power-normalised (signed square root), L2-normalised and
/// weighted; the whole vector is L2-normalised. Deterministic; a few milliseconds per photo at most.
public struct PyramidDescriptor: VisualEncoder {
    /// The configuration in use.
    public let config: PyramidDescriptorConfig
    /// Short name for logs and `/health`.
    public let name = "pyramid-hist-hog-dct-v1"
    /// Descriptor length: colour + gradient + DCT blocks.
    public let dimension: Int

    let colourBins: Int
    let regions: Int
    let grid: SoftGrid
    /// Centre weighting of the global level, `side * side`.
    let centre: [Float]
    /// `cos(pi * (2x + 1) * u / (2 * dctSide))` for u in 0...dctOrder, x in 0..<dctSide.
    let dctCos: [Float]
    let dctCount: Int

    /// Creates the descriptor; `config.side` must be a positive multiple of `config.dctSide`.
    public init(config: PyramidDescriptorConfig = PyramidDescriptorConfig()) {
        precondition(config.side > 0 && config.side % config.dctSide == 0, "side must be a multiple of dctSide")
        self.config = config
        colourBins = 2 * config.hueBins + config.greyBins
        regions = 1 + config.gridCells * config.gridCells
        grid = SoftGrid(pixels: config.side, cells: config.gridCells)
        let s = config.side
        var centre = [Float](repeating: 0, count: s * s)
        let inv2s2 = 1 / (2 * config.centreSigma * config.centreSigma)
        for y in 0..<s {
            for x in 0..<s {
                let dx = (Float(x) + 0.5) / Float(s) - 0.5, dy = (Float(y) + 0.5) / Float(s) - 0.5
                centre[y * s + x] = DescriptorMath.exp(-(dx * dx + dy * dy) * inv2s2)
            }
        }
        self.centre = centre
        let d = config.dctSide, k = config.dctOrder
        var cosines = [Float](repeating: 0, count: (k + 1) * d)
        for u in 0...k {
            for x in 0..<d { cosines[u * d + x] = DescriptorMath.cos(Float.pi * Float((2 * x + 1) * u) / Float(2 * d)) }
        }
        dctCos = cosines
        dctCount = (k + 1) * (k + 2) / 2 - 1
        dimension = (colourBins + config.orientationBins) * regions + dctCount
    }

    /// The smallest image side worth decoding for this descriptor: pass it as `minSide` to
    /// `ImageDecoder.decode(_:minSide:)` so that libjpeg's DCT scaling does most of the down-sampling
    /// (two canonical sides keep the area filter's anti-aliasing effective).
    public var recommendedDecodeSide: Int { 2 * config.side }

    /// The descriptor of `image` (any size), L2-normalised.
    public func encode(_ image: RGBImage) -> [Float] {
        encode(planes: canonicalPlanes(image), extraWeights: nil)
    }

    /// `image` resampled to the canonical square, colour cast corrected.
    func canonicalPlanes(_ image: RGBImage) -> [[Float]] {
        var planes = image.resampledPlanes(width: config.side, height: config.side)
        if config.colourConstancy > 0 { correctColourCast(&planes) }
        return planes
    }

    /// The descriptor of canonical planes; `extraWeights` (per pixel, 0 ... 1) further discounts pixels.
    func encode(planes: [[Float]], extraWeights: [Float]?) -> [Float] {
        let s = config.side
        var weights = pixelWeights(planes)
        if let extraWeights { for i in 0..<(s * s) { weights[i] *= extraWeights[i] } }
        var grey = [Float](repeating: 0, count: s * s)
        for i in 0..<(s * s) { grey[i] = 0.299 * planes[0][i] + 0.587 * planes[1][i] + 0.114 * planes[2][i] }

        var out = [Float](repeating: 0, count: dimension)
        let colourEnd = colourBins * regions, gradientEnd = colourEnd + config.orientationBins * regions
        colourHistograms(planes, weights: weights, into: &out)
        gradientHistograms(grey, weights: weights, into: &out, at: colourEnd)
        dctSignature(grey, into: &out, at: gradientEnd)
        let blocks: [(Range<Int>, Float)] = [
            (0..<colourEnd, config.colourWeight),
            (colourEnd..<gradientEnd, config.gradientWeight),
            (gradientEnd..<dimension, config.dctWeight),
        ]
        for (index, (range, weight)) in blocks.enumerated() {
            DescriptorMath.signedSqrt(&out, range)
            if config.centreBlocks, index < 2 { DescriptorMath.centre(&out, range) }
            DescriptorMath.l2Normalise(&out, range)
            DescriptorMath.scale(&out, range, by: weight)
        }
        DescriptorMath.l2Normalise(&out, 0..<dimension)
        return out
    }
}
