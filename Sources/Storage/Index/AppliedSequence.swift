import Synchronization

/// The last change-log sequence (`index_sequence`) whose changes this process has applied to its in-memory
/// graph, every one before it included: what a snapshot may claim to cover.
///
/// Not `lastSequence(db)`: another process writing the same file (an offline import, a second server) takes
/// sequence numbers this process never applies. A write of ours that starts after such a gap does not advance
/// the value past it, so a snapshot never claims changes its graph lacks; a restart replays them from the log.
public final class AppliedSequence: Sendable {
    private let state = Mutex<(applied: Int64, gapAfter: Int64?)>((0, nil))

    /// Starts at `value` (what the loader brought the graph up to).
    public init(_ value: Int64 = 0) { state.withLock { $0.applied = value } }

    /// The sequence a snapshot taken now may record.
    public var value: Int64 { state.withLock { $0.applied } }

    /// Where the first gap was seen (the applied value it stopped at), or nil while the changes were contiguous.
    public var gapAfter: Int64? { state.withLock { $0.gapAfter } }

    /// The graph was (re)loaded up to `value`: the bookkeeping starts again from there.
    public func reset(to value: Int64) { state.withLock { $0 = (value, nil) } }

    /// A transaction of this process took the sequences `(start, end]` and its graph updates are done. Returns
    /// false (and stays put) when `start` is past the applied value: another writer's changes lie in between.
    @discardableResult
    public func committed(after start: Int64, through end: Int64) -> Bool {
        state.withLock { s in
            guard end > start else { return true }  // the write changed no vector
            guard start == s.applied, s.gapAfter == nil else {
                if s.gapAfter == nil, start > s.applied { s.gapAfter = s.applied }
                return false
            }
            s.applied = end
            return true
        }
    }
}
