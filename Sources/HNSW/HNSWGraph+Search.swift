import CPrefetch
import VectorMath

extension HNSWGraph {
    /// Greedy descent (ef = 1) from `entry` through levels `top` down to `bottom + 1`; returns the closest node
    /// found and its distance. Tombstones are traversed like any node: they still hold the graph together.
    @inline(__always)
    func greedyDescent(_ query: Probe, entry: UInt32, entryDistance: Float,
                       from top: Int, to bottom: Int) -> (UInt32, Float) {
        var current = entry, currentDistance = entryDistance
        var level = top
        while level > bottom {
            var changed = true
            while changed {
                changed = false
                let row = linkRow(current, level: level)
                let n = Int(row[0])
                var j = 1
                while j <= n {
                    let candidate = row[j]
                    let d = distance(query, candidate)
                    if d < currentDistance {
                        currentDistance = d
                        current = candidate
                        changed = true
                    }
                    j &+= 1
                }
            }
            level -= 1
        }
        return (current, currentDistance)
    }

    /// Algorithm 2 of the paper: best-first search on one level from `entry` with a candidate list of width
    /// `ef`. Results that `acceptor` admits end up in `scratch.results` (a max-heap, furthest on top).
    /// Returns false when it gave up after `budget` distance evaluations (filtered search then scans exactly).
    @discardableResult
    func searchLayer<A: SlotAcceptor>(_ query: Probe, entry: UInt32, entryDistance: Float,
                                      level: Int, ef: Int, scratch: SearchScratch, acceptor: A,
                                      budget: Int = .max) -> Bool {
        let epoch = scratch.nextEpoch(slots: slotCount)  // first: it may reallocate `visited`
        let visited = scratch.visited
        let candidates = scratch.candidates, results = scratch.results
        candidates.removeAll()
        results.removeAll()
        visited[Int(entry)] = epoch
        candidates.push(-entryDistance, entry)
        var lowerBound = Float.infinity
        if acceptor.accepts(entry) {
            results.push(entryDistance, entry)
            lowerBound = entryDistance
        }
        var evaluations = 1
        while !candidates.isEmpty {
            let closest = candidates.top
            if -closest.distance > lowerBound && results.count >= ef { break }
            candidates.pop()
            // The next expansion is most likely the new top: start fetching its link row now.
            if !candidates.isEmpty {
                cprefetch_read(UnsafeRawPointer(linkRow(candidates.top.slot, level: level)))
            }
            let row = linkRow(closest.slot, level: level)
            let n = Int(row[0])
            // Two passes: first pick the unvisited neighbours and ask the cache for their rows, then compute
            // distances, so the memory fetches overlap instead of stalling one after another.
            let fresh = scratch.fresh
            var m = 0
            var j = 1
            while j <= n {
                let neighbor = row[j]
                j &+= 1
                if visited[Int(neighbor)] == epoch { continue }
                visited[Int(neighbor)] = epoch
                let p = rowForPrefetch(neighbor).0
                cprefetch_read(p)
                cprefetch_read(p + 64)
                // The per-slot words the distance and the acceptor read next to the row are each a miss of their
                // own at a million slots: ask for them in this pass too.
                prefetchSlotWords(neighbor)
                acceptor.prefetch(neighbor)
                fresh[m] = neighbor
                m &+= 1
            }
            var i = 0
            while i < m {
                let neighbor = fresh[i]
                i &+= 1
                // While this distance is computed, fetch the rest of the next row (its first two lines are
                // already on their way); the hardware prefetcher alone lags behind on 1.5 KB rows.
                if i < m {
                    let (p, rowBytes) = rowForPrefetch(fresh[i])
                    var offset = 128
                    while offset < rowBytes {
                        cprefetch_read(p + offset)
                        offset &+= 64
                    }
                }
                let d = distance(query, neighbor)
                evaluations &+= 1
                if results.count < ef || d < lowerBound {
                    candidates.push(-d, neighbor)
                    if acceptor.accepts(neighbor) {
                        results.push(d, neighbor)
                        if results.count > ef { results.pop() }
                        lowerBound = results.top.distance
                    }
                }
            }
            if evaluations > budget { return false }
        }
        return true
    }

    /// k nearest live neighbours of `query` (already normalised if the metric wants it), best first.
    func search(_ floats: UnsafePointer<Float>, k: Int, ef: Int, scratch: SearchScratch) -> [IndexHit] {
        guard entryPoint != Self.noSlot, k > 0 else { return [] }
        let query = prepare(floats, scratch: scratch)
        let (start, startDistance) = greedyDescent(query, entry: entryPoint, entryDistance: distance(query, entryPoint),
                                                   from: maxLevel, to: 0)
        let width = max(ef, k)
        if tombstoneCount == 0 {
            searchLayer(query, entry: start, entryDistance: startDistance, level: 0, ef: width, scratch: scratch,
                        acceptor: AcceptAll())
        } else {
            searchLayer(query, entry: start, entryDistance: startDistance, level: 0, ef: width, scratch: scratch,
                        acceptor: AcceptLive(states: states))
        }
        return finish(scratch.results, query: query, k: k)
    }

    /// Pops the `k` best of a result max-heap into an array, best first.
    func drainResults(_ results: NeighborHeap, k: Int) -> [IndexHit] {
        while results.count > k { results.pop() }
        let n = results.count
        // An empty result must not go through unsafeUninitializedCapacity(0), which writes to the shared empty-array
        // storage (harmless, but ThreadSanitizer reports it as a race between concurrent searches).
        guard n > 0 else { return [] }
        return [IndexHit](unsafeUninitializedCapacity: n) { buffer, initialized in
            var i = n
            while i > 0 {
                i -= 1
                let r = results.pop()
                buffer[i] = IndexHit(key: keys[Int(r.slot)], slot: r.slot, distance: r.distance)
            }
            initialized = n
        }
    }
}
