/// The text branch: turns texts (page text or summarized ASR) into fixed-length, L2-normalised vectors.
///
/// Both page text and summaries go through the same encoder so that they land in one space.
/// Implementations are called on the encoder's own queue, never on the Swift concurrency pool.
public protocol TextEncoder: Sendable {
    /// Short name for logs and `/health` (e.g. `"all-MiniLM-L6-v2"` or `"hashing-v1"`).
    var name: String { get }
    /// Length of every vector this encoder returns.
    var dimension: Int { get }
    /// One L2-normalised vector per input text, in order. Several texts may run in one batched forward pass.
    func encode(_ texts: [String]) throws -> [[Float]]
    /// Like `encode(_:)`, reading at most `maxTokens` tokens of each text when the encoder reads tokens (queries
    /// use a shorter budget than documents: the forward pass costs time linear in the tokens it reads).
    func encode(_ texts: [String], maxTokens: Int) throws -> [[Float]]
}

extension TextEncoder {
    /// Encoders without a token budget ignore `maxTokens`.
    public func encode(_ texts: [String], maxTokens: Int) throws -> [[Float]] { try encode(texts) }
}
