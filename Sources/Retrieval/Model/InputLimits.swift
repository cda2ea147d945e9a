/// Size and shape limits on client input (text lengths in Unicode code points, as JSON Schema counts them), shared by the HTTP API and the command-line import so that both
/// accept exactly the same products and queries.
public struct InputLimits: Sendable, Equatable {
    /// Longest title, in characters.
    public var maxTitleLength = 1_000
    /// Longest description or free-text query, in characters.
    public var maxTextLength = 20_000
    /// Longest transcript, in characters.
    public var maxTranscriptLength = 100_000
    /// Most attributes on one product.
    public var maxAttributes = 100
    /// Most images (page photos plus all key frames) on one product or query.
    public var maxImages = 16
    /// Largest encoded image, in bytes.
    public var maxImageBytes = 8 * 1024 * 1024
    /// Most media appearances on one product.
    public var maxMedia = 32
    /// Largest `k` a search may ask for.
    public var maxK = 100
    /// Largest `ef` a search may ask for.
    public var maxEf = 1_000
    /// Most products in one batch request (and events in one `/events` request).
    public var maxBatch = 500
    /// Most `positive` (and, separately, `negative`) examples of one recommendation.
    public var maxExamples = 64
    /// Most events of an inline recommendation `history`.
    public var maxHistory = 200
    /// Most ids in a recommendation's `exclude`.
    public var maxExclude = 256

    /// The defaults.
    public init() {}

    /// True when `id` is 1-128 characters of `[A-Za-z0-9._:-]`.
    public static func isValidID(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard (1...128).contains(utf8.count) else { return false }
        return utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2E || b == 0x5F || b == 0x3A || b == 0x2D
        }
    }
}
