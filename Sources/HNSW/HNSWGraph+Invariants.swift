extension HNSWGraph {
    /// Every structural rule the graph must satisfy, as human-readable violations (empty when sound): link
    /// counts within the level's degree, no self or duplicate links, links only to occupied slots that exist on
    /// that level (and only to live ones when no tombstones are pending), the key map and counters agreeing with
    /// the slots, and the entry point on the top level.
    func invariantViolations(limit: Int = 20) -> [String] {
        var problems: [String] = []
        func report(_ message: @autoclosure () -> String) {
            if problems.count < limit { problems.append(message()) }
        }
        var live = 0, tombstones = 0, top = -1
        for s in 0..<slotCount {
            let slot = UInt32(s)
            switch states[s] {
            case SlotState.free.rawValue:
                if links0[s * stride0] != 0 { report("free slot \(s) still has level-0 links") }
                continue
            case SlotState.live.rawValue:
                live += 1
                if slotOfKey[keys[s]] != slot { report("live slot \(s) key \(keys[s]) not mapped back to it") }
            case SlotState.tombstone.rawValue:
                tombstones += 1
                if slotOfKey[keys[s]] == slot { report("tombstone \(s) still mapped from key \(keys[s])") }
            default:
                report("slot \(s) has unknown state \(states[s])")
                continue
            }
            let level = Int(levels[s])
            top = max(top, level)
            if (level > 0) != (upperLinks[s] != nil) {
                report("slot \(s) level \(level) upper storage mismatch")
                continue
            }
            for l in 0...level {
                let row = linkRow(slot, level: l)
                let n = Int(row[0])
                if n > configuration.maxLinks(level: l) { report("slot \(s) level \(l) has \(n) links") }
                var seen = Set<UInt32>()
                for j in 1..<(min(n, configuration.maxLinks(level: l)) + 1) {
                    let t = row[j]
                    if t == slot { report("slot \(s) links to itself on level \(l)") }
                    if !seen.insert(t).inserted { report("slot \(s) links twice to \(t) on level \(l)") }
                    guard Int(t) < slotCount, states[Int(t)] != SlotState.free.rawValue else {
                        report("slot \(s) level \(l) links to unoccupied slot \(t)")
                        continue
                    }
                    if tombstoneCount == 0 && !isLive(t) { report("slot \(s) links to dead slot \(t)") }
                    if Int(levels[Int(t)]) < l { report("slot \(s) links on level \(l) to \(t) of level \(levels[Int(t)])") }
                }
            }
        }
        if live != liveCount { report("liveCount \(liveCount) but \(live) live slots") }
        if tombstones != tombstoneCount { report("tombstoneCount \(tombstoneCount) but \(tombstones) tombstones") }
        if slotOfKey.count != liveCount { report("key map holds \(slotOfKey.count) keys for \(liveCount) live slots") }
        if live + tombstones == 0 {
            if entryPoint != Self.noSlot { report("empty graph has entry point \(entryPoint)") }
        } else if entryPoint == Self.noSlot || Int(entryPoint) >= slotCount
                    || states[Int(entryPoint)] == SlotState.free.rawValue {
            report("entry point \(entryPoint) is not an occupied slot")
        } else {
            if Int(levels[Int(entryPoint)]) != maxLevel { report("entry point level \(levels[Int(entryPoint)]) != maxLevel \(maxLevel)") }
            if maxLevel != top { report("maxLevel \(maxLevel) but highest node level \(top)") }
        }
        return problems
    }
}
