/// Decides which visited slots may enter a search's result set (every slot is still *traversed*). A protocol
/// rather than a closure so that the unfiltered paths are specialised and pay nothing per node.
protocol SlotAcceptor {
    func accepts(_ slot: UInt32) -> Bool
}

/// Accepts every slot; used while building, where tombstones still carry connectivity until compaction.
struct AcceptAll: SlotAcceptor {
    @inline(__always) func accepts(_ slot: UInt32) -> Bool { true }
}

/// Accepts live slots only: searches never return deleted vectors.
struct AcceptLive: SlotAcceptor {
    let states: UnsafeMutablePointer<UInt8>
    @inline(__always) func accepts(_ slot: UInt32) -> Bool {
        states[Int(slot)] == HNSWGraph.SlotState.live.rawValue
    }
}

/// Accepts live slots for which the caller's predicate (slot, key) holds.
struct AcceptMatching: SlotAcceptor {
    let states: UnsafeMutablePointer<UInt8>
    let keys: UnsafeMutablePointer<Int64>
    let predicate: (UInt32, Int64) -> Bool
    @inline(__always) func accepts(_ slot: UInt32) -> Bool {
        states[Int(slot)] == HNSWGraph.SlotState.live.rawValue && predicate(slot, keys[Int(slot)])
    }
}
