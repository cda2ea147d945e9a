import CPrefetch

/// Decides which visited slots may enter a search's result set (every slot is still *traversed*). A protocol
/// rather than a closure so that the unfiltered paths are specialised and pay nothing per node.
protocol SlotAcceptor {
    func accepts(_ slot: UInt32) -> Bool
    /// Asks the cache for what `accepts(slot)` will read (called as the walk first meets the slot).
    func prefetch(_ slot: UInt32)
}

/// Accepts every slot; used while building, where tombstones still carry connectivity until compaction.
struct AcceptAll: SlotAcceptor {
    @inline(__always) func accepts(_ slot: UInt32) -> Bool { true }
    @inline(__always) func prefetch(_ slot: UInt32) {}
}

/// Accepts live slots only: searches never return deleted vectors.
struct AcceptLive: SlotAcceptor {
    let states: UnsafeMutablePointer<UInt8>
    @inline(__always) func accepts(_ slot: UInt32) -> Bool {
        states[Int(slot)] == HNSWGraph.SlotState.live.rawValue
    }
    @inline(__always) func prefetch(_ slot: UInt32) { cprefetch_read(UnsafeRawPointer(states + Int(slot))) }
}

/// Accepts live slots for which the caller's predicate (slot, key) holds.
struct AcceptMatching: SlotAcceptor {
    let states: UnsafeMutablePointer<UInt8>
    let keys: UnsafeMutablePointer<Int64>
    let predicate: (UInt32, Int64) -> Bool
    @inline(__always) func accepts(_ slot: UInt32) -> Bool {
        states[Int(slot)] == HNSWGraph.SlotState.live.rawValue && predicate(slot, keys[Int(slot)])
    }
    /// The state and the key; the predicate's own column read depends on the key, so it is not asked for.
    @inline(__always) func prefetch(_ slot: UInt32) {
        cprefetch_read(UnsafeRawPointer(states + Int(slot)))
        cprefetch_read(UnsafeRawPointer(keys + Int(slot)))
    }
}
