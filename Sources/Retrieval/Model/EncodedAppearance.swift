/// An appearance after summarizing and encoding, ready to be stored in one transaction with its product.
public struct EncodedAppearance: Sendable {
    /// Which domain it belongs to.
    public var domain: Domain
    /// The text that was encoded (empty when the appearance had only images).
    public var text: String
    /// The transcript summary, for media with ASR.
    public var summary: Summary?
    /// How many images went into the visual branch.
    public var imageCount: Int
    /// The vectors the encoder produced.
    public var embedding: Embedding
    /// The transcript whose summary awaits an LLM upgrade (`Summary.upgradable`): the store queues it in the
    /// appearance's own transaction, so the work survives a restart.
    public var upgradeTranscript: String?

    /// Creates an encoded appearance.
    public init(domain: Domain, text: String, summary: Summary?, imageCount: Int, embedding: Embedding,
                upgradeTranscript: String? = nil) {
        self.domain = domain
        self.text = text
        self.summary = summary
        self.imageCount = imageCount
        self.embedding = embedding
        self.upgradeTranscript = upgradeTranscript
    }
}

/// The encoder's output for one appearance or query: the fused vector and each branch that was present.
public struct Embedding: Sendable, Equatable {
    /// The fused, L2-normalised vector that goes into the index.
    public var fused: [Float]
    /// The text branch, if text was present.
    public var text: [Float]?
    /// The visual branch, if images were present.
    public var visual: [Float]?

    /// Creates an embedding.
    public init(fused: [Float], text: [Float]?, visual: [Float]?) {
        self.fused = fused
        self.text = text
        self.visual = visual
    }
}
