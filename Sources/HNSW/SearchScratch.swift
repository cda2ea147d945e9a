/// Per-search working memory: an epoch-tagged visited list (clearing it is one increment, not a memset of the
/// whole index), the candidate and result heaps, and a work list for neighbour selection. One search at a time
/// owns a scratch; `ScratchPool` hands them out to concurrent readers.
final class SearchScratch {
    /// Visit tags, 16 bits like hnswlib's: the list is random-accessed once per neighbour looked at, and at
    /// half the bytes more of it stays in cache (200 KB for 100k slots). Wraps every 65,535 searches.
    private(set) var visited: UnsafeMutablePointer<UInt16>
    private(set) var visitedCapacity: Int
    private var epoch: UInt16 = 0
    let candidates: NeighborHeap
    let results: NeighborHeap
    private(set) var work: UnsafeMutablePointer<Neighbor>
    private(set) var workCapacity: Int
    /// A second work list for the output of neighbour selection.
    private(set) var selected: UnsafeMutablePointer<Neighbor>
    /// Unvisited neighbours of the node being expanded (at most 2M + 1 of them, M <= 255).
    let fresh: UnsafeMutablePointer<UInt32>
    /// An int8 graph's quantized query (`reserveQueryRow`).
    private(set) var queryCodes: UnsafeMutablePointer<Int8> = .allocate(capacity: 64)
    private(set) var queryScales: UnsafeMutablePointer<Float> = .allocate(capacity: 1)
    private var queryBlocks = 1

    init(slots: Int, ef: Int) {
        visitedCapacity = max(slots, 16)
        visited = HugePages.allocate(UInt16.self, capacity: visitedCapacity)
        visited.initialize(repeating: 0, count: visitedCapacity)
        candidates = NeighborHeap(capacity: ef * 4)
        results = NeighborHeap(capacity: ef + 1)
        workCapacity = max(ef * 2, 64)
        work = .allocate(capacity: workCapacity)
        selected = .allocate(capacity: workCapacity)
        fresh = .allocate(capacity: 512)
    }

    deinit {
        queryCodes.deallocate()
        queryScales.deallocate()
        fresh.deallocate()
        visited.deallocate()
        work.deallocate()
        selected.deallocate()
    }

    /// Starts a new visited generation covering at least `slots` slots and returns its tag.
    @inline(__always)
    func nextEpoch(slots: Int) -> UInt16 {
        if slots > visitedCapacity { growVisited(slots) }
        epoch &+= 1
        if epoch == 0 {
            // Wrapped after 65,535 searches: old tags could collide, so really clear once.
            visited.update(repeating: 0, count: visitedCapacity)
            epoch = 1
        }
        return epoch
    }

    /// Makes sure both work lists hold at least `n` entries, keeping the first `used` entries of `work`.
    @inline(__always)
    func reserveWork(_ n: Int, preserving used: Int = 0) {
        guard n > workCapacity else { return }
        let size = max(n, workCapacity * 2)
        let bigger = UnsafeMutablePointer<Neighbor>.allocate(capacity: size)
        bigger.update(from: work, count: used)
        work.deallocate()
        selected.deallocate()
        work = bigger
        selected = .allocate(capacity: size)
        workCapacity = size
    }

    /// Makes the query row hold `blocks` int8 blocks.
    @inline(__always)
    func reserveQueryRow(blocks: Int) {
        guard blocks > queryBlocks else { return }
        queryCodes.deallocate()
        queryScales.deallocate()
        queryCodes = .allocate(capacity: blocks * 64)
        queryScales = .allocate(capacity: blocks)
        queryBlocks = blocks
    }

    private func growVisited(_ slots: Int) {
        let size = max(slots, visitedCapacity * 2)
        visited.deallocate()
        visited = HugePages.allocate(UInt16.self, capacity: size)
        visited.initialize(repeating: 0, count: size)
        visitedCapacity = size
        epoch = 0
    }
}
