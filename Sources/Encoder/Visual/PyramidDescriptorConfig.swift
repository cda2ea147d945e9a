/// Knobs of `PyramidDescriptor`. The defaults were tuned on the development slice (see the bench-visual
/// command); they are generic choices (bin counts, block weights), not per-product tricks.
public struct PyramidDescriptorConfig: Sendable, Equatable {
    /// Side of the square canonical image every input is resampled to (a multiple of `dctSide`).
    public var side: Int = 64
    /// Weight of the colour-histogram block (after each block is L2-normalised).
    public var colourWeight: Float = 1.0
    /// Weight of the gradient-orientation (HOG-like) block.
    public var gradientWeight: Float = 1.0
    /// Weight of the low-frequency DCT block.
    public var dctWeight: Float = 0.3
    /// Hue bins of the chromatic part of the colour histogram (circular, soft-assigned).
    public var hueBins: Int = 12
    /// Grey-level bins of the achromatic part.
    public var greyBins: Int = 5
    /// Cells per side of the spatial pyramid's second level (colour and gradients).
    public var gridCells: Int = 3
    /// Weight of the pyramid's second level relative to the global level.
    public var gridWeight: Float = 0.7
    /// Orientation bins of the gradient histograms (unsigned, 0 ..< pi).
    public var orientationBins: Int = 9
    /// Standard deviation of the centre weighting of the global level, as a fraction of the side:
    /// products sit in the middle; overlays, captions and swapped backgrounds crowd the edges.
    public var centreSigma: Float = 0.35
    /// How much pixels that look like the image border (probably background) are discounted, 0 ... 1.
    public var backgroundDiscount: Float = 0.9
    /// RGB distance (0 ... 441) to the nearest border colour below which a pixel counts as background.
    public var backgroundNear: Float = 20
    /// RGB distance above which a pixel counts as foreground (linear in between).
    public var backgroundFar: Float = 80
    /// Blocks per side of the grid whose border blocks give the background colours.
    public var borderBlocks: Int = 8
    /// Strength (0 ... 1) of a white-patch colour-cast correction: each channel is scaled so that its
    /// bright end (the `whitePercentile`) matches the brightest channel's, undoing a white-balance shift.
    public var colourConstancy: Float = 1
    /// Percentile (0 ... 1) that defines a channel's bright end for `colourConstancy`.
    public var whitePercentile: Float = 0.99
    /// Whether each histogram block is centred (its mean bin value subtracted after power normalisation)
    /// before L2: removes the all-positive common direction that makes any two images look ~0.7 alike,
    /// spreading cosines over a wider range (useful for fusing with the text branch).
    public var centreBlocks: Bool = false
    /// How much pixels that stay the same across all frames of one stream are discounted (0 ... 1).
    public var staticDiscount: Float = 0
    /// Mean absolute colour deviation across frames (0 ... 255) below which a pixel counts as static.
    public var staticBelow: Float = 8
    /// Side of the grey thumbnail the DCT is taken of.
    public var dctSide: Int = 32
    /// Keep DCT coefficients (u, v) with 0 < u + v <= this (the DC term carries only brightness).
    public var dctOrder: Int = 6

    /// The tuned defaults.
    public init() {}
}
