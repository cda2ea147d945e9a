import VectorMath

/// The parameters of an HNSW index (Malkov & Yashunin). Fixed for the life of an index and recorded in every
/// snapshot, except `efSearch`, which is only the default for queries that do not pass their own `ef`.
public struct HNSWConfiguration: Sendable, Equatable {
    /// Number of floats per vector.
    public var dimension: Int
    /// How vectors are compared.
    public var metric: Metric
    /// Links per node on the upper levels; level 0 keeps up to `2 * M`.
    public var M: Int
    /// Width of the candidate list while inserting; larger builds a better graph, slower.
    public var efConstruction: Int
    /// Default candidate-list width at query time (raised to `k` when smaller).
    public var efSearch: Int
    /// Seed of the level sampler, so that the same inserts in the same order build the same graph.
    public var seed: UInt64
    /// Slots to allocate up front; the index grows by doubling beyond it.
    public var initialCapacity: Int
    /// A delete triggers compaction once tombstones exceed this fraction of the occupied slots...
    public var compactionRatio: Double
    /// ...and this absolute number, so that small indexes do not compact on every delete.
    public var compactionMinimum: Int
    /// A filtered search whose predicate is estimated to match at most this many vectors scans them exactly
    /// instead of walking the graph (exact is both faster and perfectly recalled there).
    public var exactScanThreshold: Int
    /// The most a filtered graph walk widens `ef` (by sqrt(1/selectivity)) for one request, so a selective filter
    /// costs a bounded beam rather than a beam the size of the index.
    public var maxFilteredEf: Int
    /// The most distances one request's exact scan computes (the scan of a selective filter's matches, or the
    /// fallback after a walk that came back short); past it the scan stops with the best found so far.
    public var exactScanBudget: Int
    /// The distance kernels' instruction set (`KernelISA.active` when the configuration is made; not persisted:
    /// snapshots are the same bytes either way).
    public var kernels: KernelISA = .active
    /// How vectors are stored and compared (`f32`, or `int8` with an exact-query re-rank); part of the snapshot.
    public var vectorType: HNSWVectorType = .f32

    /// A configuration with hnswlib-like defaults: M 16, efConstruction 200, efSearch 64.
    public init(dimension: Int, metric: Metric, M: Int = 16, efConstruction: Int = 200, efSearch: Int = 64,
                seed: UInt64 = 100, initialCapacity: Int = 1024, compactionRatio: Double = 0.1,
                compactionMinimum: Int = 64, exactScanThreshold: Int = 2_000, maxFilteredEf: Int = 512,
                exactScanBudget: Int = 100_000) {
        precondition(dimension > 0, "dimension must be positive")
        precondition(M >= 2 && M <= 255, "M must be in 2...255")
        self.dimension = dimension
        self.metric = metric
        self.M = M
        self.efConstruction = max(efConstruction, M)
        self.efSearch = max(efSearch, 1)
        self.seed = seed
        self.initialCapacity = max(initialCapacity, 16)
        self.compactionRatio = compactionRatio
        self.compactionMinimum = compactionMinimum
        self.exactScanThreshold = exactScanThreshold
        self.maxFilteredEf = max(maxFilteredEf, 1)
        self.exactScanBudget = max(exactScanBudget, 1)
    }

    /// Equal parameters; `kernels` is left out (it changes how distances are computed, not what the index is).
    public static func == (l: HNSWConfiguration, r: HNSWConfiguration) -> Bool {
        l.dimension == r.dimension && l.metric == r.metric && l.M == r.M && l.efConstruction == r.efConstruction
            && l.efSearch == r.efSearch && l.seed == r.seed && l.initialCapacity == r.initialCapacity
            && l.compactionRatio == r.compactionRatio && l.compactionMinimum == r.compactionMinimum
            && l.exactScanThreshold == r.exactScanThreshold && l.vectorType == r.vectorType
    }

    /// Maximum number of links a node keeps on `level`.
    @inlinable
    public func maxLinks(level: Int) -> Int { level == 0 ? 2 * M : M }
}
