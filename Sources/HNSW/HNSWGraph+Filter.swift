import CPrefetch
import VectorMath

extension HNSWGraph {
    /// k nearest live neighbours among the slots for which `predicate(slot, key)` holds, best first.
    ///
    /// Plain HNSW with a post-filter collapses when the filter is selective (hnswlib #465, Weaviate #3542): the
    /// result list never fills, or fills with the few matches near the entry. So: estimate the fraction of
    /// matching slots from a fixed sample, then take the cheaper of two plans by their expected distance
    /// computations: the exact scan (every match, plus one pass over the slots' columns at about 1/32 of a
    /// distance each), or a walk of the graph with only matching slots admitted and `ef` widened by
    /// sqrt(1/selectivity) (to collect `width` matches it expands about width/selectivity nodes, M new neighbours
    /// each). The walk falls back to the exact scan if it runs over budget or comes back short. Both are bounded
    /// per request: the widened ef by `maxFilteredEf`, the exact scan's distances by `exactScanBudget`.
    ///
    /// Measured on a 1.15M-appearance catalog (`scripts/bench-scale 1000000`, int8, 791-d), ANN stage p50: a 1%
    /// filter walked at ef 512 took 44 ms (the walk ran out of budget, then scanned), scanned it takes 10; a 10%
    /// filter walked at ef 512 took 16 ms, at the sqrt widening (203) 7.
    /// `selectivity`, when the caller has estimated it already (the candidate-list search), is not sampled again.
    func search(_ floats: UnsafePointer<Float>, k: Int, ef: Int, scratch: SearchScratch, selectivity known: Double? = nil,
                where predicate: (UInt32, Int64) -> Bool) -> [IndexHit] {
        guard entryPoint != Self.noSlot, k > 0, liveCount > 0 else { return [] }
        let query = prepare(floats, scratch: scratch)
        let selectivity = known ?? estimateSelectivity(predicate)
        let expectedMatches = selectivity * Double(liveCount)
        let plan = Self.filteredPlan(selectivity: selectivity, live: liveCount, slots: slotCount, k: k, ef: ef,
                                     configuration: configuration)
        guard case .walk(let width) = plan else {
            return exactSearch(query, k: k, keep: max(ef, k), scratch: scratch, where: predicate)
        }
        // Nodes the walk may visit before it gives up for the exact scan: half the index, but within the budget.
        let budget = min(max(liveCount / 2, width * 4), max(width * 4, configuration.exactScanBudget))
        let (start, startDistance) = greedyDescent(query, entry: entryPoint, entryDistance: distance(query, entryPoint),
                                                   from: maxLevel, to: 0)
        let completed = withoutActuallyEscaping(predicate) { escapable in
            searchLayer(query, entry: start, entryDistance: startDistance, level: 0, ef: width, scratch: scratch,
                        acceptor: AcceptMatching(states: states, keys: keys, predicate: escapable),
                        budget: budget)
        }
        if !completed || (scratch.results.count < k && Double(scratch.results.count) < expectedMatches) {
            return exactSearch(query, k: k, keep: max(ef, k), scratch: scratch, where: predicate)
        }
        return finish(scratch.results, query: query, k: k)
    }

    /// k nearest live neighbours among `candidates` (keys) for which `predicate` holds: the filter's own list of
    /// the keys it can match (a brand's or a category's appearances), so the exact plan looks up those keys instead
    /// of passing over every slot. The plan is chosen as in `search(_:k:ef:scratch:where:)`, with the scan's cost
    /// the candidates' lookups; the walk, when cheaper, ignores the list.
    ///
    /// The pass over every slot cost about 6 ms at 1.15M slots whatever the filter matched. Measured with
    /// `scripts/bench-scale 300000` (345k appearances, int8), /search end to end p50/p99: a 0.1% brand 4.2/9.6 ->
    /// 1.8/5.1 ms, a 1% brand 33.2/54.3 -> 4.0/6.7 ms.
    func search<Candidates: Collection<Int64>>(_ floats: UnsafePointer<Float>, k: Int, ef: Int,
                                               scratch: SearchScratch, candidates: Candidates,
                                               where predicate: (UInt32, Int64) -> Bool) -> [IndexHit] {
        guard entryPoint != Self.noSlot, k > 0, liveCount > 0, !candidates.isEmpty else { return [] }
        let bound = min(1, Double(candidates.count) / Double(liveCount))
        let selectivity = min(bound, estimateSelectivity(predicate))
        let plan = Self.filteredPlan(selectivity: selectivity, live: liveCount, slots: slotCount,
                                     k: k, ef: ef, configuration: configuration, scanned: candidates.count)
        guard case .exact = plan else {
            return search(floats, k: k, ef: ef, scratch: scratch, selectivity: selectivity, where: predicate)
        }
        let query = prepare(floats, scratch: scratch)
        // Live matching slots in slot order: the vectors are read front to back, and equal distances resolve
        // the same way as the full scan's.
        var slots: [UInt32] = []
        slots.reserveCapacity(min(candidates.count, configuration.exactScanBudget))
        if Self.ordersByMarking(candidates: candidates.count, slots: slotCount) {
            // A long list: mark its slots in the visited tags, then read the tags front to back (a pass over 2
            // bytes a slot) instead of sorting (a third of the scan's time for a 10% brand at 345k slots).
            let epoch = scratch.nextEpoch(slots: slotCount)
            let tags = scratch.visited
            for key in candidates {
                // The key map holds live slots only (`checkInvariants`).
                if let slot = slotOfKey[key] { tags[Int(slot)] = epoch }
            }
            // The predicate in slot order too: keys mostly grow with slots, so its column reads run ahead of
            // the cache instead of missing it at random, as they did in the list's hash order.
            var s = 0
            while s < slotCount {
                if tags[s] == epoch, predicate(UInt32(truncatingIfNeeded: s), keys[s]) {
                    slots.append(UInt32(truncatingIfNeeded: s))
                }
                s &+= 1
            }
        } else {
            // Keys in order first: the list comes in hash order, and the key → slot map and the predicate's
            // columns are indexed by key, so in key order their reads run front to back instead of missing the
            // cache once per key. Slots mostly grow with keys, so the second sort meets long sorted runs.
            var ordered = Array(candidates)
            ordered.sort()
            for key in ordered {
                guard let slot = slotOfKey[key], predicate(slot, key) else { continue }
                slots.append(slot)
            }
            slots.sort()
        }
        if slots.count > configuration.exactScanBudget { slots.removeLast(slots.count - configuration.exactScanBudget) }
        return exactSearch(query, k: k, keep: max(ef, k), scratch: scratch, slots: slots)
    }

    /// Whether a key list of `candidates` is put in slot order by marking (a pass over every slot's tag) rather
    /// than by sorting (about log2(n) compares and moves per entry, each costing more than a tag read).
    static func ordersByMarking(candidates: Int, slots: Int) -> Bool {
        guard candidates > 64 else { return false }
        let log2n = Double(Int.bitWidth - candidates.leadingZeroBitCount)
        return Double(candidates) * log2n * 4 > Double(slots)
    }

    /// Exact k nearest among `slots` (live and matching, checked by the caller).
    func exactSearch(_ query: Probe, k: Int, keep: Int, scratch: SearchScratch, slots: [UInt32]) -> [IndexHit] {
        let results = scratch.results
        results.removeAll()
        guard k > 0 else { return [] }
        let width = int8 ? max(keep, k) : k
        // The rows are scattered (one brand's appearances among all): ask for each row a dozen distances ahead
        // so the fetches overlap instead of stalling one after another. A distance takes far less than a fetch
        // from DRAM: at 300k x 791 int8 (`bench-filter --k 100 --efs 100`) 12 ahead against 4 took the 1% brand's
        // key-list p50 from 2.03 to 1.30 ms and the 10% brand's from 10.9 to 9.8 ms.
        let ahead = 12
        slots.withUnsafeBufferPointer { list in
            let n = list.count
            for i in 0..<min(ahead, n) { prefetchRow(list[i]) }
            for i in 0..<n {
                if i &+ ahead < n { prefetchRow(list[i &+ ahead]) }
                let slot = list[i]
                offer(distance(query, slot), slot, width: width, to: results)
            }
        }
        return finish(results, query: query, k: k)
    }

    /// Asks the cache for every line of `slot`'s row (and, for int8, its block scales).
    @inline(__always) func prefetchRow(_ slot: UInt32) {
        let (p, bytes) = rowForPrefetch(slot)
        var offset = 0
        while offset < bytes {
            cprefetch_read(p + offset)
            offset &+= 64
        }
        if int8 { cprefetch_read(UnsafeRawPointer(scales + Int(slot) &* blocks)) }
    }

    /// How a filtered search runs: an exact scan of the matches, or a graph walk of beam `width`.
    enum FilteredPlan: Equatable {
        case exact
        case walk(width: Int)
    }

    /// The cheaper plan for a filter matching `selectivity` of `live` slots (see `search(_:k:ef:scratch:where:)`).
    /// `scanned`: the number of candidate keys an exact scan would look up (a hash lookup and a column read,
    /// about a quarter of a distance each); nil when it passes over every slot (about 1/32 of a distance each).
    static func filteredPlan(selectivity: Double, live: Int, slots: Int, k: Int, ef: Int,
                             configuration: HNSWConfiguration, scanned: Int? = nil) -> FilteredPlan {
        let matches = selectivity * Double(live)
        if matches <= Double(max(configuration.exactScanThreshold, k)) { return .exact }
        let base = Double(max(ef, k))
        let widened = min(base / max(selectivity, 1e-3).squareRoot(), base * 64,
                          Double(max(configuration.maxFilteredEf, ef, k)))
        let width = min(Int(widened.rounded(.up)), max(live, k))
        let walkCost = Double(width) / max(selectivity, 1e-6) * Double(configuration.M)
        let exactCost = matches + (scanned.map { Double($0) / 4 } ?? Double(slots) / 32)
        if exactCost <= walkCost && matches <= Double(configuration.exactScanBudget) { return .exact }
        return .walk(width: width)
    }

    /// Exact k nearest among live matching slots: one pass over the slots, distances only for matches, at most
    /// `exactScanBudget` of them (past it the best found so far, among the first matches in slot order).
    /// For int8 the scan keeps the `keep` best by int8 distance (default 4k, at least 64) and re-ranks those (`finish`).
    func exactSearch(_ floats: UnsafePointer<Float>, k: Int, keep: Int? = nil, scratch: SearchScratch,
                     where predicate: (UInt32, Int64) -> Bool) -> [IndexHit] {
        exactSearch(prepare(floats, scratch: scratch), k: k, keep: keep ?? max(4 * k, 64), scratch: scratch,
                    where: predicate)
    }

    func exactSearch(_ query: Probe, k: Int, keep: Int? = nil, scratch: SearchScratch,
                     where predicate: (UInt32, Int64) -> Bool) -> [IndexHit] {
        let results = scratch.results
        results.removeAll()
        guard k > 0 else { return [] }
        // The result heap holds ef + 1 entries at most (`SearchScratch`); an f32 scan needs only k.
        let width = int8 ? max(keep ?? k, k) : k
        var left = configuration.exactScanBudget
        for s in 0..<slotCount where states[s] == SlotState.live.rawValue {
            let slot = UInt32(s)
            guard predicate(slot, keys[s]) else { continue }
            guard left > 0 else { break }
            left -= 1
            offer(distance(query, slot), slot, width: width, to: results)
        }
        return finish(results, query: query, k: k)
    }

    /// Offers one scanned slot to the result heap, which keeps the `width` nearest.
    @inline(__always) func offer(_ d: Float, _ slot: UInt32, width: Int, to results: NeighborHeap) {
        if results.count < width {
            results.push(d, slot)
        } else if d < results.top.distance {
            results.pop()
            results.push(d, slot)
        }
    }

    /// Fraction of live slots matching `predicate`, from up to 4,096 slots (all of them in a small index). The
    /// sample positions come from a fixed hash sequence, so the same query takes the same path, yet they never
    /// march in step with a periodic layout (a catalog imported brand by brand, or in rotation), which evenly
    /// spaced samples did: one in 1,000 slots looked like one in 64. The predicate reads flat columns, so the
    /// sample costs microseconds.
    func estimateSelectivity(_ predicate: (UInt32, Int64) -> Bool) -> Double {
        let samples = min(4_096, slotCount)
        guard samples > 0 else { return 0 }
        var seen = 0, matched = 0
        for i in 0..<samples {
            let s = samples == slotCount ? i : Int(Self.mix(UInt64(i)) % UInt64(slotCount))
            guard states[s] == SlotState.live.rawValue else { continue }
            seen += 1
            if predicate(UInt32(s), keys[s]) { matched += 1 }
        }
        guard seen > 0 else { return 1 }
        return Double(matched) / Double(seen)
    }

    /// SplitMix64's finalizer: a bijection of 64-bit values that scatters consecutive inputs.
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
