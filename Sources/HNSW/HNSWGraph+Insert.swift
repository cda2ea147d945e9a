import VectorMath

extension HNSWGraph {
    /// Inserts `vector` under `key` (Algorithm 1), replacing (tombstoning) any vector the key had. Returns the
    /// new slot.
    @discardableResult
    func insert(key: Int64, vector source: UnsafePointer<Float>, scratch: SearchScratch) -> UInt32 {
        let level = randomLevel()
        let slot = place(key: key, vector: source, level: level)
        guard entryPoint != Self.noSlot else {
            entryPoint = slot
            maxLevel = level
            return slot
        }
        // Searching every level first and then linking builds the same graph as interleaving them: linking on
        // level l changes only level-l rows, and the search below l reads none of them.
        let found = searchCandidates(probe(slot), level: level, scratch: scratch)
        for l in stride(from: min(level, maxLevel), through: 0, by: -1) where !found.perLevel[l].isEmpty {
            let n = found.perLevel[l].count
            scratch.reserveWork(n)
            for i in 0..<n { scratch.work[i] = found.perLevel[l][i] }
            connect(slot, level: l, candidates: n, scratch: scratch)
        }
        if level > maxLevel {
            entryPoint = slot
            maxLevel = level
        }
        return slot
    }

    /// Takes a slot for `key` at `level` (tombstoning the key's old vector) and stores the (normalised) vector,
    /// with no links yet.
    func place(key: Int64, vector source: UnsafePointer<Float>, level: Int) -> UInt32 {
        if let old = slotOfKey[key] { tombstone(old) }
        let slot = allocateSlot()
        store(source, into: slot)
        levels[Int(slot)] = UInt8(level)
        states[Int(slot)] = SlotState.live.rawValue
        keys[Int(slot)] = key
        links0[Int(slot) * stride0] = 0
        upperLinks[Int(slot)]?.deallocate()
        upperLinks[Int(slot)] = nil
        if level > 0 {
            let rows = UnsafeMutablePointer<UInt32>.allocate(capacity: level * strideUpper)
            rows.initialize(repeating: 0, count: level * strideUpper)
            upperLinks[Int(slot)] = rows
        }
        slotOfKey[key] = slot
        liveCount += 1
        return slot
    }

    /// Links `slot` on `level` to the heuristic's choice among `scratch.work[0..<candidates]` (nearest first),
    /// and each chosen neighbour back to it.
    func connect(_ slot: UInt32, level: Int, candidates: Int, scratch: SearchScratch) {
        let chosen = selectNeighbors(count: candidates, limit: M, scratch: scratch)
        let row = linkRow(slot, level: level)
        for i in 0..<chosen { row[1 + i] = scratch.selected[i].slot }
        row[0] = UInt32(chosen)
        // Iterate over our own row: `link` reuses the scratch work lists.
        for i in 0..<chosen { link(row[1 + i], to: slot, level: level, scratch: scratch) }
    }

    /// Moves a result heap into `scratch.work`, sorted nearest first; returns the count.
    func drainSorted(_ heap: NeighborHeap, into scratch: SearchScratch) -> Int {
        let n = heap.count
        scratch.reserveWork(n)
        var i = n
        while i > 0 {
            i -= 1
            scratch.work[i] = heap.pop()
        }
        return n
    }

    /// Algorithm 4 (the heuristic): walks `scratch.work[0..<count]` (sorted nearest first, distances to the base
    /// node) and keeps a candidate only if it is closer to the base than to every neighbour already kept, which
    /// spreads links over directions instead of piling them into one cluster. Output in `scratch.selected`.
    func selectNeighbors(count: Int, limit: Int, scratch: SearchScratch) -> Int {
        let work = scratch.work, selected = scratch.selected
        if count <= limit {
            selected.update(from: work, count: count)
            return count
        }
        var chosen = 0
        for i in 0..<count {
            if chosen >= limit { break }
            let candidate = work[i]
            let cv = probe(candidate.slot)
            var good = true
            for j in 0..<chosen where distance(cv, selected[j].slot) < candidate.distance {
                good = false
                break
            }
            if good {
                selected[chosen] = candidate
                chosen += 1
            }
        }
        return chosen
    }

    /// Adds the link `from → to` on `level`; when `from` is full, re-selects its links with the heuristic over
    /// the old links plus the new one.
    func link(_ from: UInt32, to: UInt32, level: Int, scratch: SearchScratch) {
        let row = linkRow(from, level: level)
        let n = Int(row[0])
        let limit = configuration.maxLinks(level: level)
        if n < limit {
            row[1 + n] = to
            row[0] = UInt32(n + 1)
            return
        }
        let base = probe(from)
        scratch.reserveWork(n + 1)
        let work = scratch.work
        for i in 0..<n { work[i] = Neighbor(distance: distance(base, row[1 + i]), slot: row[1 + i]) }
        work[n] = Neighbor(distance: distance(base, to), slot: to)
        insertionSort(work, count: n + 1)
        let chosen = selectNeighbors(count: n + 1, limit: limit, scratch: scratch)
        for i in 0..<chosen { row[1 + i] = scratch.selected[i].slot }
        row[0] = UInt32(chosen)
    }

    /// Sorts a short work list nearest first without allocating (lists here hold at most a few hundred entries).
    func insertionSort(_ items: UnsafeMutablePointer<Neighbor>, count: Int) {
        var i = 1
        while i < count {
            let x = items[i]
            var j = i - 1
            while j >= 0 && items[j].distance > x.distance {
                items[j + 1] = items[j]
                j -= 1
            }
            items[j + 1] = x
            i += 1
        }
    }
}
