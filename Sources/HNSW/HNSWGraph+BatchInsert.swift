import VectorMath

/// Inserting many vectors with both cores: the expensive part of an insert, the beam searches that find each new
/// vector's candidate neighbours, reads the graph only, so for a batch it runs first, in parallel, against the
/// graph as it stands (`batchCandidates`); linking then runs once per vector in order (`placeBatchItem`), with the
/// candidates of the graph merged with the batch's own earlier vectors (compared exactly), which the searches
/// could not see. Same levels, same heuristic, same back-links as one-by-one inserts.
extension HNSWGraph {
    /// One vector's search results, per level from 0 up to the level it was drawn (nearest first).
    struct BatchCandidates {
        var perLevel: [[Neighbor]]
    }

    /// Read-only: the candidates of `vector` (not yet normalised) at levels `0...level`, from the current graph.
    func batchCandidates(for source: UnsafePointer<Float>, level: Int, scratch: SearchScratch) -> BatchCandidates {
        let q = UnsafeMutablePointer<Float>.allocate(capacity: dimension)
        defer { q.deallocate() }
        q.update(from: source, count: dimension)
        if metric.normalizesInput { Kernels.normalize(q, count: dimension) }
        return searchCandidates(prepare(q, scratch: scratch), level: level, scratch: scratch)
    }

    /// Read-only: the neighbour candidates of the normalised `q` at levels `0...level` (Algorithm 1's searches:
    /// greedy descent above `level`, then a beam of `efConstruction` per level, each from the last one's best).
    /// Tombstones are admitted: they keep the graph connected until compaction rewires around them.
    func searchCandidates(_ q: Probe, level: Int, scratch: SearchScratch) -> BatchCandidates {
        var perLevel = [[Neighbor]](repeating: [], count: level + 1)
        guard entryPoint != Self.noSlot else { return BatchCandidates(perLevel: perLevel) }
        var current = entryPoint
        var currentDistance = distance(q, current)
        if maxLevel > level {
            (current, currentDistance) = greedyDescent(q, entry: current, entryDistance: currentDistance,
                                                       from: maxLevel, to: level)
        }
        var l = min(level, maxLevel)
        while l >= 0 {
            searchLayer(q, entry: current, entryDistance: currentDistance, level: l, ef: configuration.efConstruction,
                        scratch: scratch, acceptor: AcceptAll())
            let found = drainSorted(scratch.results, into: scratch)
            if found > 0 {
                current = scratch.work[0].slot
                currentDistance = scratch.work[0].distance
                perLevel[l] = Array(UnsafeBufferPointer(start: scratch.work, count: found))
            }
            l -= 1
        }
        return BatchCandidates(perLevel: perLevel)
    }

    /// Writer only: inserts one vector of a batch at its pre-drawn `level`, linking it to the best of `found`
    /// (searched before the batch) and of `earlier` (the batch's slots placed before it, with their levels).
    func placeBatchItem(key: Int64, vector source: UnsafePointer<Float>, level: Int, found: BatchCandidates,
                        earlier: [(slot: UInt32, level: Int)], scratch: SearchScratch) -> UInt32 {
        let slot = place(key: key, vector: source, level: level)
        let q = probe(slot)
        guard entryPoint != Self.noSlot else {
            entryPoint = slot
            maxLevel = level
            return slot
        }
        for l in stride(from: level, through: 0, by: -1) {
            var pool = found.perLevel[l].filter { slotIsInUse($0.slot) }
            for other in earlier where other.level >= l && other.slot != slot && slotIsInUse(other.slot) {
                pool.append(Neighbor(distance: distance(q, other.slot), slot: other.slot))
            }
            guard !pool.isEmpty else { continue }
            pool.sort { $0.distance < $1.distance }
            let n = min(pool.count, max(configuration.efConstruction, 1))
            scratch.reserveWork(n)
            for i in 0..<n { scratch.work[i] = pool[i] }
            connect(slot, level: l, candidates: n, scratch: scratch)
        }
        if level > maxLevel {
            entryPoint = slot
            maxLevel = level
        }
        return slot
    }

    /// A slot that still holds a vector (live or tombstoned): a candidate may have been tombstoned by a replace
    /// earlier in the same batch, which is fine (tombstones hold the graph together), but never freed.
    @inline(__always) func slotIsInUse(_ slot: UInt32) -> Bool {
        Int(slot) < slotCount && states[Int(slot)] != SlotState.free.rawValue
    }
}
