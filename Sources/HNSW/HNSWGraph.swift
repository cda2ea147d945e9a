import CKernels
import VectorMath

/// The HNSW graph itself: flat, fixed-stride storage and the algorithms over it. Not thread-safe; `HNSWIndex`
/// wraps it in a readers-writer lock.
///
/// Layout (hnswlib's, for cache behaviour): vectors are one contiguous `Float` buffer with stride `dimension`;
/// level-0 links are one contiguous `UInt32` buffer with stride `2M + 1`, the first word of each row being the
/// link count; the (rare, ~1/M of nodes) upper levels get one small allocation per node holding `level` rows of
/// `M + 1` words. Slots freed by compaction are reused by later inserts.
final class HNSWGraph {
    /// Slot states.
    enum SlotState: UInt8 {
        case free = 0, live = 1, tombstone = 2
    }

    static let noSlot = UInt32.max

    let configuration: HNSWConfiguration
    let dimension: Int
    let metric: Metric
    /// True when the distances run on CKernels' AVX-512 kernels (`configuration.kernels`).
    let wide: Bool
    /// True for `HNSWVectorType.int8`: rows live in `codes`/`scales`/`usedBlocks`/`norms`, `vectors` is unused.
    let int8: Bool
    /// True when the int8 distances run on AVX-512 VNNI (`wide` and the CPU lists AVX512_VNNI).
    let vnni: Bool
    /// Int8 blocks per row (`Int8Blocks.blocks(dimension:)`) and bytes of codes per row.
    let blocks: Int
    let codeStride: Int
    let M: Int
    let maxM0: Int
    let stride0: Int
    let strideUpper: Int

    private(set) var capacity: Int
    /// One past the highest slot ever used (the "high-water mark"); slots below it are live, tombstoned or free.
    var slotCount = 0
    var vectors: UnsafeMutablePointer<Float>
    var links0: UnsafeMutablePointer<UInt32>
    var upperLinks: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>?>
    var levels: UnsafeMutablePointer<UInt8>
    var states: UnsafeMutablePointer<UInt8>
    var keys: UnsafeMutablePointer<Int64>
    /// Int8 rows (`blocks * 64` codes a slot), their block scales (`blocks` a slot), the blocks in use (one past
    /// the last non-zero block) and the squared norm of each dequantized row (for L2). Minimal when `int8` is off.
    var codes: UnsafeMutablePointer<Int8>
    var scales: UnsafeMutablePointer<Float>
    var usedBlocks: UnsafeMutablePointer<UInt8>
    var norms: UnsafeMutablePointer<Float>

    var slotOfKey = KeySlotMap()
    var freeSlots: [UInt32] = []
    var liveCount = 0
    var tombstoneCount = 0
    var entryPoint = HNSWGraph.noSlot
    var maxLevel = -1
    var rng: SplitMix64
    /// Set while a snapshot streams vectors from `vectors` outside the lock: `grow` then keeps the old buffer in
    /// `retiredVectors` instead of freeing it, and the snapshot's unpin (under the write lock) frees them.
    var vectorsPinned = false
    var retiredVectors: [UnsafeMutablePointer<Float>] = []
    var retiredCodes: [(UnsafeMutablePointer<Int8>, UnsafeMutablePointer<Float>)] = []

    init(configuration: HNSWConfiguration, capacity: Int? = nil) {
        self.configuration = configuration
        dimension = configuration.dimension
        metric = configuration.metric
        wide = configuration.kernels == .avx512
        int8 = configuration.vectorType == .int8
        vnni = wide && KernelSupport.detected.vnniUsable
        blocks = Int8Blocks.blocks(dimension: configuration.dimension)
        codeStride = blocks * Int8Blocks.width
        precondition(!int8 || blocks <= 255, "int8 vectors hold at most 255 blocks")
        M = configuration.M
        maxM0 = 2 * configuration.M
        stride0 = maxM0 + 1
        strideUpper = configuration.M + 1
        self.capacity = max(capacity ?? configuration.initialCapacity, 16)
        rng = SplitMix64(seed: configuration.seed)
        vectors = Self.allocateRows(int8 ? 16 : self.capacity * dimension)
        let rowSlots = int8 ? self.capacity : 1
        codes = Self.allocateCodes(rowSlots * codeStride)
        scales = HugePages.allocate(Float.self, capacity: rowSlots * blocks)
        usedBlocks = .allocate(capacity: rowSlots)
        usedBlocks.initialize(repeating: 0, count: rowSlots)
        norms = .allocate(capacity: rowSlots)
        links0 = HugePages.allocate(UInt32.self, capacity: self.capacity * stride0)
        // Zeroed so unused link words are deterministic (snapshots of equal graphs are equal bytes).
        links0.initialize(repeating: 0, count: self.capacity * stride0)
        upperLinks = .allocate(capacity: self.capacity)
        upperLinks.initialize(repeating: nil, count: self.capacity)
        levels = .allocate(capacity: self.capacity)
        states = .allocate(capacity: self.capacity)
        states.initialize(repeating: SlotState.free.rawValue, count: self.capacity)
        keys = HugePages.allocate(Int64.self, capacity: self.capacity)
    }

    deinit {
        for s in 0..<slotCount { upperLinks[s]?.deallocate() }
        for old in retiredVectors { old.deallocate() }
        for (c, sc) in retiredCodes { c.deallocate(); sc.deallocate() }
        vectors.deallocate()
        codes.deallocate()
        scales.deallocate()
        usedBlocks.deallocate()
        norms.deallocate()
        links0.deallocate()
        upperLinks.deallocate()
        levels.deallocate()
        states.deallocate()
        keys.deallocate()
    }

    /// Pointer to the row of `slot`'s vector.
    @inline(__always) func vector(_ slot: UInt32) -> UnsafeMutablePointer<Float> {
        vectors + Int(slot) &* dimension
    }

    /// Pointer to `slot`'s link row on `level`: word 0 is the count, then the links.
    @inline(__always) func linkRow(_ slot: UInt32, level: Int) -> UnsafeMutablePointer<UInt32> {
        level == 0 ? links0 + Int(slot) &* stride0 : upperLinks[Int(slot)].unsafelyUnwrapped + (level &- 1) &* strideUpper
    }

    @inline(__always) func isLive(_ slot: UInt32) -> Bool { states[Int(slot)] == SlotState.live.rawValue }

    @inline(__always) func distance(_ p: Probe, _ slot: UInt32) -> Float {
        if int8 {
            let s = Int(slot)
            let n = min(p.blocks, Int(usedBlocks[s]))
            let c = codes + s &* codeStride, sc = scales + s &* blocks
            let dot = vnni ? ck_dot_q8_vnni(p.codes, p.scales, c, sc, n) : ck_dot_q8_avx2(p.codes, p.scales, c, sc, n)
            return metric == .l2 ? p.norm + norms[s] - 2 * dot : 1 - dot
        }
        return distance(p.floats, slot)
    }

    /// The f32 distance of `a` to `slot`'s row (f32 graphs only).
    @inline(__always) func distance(_ a: UnsafePointer<Float>, _ slot: UInt32) -> Float {
        // Same values as `metric.distance`, through the kernel compiled for this module's target CPU, or on
        // AVX-512 hosts the C kernels (equal up to the rounding of the final sums).
        if wide {
            return metric == .l2 ? ck_l2sq_f32_avx512(a, vector(slot), dimension)
                : 1 - ck_dot_f32_avx512(a, vector(slot), dimension)
        }
        return metric == .l2 ? Kernels.l2Squared(a, vector(slot), count: dimension)
            : 1 - IndexKernels.dot(a, vector(slot), count: dimension)
    }

    /// Draws a level with P(level >= l) = M^-l, i.e. mL = 1/ln M as in the paper, without needing `log`.
    func randomLevel() -> Int {
        var level = 0
        let threshold = UInt64.max / UInt64(M)
        while rng.next() < threshold && level < 32 { level += 1 }
        return level
    }

    /// Takes a free slot (reusing compacted ones first), growing storage when full.
    func allocateSlot() -> UInt32 {
        if let slot = freeSlots.popLast() { return slot }
        if slotCount == capacity { grow(to: capacity * 2) }
        slotCount += 1
        return UInt32(slotCount - 1)
    }

    /// Reallocates every per-slot buffer to hold `newCapacity` slots. Only the writer calls this.
    func grow(to newCapacity: Int) {
        precondition(newCapacity > capacity && newCapacity < Int(UInt32.max), "bad capacity")
        if int8 {
            // As the floats: copies, the old rows kept for a snapshot still reading them.
            let oldCodes = codes, oldScales = scales
            codes = Self.allocateCodes(newCapacity * codeStride)
            codes.initialize(from: oldCodes, count: slotCount * codeStride)
            scales = HugePages.allocate(Float.self, capacity: newCapacity * blocks)
            scales.initialize(from: oldScales, count: slotCount * blocks)
            if vectorsPinned { retiredCodes.append((oldCodes, oldScales)) } else { oldCodes.deallocate(); oldScales.deallocate() }
            usedBlocks = Self.regrow(usedBlocks, used: slotCount, to: newCapacity)
            (usedBlocks + slotCount).initialize(repeating: 0, count: newCapacity - slotCount)
            norms = Self.regrow(norms, used: slotCount, to: newCapacity)
        } else {
            let oldVectors = vectors
            vectors = Self.allocateRows(newCapacity * dimension)
            // Floats are trivial: a copy leaves the old rows intact for a snapshot still reading them.
            vectors.initialize(from: oldVectors, count: slotCount * dimension)
            if vectorsPinned { retiredVectors.append(oldVectors) } else { oldVectors.deallocate() }
        }
        links0 = Self.regrow(links0, used: slotCount * stride0, to: newCapacity * stride0)
        (links0 + slotCount * stride0).initialize(repeating: 0, count: (newCapacity - slotCount) * stride0)
        upperLinks = Self.regrow(upperLinks, used: slotCount, to: newCapacity)
        (upperLinks + slotCount).initialize(repeating: nil, count: newCapacity - slotCount)
        levels = Self.regrow(levels, used: slotCount, to: newCapacity)
        states = Self.regrow(states, used: slotCount, to: newCapacity)
        (states + slotCount).initialize(repeating: SlotState.free.rawValue, count: newCapacity - slotCount)
        keys = Self.regrow(keys, used: slotCount, to: newCapacity)
        capacity = newCapacity
    }

    /// Vector storage aligned to a cache line, so that a row whose byte size is a multiple of 64 (384 floats:
    /// 24 lines) touches exactly that many lines; malloc's 16-byte alignment makes most rows straddle one more.
    private static func allocateRows(_ count: Int) -> UnsafeMutablePointer<Float> {
        HugePages.allocate(Float.self, capacity: count, alignment: 64)
    }

    /// Int8 rows, aligned to a cache line like the floats (a 64-code block is one line).
    private static func allocateCodes(_ count: Int) -> UnsafeMutablePointer<Int8> {
        HugePages.allocate(Int8.self, capacity: max(count, 64), alignment: 64)
    }

    /// Ends a snapshot's pin (under the write lock): frees the vector buffers `grow` replaced meanwhile.
    func unpinVectors() {
        vectorsPinned = false
        for old in retiredVectors { old.deallocate() }
        retiredVectors.removeAll()
        for (c, sc) in retiredCodes { c.deallocate(); sc.deallocate() }
        retiredCodes.removeAll()
    }

    /// Bytes of vector storage per slot: the f32 row, or the int8 row with its scales, used-block count and norm.
    var vectorBytesPerSlot: Int { int8 ? codeStride + blocks * 4 + 1 + 4 : dimension * 4 }

    private static func regrow<T>(_ old: UnsafeMutablePointer<T>, used: Int, to size: Int) -> UnsafeMutablePointer<T> {
        let new = HugePages.allocate(T.self, capacity: size)
        new.moveInitialize(from: old, count: used)
        old.deallocate()
        return new
    }

    /// Approximate bytes held by the graph (vectors, links, per-slot arrays, key map).
    var memoryBytes: Int {
        var upper = 0
        for s in 0..<slotCount where upperLinks[s] != nil { upper += Int(levels[s]) * strideUpper * 4 + 16 }
        return capacity * (vectorBytesPerSlot + stride0 * 4 + 8 + 2 + 8) + upper + slotOfKey.memoryBytes
    }
}
