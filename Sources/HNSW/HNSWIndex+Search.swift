import VectorMath

extension HNSWIndex {
    /// The `k` nearest live vectors to `query`, best first. `ef` (default `efSearch`) trades speed for recall;
    /// it is raised to `k` when smaller.
    public func search(_ query: UnsafeBufferPointer<Float>, k: Int, ef: Int? = nil) -> [IndexHit] {
        precondition(query.count == configuration.dimension, "query has \(query.count) dims")
        return withPreparedQuery(query) { q in
            lock.withReadLock {
                scratchPool.with(slots: graph.slotCount) { scratch in
                    graph.search(q, k: k, ef: ef ?? defaultEf, scratch: scratch)
                }
            }
        }
    }

    /// The `k` nearest live vectors to `query`, best first.
    public func search(_ query: [Float], k: Int, ef: Int? = nil) -> [IndexHit] {
        query.withUnsafeBufferPointer { search($0, k: k, ef: ef) }
    }

    /// The `k` nearest live vectors among those for which `predicate(slot, key)` holds, best first. Recall holds
    /// up when the filter is selective: the cheaper of an exact scan of the matches and a walk with `ef` widened by sqrt(1/selectivity).
    /// The predicate runs under the index's read lock, so it must not call back into this index; it should be
    /// cheap (an array lookup by slot), since it may run for every slot.
    public func search(_ query: UnsafeBufferPointer<Float>, k: Int, ef: Int? = nil,
                       where predicate: (_ slot: UInt32, _ key: Int64) -> Bool) -> [IndexHit] {
        precondition(query.count == configuration.dimension, "query has \(query.count) dims")
        return withPreparedQuery(query) { q in
            lock.withReadLock {
                scratchPool.with(slots: graph.slotCount) { scratch in
                    graph.search(q, k: k, ef: ef ?? defaultEf, scratch: scratch, where: predicate)
                }
            }
        }
    }

    /// Filtered search over an array query; see `search(_:k:ef:where:)`.
    public func search(_ query: [Float], k: Int, ef: Int? = nil,
                       where predicate: (_ slot: UInt32, _ key: Int64) -> Bool) -> [IndexHit] {
        query.withUnsafeBufferPointer { search($0, k: k, ef: ef, where: predicate) }
    }

    /// Filtered search when the filter knows the keys it can match (`candidates`, e.g. one brand's appearances):
    /// an exact scan then looks up only those keys instead of passing over every slot. Same results as
    /// `search(_:k:ef:where:)` when every key `predicate` accepts is among `candidates`.
    public func search<Candidates: Collection<Int64>>(_ query: [Float], k: Int, ef: Int? = nil,
                                                      candidates: Candidates,
                                                      where predicate: (_ slot: UInt32, _ key: Int64) -> Bool) -> [IndexHit] {
        precondition(query.count == configuration.dimension, "query has \(query.count) dims")
        return query.withUnsafeBufferPointer { raw in
            withPreparedQuery(raw) { q in
                lock.withReadLock {
                    scratchPool.with(slots: graph.slotCount) { scratch in
                        graph.search(q, k: k, ef: ef ?? defaultEf, scratch: scratch, candidates: candidates,
                                     where: predicate)
                    }
                }
            }
        }
    }

    /// Exact (brute-force) `k` nearest live vectors matching `predicate`, for checking recall or tiny filters.
    public func exactSearch(_ query: [Float], k: Int,
                            where predicate: (_ slot: UInt32, _ key: Int64) -> Bool = { _, _ in true }) -> [IndexHit] {
        precondition(query.count == configuration.dimension, "query has \(query.count) dims")
        return query.withUnsafeBufferPointer { raw in
            withPreparedQuery(raw) { q in
                lock.withReadLock {
                    scratchPool.with(slots: graph.slotCount) { scratch in
                        graph.exactSearch(q, k: k, scratch: scratch, where: predicate)
                    }
                }
            }
        }
    }

    /// Normalises a copy of the query for cosine (on the stack for typical sizes); passes it through otherwise.
    private func withPreparedQuery<T>(_ query: UnsafeBufferPointer<Float>,
                                      _ body: (UnsafePointer<Float>) -> T) -> T {
        guard configuration.metric.normalizesInput else { return body(query.baseAddress!) }
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: query.count) { copy in
            _ = copy.initialize(fromContentsOf: query)
            Kernels.normalize(copy.baseAddress!, count: query.count)
            return body(copy.baseAddress!)
        }
    }
}
