/// A decoded image: 8-bit RGB, row-major, interleaved (`pixels.count == width * height * 3`).
///
/// Every decoder (JPEG, PNG) produces this one layout so that the visual branch has a single input type.
public struct RGBImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 3` bytes, R G B per pixel, rows top to bottom.
    public var pixels: [UInt8]

    /// Wraps already-decoded pixels; `pixels.count` must equal `width * height * 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "RGBImage: bad dimensions")
        self.width = width
        self.height = height
        self.pixels = pixels
    }
}
