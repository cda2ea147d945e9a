/// The port to the multimodal encoder: text and/or images in, one fused vector out.
public protocol AppearanceEncoding: Sendable {
    /// Identifies the vector space (encoders, dimensions, weights). Stored vectors made under another id must be
    /// re-encoded before they can be compared with new ones.
    var spaceID: String { get }
    /// Length of the fused vector.
    var dimension: Int { get }
    /// Encodes one appearance or query. Throws `RetrievalError.unprocessable` for undecodable images.
    func embed(text: String?, images: [[UInt8]]) async throws -> Embedding
}
