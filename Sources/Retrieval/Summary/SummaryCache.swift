/// Stores LLM summaries so the same transcript never costs a second LLM call.
///
/// Implementations do their own blocking I/O off the Swift concurrency pool (e.g. on a dedicated queue).
public protocol SummaryCache: Sendable {
    /// The cached entry for `key`, or `nil`.
    func cachedSummary(for key: SummaryCacheKey) async throws -> CachedSummary?
    /// Stores (or replaces) the entry for `key`.
    func store(_ entry: CachedSummary, for key: SummaryCacheKey) async throws
}

/// One cache entry.
public struct CachedSummary: Sendable, Equatable {
    /// The summary text.
    public var text: String
    /// The model that wrote it.
    public var model: String

    /// Creates an entry.
    public init(text: String, model: String) {
        self.text = text
        self.model = model
    }
}
