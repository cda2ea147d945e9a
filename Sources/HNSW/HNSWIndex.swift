#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization
import VectorMath

/// An HNSW vector index (Malkov & Yashunin) keyed by `Int64`, safe for many concurrent searches alongside one
/// writer: searches share a readers-writer lock, inserts and deletes take it exclusively, compaction takes it
/// exclusively in short steps.
///
/// Keys map to internal slots; filter predicates receive the slot (and key) so callers can keep per-slot
/// metadata in flat arrays. A slot stays with its key until the key is deleted or re-inserted.
public final class HNSWIndex: @unchecked Sendable {
    // Invariant: `graph` is only touched under `lock` (shared for reads, exclusive for writes).
    let lock = ReadWriteLock()
    /// Held by the one compaction that may run at a time (outside `lock`, which it takes in steps).
    let compactionMutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        m.initialize(to: pthread_mutex_t())
        pthread_mutex_init(m, nil)
        return m
    }()
    var graph: HNSWGraph
    let scratchPool: ScratchPool
    /// `graph.liveCount`, republished after every write under the write lock, so `count` (read by `/health` on an
    /// I/O thread) never waits for a writer.
    private let liveMirror = Atomic<Int>(0)
    /// Writes so far (under the write lock): a batch insert checks that nothing changed the graph between its
    /// read-locked searches and its linking.
    var mutations = 0
    var defaultEf: Int

    /// The parameters the index was created with.
    public let configuration: HNSWConfiguration

    /// An empty index.
    public init(configuration: HNSWConfiguration) {
        self.configuration = configuration
        graph = HNSWGraph(configuration: configuration)
        scratchPool = ScratchPool(ef: max(configuration.efConstruction, configuration.efSearch))
        defaultEf = configuration.efSearch
    }

    init(graph: HNSWGraph, configuration: HNSWConfiguration) {
        self.configuration = configuration
        self.graph = graph
        scratchPool = ScratchPool(ef: max(configuration.efConstruction, configuration.efSearch))
        defaultEf = configuration.efSearch
        liveMirror.store(graph.liveCount, ordering: .relaxed)
    }

    deinit {
        pthread_mutex_destroy(compactionMutex)
        compactionMutex.deallocate()
    }

    /// Number of live (searchable) vectors.
    public var count: Int { liveMirror.load(ordering: .relaxed) }

    /// Deleted vectors still occupying slots until the next compaction.
    public var tombstoneCount: Int { lock.withReadLock { graph.tombstoneCount } }

    /// Upper bound (exclusive) of slot numbers in use, for callers sizing per-slot metadata arrays.
    public var slotCapacity: Int { lock.withReadLock { graph.slotCount } }

    /// Approximate bytes of memory the index holds.
    public var memoryBytes: Int { lock.withReadLock { graph.memoryBytes } }

    /// The `ef` used by searches that do not pass one.
    public var efSearch: Int {
        get { lock.withReadLock { defaultEf } }
        set { lock.withWriteLock { defaultEf = max(newValue, 1) } }
    }

    /// Inserts or replaces the vector stored under `key`; returns the slot it now occupies. Deletes may trigger
    /// compaction, inserts never do.
    @discardableResult
    public func insert(key: Int64, vector: UnsafeBufferPointer<Float>) -> UInt32 {
        precondition(vector.count == configuration.dimension, "vector has \(vector.count) dims, index \(configuration.dimension)")
        return lock.withWriteLock {
            let slot = scratchPool.with(slots: graph.slotCount + 1) { scratch in
                graph.insert(key: key, vector: vector.baseAddress!, scratch: scratch)
            }
            mutations += 1
            liveMirror.store(graph.liveCount, ordering: .relaxed)
            return slot
        }
    }

    /// Inserts or replaces the vector stored under `key`; returns its slot.
    @discardableResult
    public func insert(key: Int64, vector: [Float]) -> UInt32 {
        vector.withUnsafeBufferPointer { insert(key: key, vector: $0) }
    }

    /// Inserts or replaces many vectors, in order, with the same result as inserting them one by one except that
    /// each finds its neighbours among the graph as it stood plus the batch's earlier vectors: the beam searches,
    /// most of an insert's cost, run on `threads` threads at once under the read lock (searches go on meanwhile),
    /// and only the linking takes the write lock. Returns the slots.
    @discardableResult
    public func insertBatch(_ items: [(key: Int64, vector: [Float])], threads: Int = 2) -> [UInt32] {
        for item in items {
            precondition(item.vector.count == configuration.dimension,
                         "vector has \(item.vector.count) dims, index \(configuration.dimension)")
        }
        guard items.count > 1, threads > 1 else { return items.map { insert(key: $0.key, vector: $0.vector) } }
        // Levels in item order, as one-by-one inserts would draw them.
        let (levels, before) = lock.withWriteLock { (items.map { _ in graph.randomLevel() }, mutations) }
        let found = UnsafeMutableBufferPointer<HNSWGraph.BatchCandidates>.allocate(capacity: items.count)
        defer { found.deinitialize().deallocate() }
        let searched = BatchSearch(index: self, items: items, levels: levels, out: found)
        DispatchQueue.concurrentPerform(iterations: min(threads, items.count)) { searched.run(lane: $0, lanes: threads) }
        return lock.withWriteLock {
            scratchPool.with(slots: graph.slotCount + items.count) { scratch in
                // Another writer got in between: the candidates may name slots it changed, so search again here.
                let stale = mutations != before
                var placed: [(slot: UInt32, level: Int)] = []
                placed.reserveCapacity(items.count)
                for (i, item) in items.enumerated() {
                    let slot = item.vector.withUnsafeBufferPointer { v in
                        let candidates = stale ? graph.batchCandidates(for: v.baseAddress!, level: levels[i], scratch: scratch)
                            : found[i]
                        return graph.placeBatchItem(key: item.key, vector: v.baseAddress!, level: levels[i], found: candidates,
                                                    earlier: placed, scratch: scratch)
                    }
                    placed.append((slot, levels[i]))
                }
                mutations += 1
                liveMirror.store(graph.liveCount, ordering: .relaxed)
                return placed.map(\.slot)
            }
        }
    }

    /// The parallel half of `insertBatch`: lane `t` searches items `t, t + lanes, ...` under the read lock.
    private struct BatchSearch: @unchecked Sendable {
        let index: HNSWIndex
        let items: [(key: Int64, vector: [Float])]
        let levels: [Int]
        let out: UnsafeMutableBufferPointer<HNSWGraph.BatchCandidates>

        func run(lane: Int, lanes: Int) {
            index.lock.withReadLock {
                index.scratchPool.with(slots: index.graph.slotCount) { scratch in
                    var i = lane
                    while i < items.count {
                        let result = items[i].vector.withUnsafeBufferPointer {
                            index.graph.batchCandidates(for: $0.baseAddress!, level: levels[i], scratch: scratch)
                        }
                        (out.baseAddress! + i).initialize(to: result)
                        i += lanes
                    }
                }
            }
        }
    }

    /// Deletes `key`'s vector; returns false if the key was not present. Compacts once tombstones exceed
    /// `compactionRatio` of the slots (and `compactionMinimum`).
    @discardableResult
    public func remove(key: Int64) -> Bool {
        let (removed, compactNow) = lock.withWriteLock {
            let outcome = graph.remove(key: key) ? (true, graph.needsCompaction) : (false, false)
            mutations += 1
            liveMirror.store(graph.liveCount, ordering: .relaxed)
            return outcome
        }
        // When a compaction is already running it will also take care of this tombstone.
        if compactNow { compact(waitForRunning: false) }
        return removed
    }

    /// Rewires around every tombstone now and frees their slots. Searches keep running meanwhile: the
    /// rewiring takes the write lock for `compactionChunk` slots at a time, and only the final pass (which
    /// repairs what writers changed in between, then frees the slots) holds it throughout.
    public func compact() { compact(waitForRunning: true) }

    /// Slots whose links one step of compaction repairs under the write lock.
    static let compactionChunk = 64

    private func compact(waitForRunning: Bool) {
        if waitForRunning {
            pthread_mutex_lock(compactionMutex)
        } else if pthread_mutex_trylock(compactionMutex) != 0 {
            return
        }
        defer { pthread_mutex_unlock(compactionMutex) }
        var start = 0
        while true {
            let more = lock.withWriteLock {
                guard graph.tombstoneCount > 0, start < graph.slotCount else { return false }
                scratchPool.with(slots: graph.slotCount) { scratch in
                    graph.repairLinks(slots: start..<(start + Self.compactionChunk), scratch: scratch)
                    mutations += 1
                }
                return true
            }
            guard more else { break }
            start += Self.compactionChunk
        }
        lock.withWriteLock {
            scratchPool.with(slots: graph.slotCount) { graph.compact(scratch: $0) }
            mutations += 1
        }
    }

    /// Whether `key` has a live vector.
    public func contains(key: Int64) -> Bool { lock.withReadLock { graph.slotOfKey[key] != nil } }

    /// The slot holding `key`'s live vector.
    public func slot(forKey key: Int64) -> UInt32? { lock.withReadLock { graph.slotOfKey[key] } }

    /// The stored (normalised, for cosine) vector of `key`.
    public func vector(forKey key: Int64) -> [Float]? {
        lock.withReadLock {
            guard let slot = graph.slotOfKey[key] else { return nil }
            return graph.floats(of: slot)
        }
    }

    /// All live keys, in slot order.
    public var keys: [Int64] {
        lock.withReadLock {
            (0..<graph.slotCount).compactMap { graph.isLive(UInt32($0)) ? graph.keys[$0] : nil }
        }
    }

    /// Structural problems found by the invariant checker (empty when the graph is sound). For tests and
    /// diagnostics; walks the whole graph.
    public func invariantViolations() -> [String] { lock.withReadLock { graph.invariantViolations() } }
}
