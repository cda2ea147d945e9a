/// Size limits the parser enforces. Defaults follow common servers (nginx: 8 KiB target, 16 KiB of headers).
public struct HTTPLimits: Sendable, Equatable {
    /// Largest request target in bytes (414 beyond).
    public var maxTargetBytes: Int = 8 * 1024
    /// Largest header section (request line + fields + CRLFs) in bytes (431 beyond).
    public var maxHeaderBytes: Int = 16 * 1024
    /// Most header fields (431 beyond).
    public var maxHeaderCount: Int = 100
    /// Default body limit; a route may override it (413 beyond).
    public var maxBodyBytes: Int = 1024 * 1024
    /// Longest chunk-size line including extensions (400 beyond).
    public var maxChunkLineBytes: Int = 4096

    /// The defaults.
    public init() {}
}
