/// The port to the multimodal encoder: text and/or images in, one fused vector out.
public protocol AppearanceEncoding: Sendable {
    /// Identifies the vector space (encoders, dimensions, weights). Stored vectors made under another id must be
    /// re-encoded before they can be compared with new ones.
    var spaceID: String { get }
    /// Length of the fused vector.
    var dimension: Int { get }
    /// Encodes one appearance or query. Throws `RetrievalError.unprocessable` for undecodable images.
    func embed(text: String?, images: [[UInt8]]) async throws -> Embedding
    /// Encodes a search query into the same space; may read less of a long text than `embed` (a query-side token
    /// budget), trading a little of the text for latency.
    func embedQuery(text: String?, images: [[UInt8]]) async throws -> Embedding
}

extension AppearanceEncoding {
    /// By default a query is encoded like an appearance.
    public func embedQuery(text: String?, images: [[UInt8]]) async throws -> Embedding {
        try await embed(text: text, images: images)
    }
}
