import VectorMath

extension HNSWGraph {
    /// Removes `key`'s vector: the slot becomes a tombstone that searches traverse but never return, until
    /// `compact` rewires its neighbours and frees it. Returns false when the key is unknown.
    @discardableResult
    func remove(key: Int64) -> Bool {
        guard let slot = slotOfKey[key] else { return false }
        tombstone(slot)
        return true
    }

    func tombstone(_ slot: UInt32) {
        precondition(isLive(slot), "tombstoning a slot that is not live")
        slotOfKey.removeValue(forKey: keys[Int(slot)])
        states[Int(slot)] = SlotState.tombstone.rawValue
        liveCount -= 1
        tombstoneCount += 1
    }

    /// Whether enough tombstones piled up that the next delete should compact.
    var needsCompaction: Bool {
        tombstoneCount > max(configuration.compactionMinimum, Int(Double(slotCount) * configuration.compactionRatio))
    }

    /// Repairs every link list that points at a tombstone, then frees the tombstoned slots for reuse.
    ///
    /// A live node that lost neighbours gets candidates from its surviving links plus the live links of each
    /// removed neighbour (the removed node's neighbourhood is exactly the region the node was reaching through
    /// it), and re-selects with the heuristic. Nodes reachable only through a removed node are thereby linked
    /// to by that node's former in-neighbours, so deletes neither leave holes nor keep dead memory.
    func compact(scratch: SearchScratch) {
        guard tombstoneCount > 0 else { return }
        repairLinks(slots: 0..<slotCount, scratch: scratch)
        freeTombstones()
    }

    /// The first half of `compact`: repairs the link lists of the live slots in `range` that point at
    /// tombstones. The graph is sound after every call, so `HNSWIndex` runs it in short chunks between which
    /// searches (and other writers) get the lock; a final `compact` then has little left to repair.
    func repairLinks(slots range: Range<Int>, scratch: SearchScratch) {
        guard tombstoneCount > 0 else { return }
        for s in range.clamped(to: 0..<slotCount) where states[s] == SlotState.live.rawValue {
            let slot = UInt32(s)
            for level in 0...Int(levels[s]) {
                repairLinks(of: slot, level: level, scratch: scratch)
            }
        }
    }

    /// The second half of `compact`: frees every tombstone (no live link points at one any more).
    private func freeTombstones() {
        for s in 0..<slotCount where states[s] == SlotState.tombstone.rawValue {
            states[s] = SlotState.free.rawValue
            links0[s * stride0] = 0
            upperLinks[s]?.deallocate()
            upperLinks[s] = nil
            levels[s] = 0
            freeSlots.append(UInt32(s))
        }
        tombstoneCount = 0
        // Keep the free list ordered so that reuse fills low slots first (deterministic, compact snapshots).
        freeSlots.sort(by: >)
        if entryPoint != Self.noSlot && !isLive(entryPoint) { chooseEntryPoint() }
    }

    /// Picks a live node on the highest populated level as entry point (or none when the index is empty).
    func chooseEntryPoint() {
        entryPoint = Self.noSlot
        maxLevel = -1
        for s in 0..<slotCount where states[s] == SlotState.live.rawValue && Int(levels[s]) > maxLevel {
            entryPoint = UInt32(s)
            maxLevel = Int(levels[s])
        }
    }

    private func repairLinks(of slot: UInt32, level: Int, scratch: SearchScratch) {
        let row = linkRow(slot, level: level)
        let n = Int(row[0])
        var dead = false
        for j in 1..<(n + 1) where !isLive(row[j]) {
            dead = true
            break
        }
        guard dead else { return }
        let epoch = scratch.nextEpoch(slots: slotCount)  // first: it may reallocate `visited`
        let visited = scratch.visited
        visited[Int(slot)] = epoch
        let base = probe(slot)
        var count = 0
        func consider(_ candidate: UInt32) {
            guard isLive(candidate), visited[Int(candidate)] != epoch else { return }
            visited[Int(candidate)] = epoch
            scratch.reserveWork(count + 1, preserving: count)
            scratch.work[count] = Neighbor(distance: distance(base, candidate), slot: candidate)
            count += 1
        }
        for j in 1..<(n + 1) where isLive(row[j]) { consider(row[j]) }
        for j in 1..<(n + 1) where !isLive(row[j]) {
            let deadRow = linkRow(row[j], level: level)
            for i in 1..<(Int(deadRow[0]) + 1) { consider(deadRow[i]) }
        }
        insertionSort(scratch.work, count: count)
        let chosen = selectNeighbors(count: count, limit: configuration.maxLinks(level: level), scratch: scratch)
        for i in 0..<chosen { row[1 + i] = scratch.selected[i].slot }
        row[0] = UInt32(chosen)
        // Links back, as an insert makes them: a node whose in-neighbours were all deleted would otherwise be
        // unreachable. Iterate over our own row because `link` reuses the scratch lists.
        for i in 0..<chosen where !hasLink(from: row[1 + i], to: slot, level: level) {
            link(row[1 + i], to: slot, level: level, scratch: scratch)
        }
    }

    private func hasLink(from: UInt32, to: UInt32, level: Int) -> Bool {
        let row = linkRow(from, level: level)
        for j in 1..<(Int(row[0]) + 1) where row[j] == to { return true }
        return false
    }
}
