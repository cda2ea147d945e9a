/// The visual branch: turns one decoded image into a fixed-length, L2-normalised descriptor.
///
/// Kept behind a protocol so that a neural vision model can replace the hand-made descriptor later.
/// Implementations are called on the encoder's own queue, never on the Swift concurrency pool.
public protocol VisualEncoder: Sendable {
    /// Short name for logs and `/health` (e.g. `"pyramid-hist-v1"`).
    var name: String { get }
    /// Length of every descriptor this encoder returns.
    var dimension: Int { get }
    /// The descriptor of one image, L2-normalised (`dimension` floats).
    func encode(_ image: RGBImage) -> [Float]
    /// One L2-normalised vector for several images of one appearance (key frames), nil for none.
    /// A default implementation averages the per-image descriptors.
    func encode(frames images: [RGBImage]) -> [Float]?
}
