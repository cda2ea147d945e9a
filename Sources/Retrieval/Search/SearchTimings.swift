/// Where the wall time of one search went, stage by stage, in milliseconds.
///
/// Filled by `SearchService.search`; the API sends it as a `Server-Timing` header so an operator can see which
/// stage a slow query spent its time in without a profiler.
public struct SearchTimings: Sendable, Equatable {
    /// Summarizing the transcript (`asr`), zero without one.
    public var summarize: Double = 0
    /// Encoding the query text and images into the query vector.
    public var encode: Double = 0
    /// The HNSW search (vector channel) and grouping its hits by product.
    public var ann: Double = 0
    /// Building the BM25 query and running it in SQLite (lexical channel). It runs while the query is encoded, so
    /// the stages may add up to more than the search took.
    public var lexical: Double = 0
    /// Fusing the channels and building the hits.
    public var fuse: Double = 0

    /// Creates empty timings.
    public init() {}

    /// The stages as (name, milliseconds) pairs in pipeline order, e.g. for a `Server-Timing` header.
    public var stages: [(name: String, millis: Double)] {
        [("summarize", summarize), ("encode", encode), ("ann", ann), ("lexical", lexical), ("fuse", fuse)]
    }

    /// Milliseconds elapsed since `start`.
    static func millis(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
