import VectorMath

/// Snapshot format, version 2 (all little-endian; USearch-style versioned header rather than hnswlib's raw dump):
///
///     magic "AMPHNSW\0" | u32 version | u32 metric | u32 dimension | u32 M | u32 efConstruction | u32 efSearch
///     u32 vector type (0 f32, 1 int8) | u32 reserved (0)
///     u64 seed | u64 rng state | u64 sequence | u64 slotCount | u64 liveCount | u64 tombstoneCount
///     u32 entryPoint | i32 maxLevel | u64 payload length
///     payload: u8 states[slotCount] | u8 levels[slotCount] | pad 8 | i64 keys[slotCount]
///              vectors: f32  f32 rows[slotCount * dimension]
///                       int8 u8 used blocks[slotCount] | pad 4 | f32 norms[slotCount] |
///                            per slot: f32 scales[used] | i8 codes[used * 64]   (zero blocks past `used` not written)
///              u32 level-0 rows[slotCount * (2M + 1)]
///              u32 upper rows[level * (M + 1)] for each occupied slot with level > 0, in slot order
///     u64 checksum of everything before it
///
/// Version 1 (still read, written by earlier builds) is version 2 without the two words after efSearch, f32 only.
extension HNSWGraph {
    static let snapshotMagic: [UInt8] = Array("AMPHNSW\0".utf8)
    static let snapshotVersion: UInt32 = 2
    /// Header bytes of version 1 (the shortest header any readable snapshot has) and of version 2.
    static let snapshotHeaderSize = 8 + 6 * 4 + 6 * 8 + 2 * 4 + 8
    static let snapshotHeaderSizeV2 = snapshotHeaderSize + 8

    /// Encodes the whole graph (vectors included, so loading needs nothing else) tagged with `sequence`.
    func snapshot(sequence: UInt64) -> [UInt8] {
        let image = snapshotImage(sequence: sequence)
        var out: [UInt8] = []
        out.reserveCapacity(image.totalBytes)
        _ = image.stream(chunkBytes: 1 << 20) { out.append(contentsOf: $0) }
        return out
    }

    /// Copies everything a snapshot needs that writers change in place (header fields, slot states, levels,
    /// keys, link rows); the vectors stay where they are, since a writer never rewrites the row of a live or
    /// tombstoned slot (a replace takes a new slot; only compaction frees slots, and `grow` keeps the old buffer
    /// while `vectorsPinned`). Callers hold the read lock for this call only.
    func snapshotImage(sequence: UInt64) -> SnapshotImage {
        var upperWords = 0
        for s in 0..<slotCount where upperLinks[s] != nil { upperWords += Int(levels[s]) * strideUpper }
        var upper: [UInt32] = []
        upper.reserveCapacity(upperWords)
        for s in 0..<slotCount {
            if let rows = upperLinks[s] { upper.append(contentsOf: UnsafeBufferPointer(start: rows, count: Int(levels[s]) * strideUpper)) }
        }
        let statesEnd = Self.snapshotHeaderSizeV2 + slotCount * 2
        let padding = (8 - statesEnd % 8) % 8
        // Int8: the used-block counts as they are now (free slots as 0: a writer may reuse one meanwhile).
        var used: [UInt8] = [], rowNorms: [Float] = []
        var vectorBytes = slotCount * dimension * 4
        if int8 {
            used = (0..<slotCount).map { states[$0] == SlotState.free.rawValue ? 0 : usedBlocks[$0] }
            rowNorms = Array(UnsafeBufferPointer(start: norms, count: slotCount))
            vectorBytes = (slotCount + 3) / 4 * 4 + slotCount * 4 + used.reduce(0) { $0 + Int($1) } * (Int8Blocks.width + 4)
        }
        let payload = slotCount * 2 + padding + slotCount * 8 + vectorBytes + slotCount * stride0 * 4 + upperWords * 4
        var w = ByteWriter(reserving: Self.snapshotHeaderSizeV2)
        w.bytes.append(contentsOf: Self.snapshotMagic)
        for v in [Self.snapshotVersion, UInt32(metric.rawValue), UInt32(dimension), UInt32(M),
                  UInt32(configuration.efConstruction), UInt32(configuration.efSearch),
                  configuration.vectorType.code, 0] { w.write(v) }
        for v in [configuration.seed, rng.state, sequence, UInt64(slotCount), UInt64(liveCount),
                  UInt64(tombstoneCount)] { w.write(v) }
        w.write(entryPoint)
        w.write(Int32(maxLevel))
        w.write(UInt64(payload))
        return SnapshotImage(
            header: w.bytes, padding: padding,
            states: Array(UnsafeBufferPointer(start: states, count: slotCount)),
            levels: Array(UnsafeBufferPointer(start: levels, count: slotCount)),
            keys: Array(UnsafeBufferPointer(start: keys, count: slotCount)),
            links0: Array(UnsafeBufferPointer(start: links0, count: slotCount * stride0)),
            upper: upper, vectors: UnsafePointer(vectors), dimension: dimension,
            int8: int8 ? SnapshotImage.Int8Rows(used: used, norms: rowNorms, codes: UnsafePointer(codes),
                                                scales: UnsafePointer(scales), blocks: blocks, codeStride: codeStride) : nil,
            sequence: sequence, liveCount: liveCount, totalBytes: Self.snapshotHeaderSizeV2 + payload + 8)
    }

    /// Decodes a snapshot, checking magic, version, length, checksum, the parameters the caller expects, and
    /// finally the graph invariants. Returns the graph and the sequence it covers.
    static func decode(_ bytes: UnsafeRawBufferPointer, expecting expected: HNSWConfiguration)
        throws(HNSWSnapshotError) -> (HNSWGraph, UInt64) {
        guard bytes.count >= snapshotHeaderSize + 8 else { throw .truncated }
        guard Array(bytes[0..<8]) == snapshotMagic else { throw .badMagic }
        var r = ByteReader(bytes)
        r.offset = 8
        let version = try r.read(UInt32.self)
        guard version == 1 || version == snapshotVersion else { throw .unsupportedVersion(version) }
        let metricRaw = try r.read(UInt32.self), dimension = Int(try r.read(UInt32.self))
        let M = Int(try r.read(UInt32.self)), efConstruction = Int(try r.read(UInt32.self))
        _ = try r.read(UInt32.self)  // efSearch at save time; the caller's configuration wins.
        var typeCode: UInt32 = 0
        if version >= 2 {
            typeCode = try r.read(UInt32.self)
            _ = try r.read(UInt32.self)
        }
        let headerSize = version >= 2 ? snapshotHeaderSizeV2 : snapshotHeaderSize
        let seed = try r.read(UInt64.self), rngState = try r.read(UInt64.self), sequence = try r.read(UInt64.self)
        // Counts stay UInt64 until checked: this module builds with -Ounchecked, where Int(huge) and overflowing
        // sums wrap silently instead of trapping (a fuzzed header made a negative count pass the sum check).
        let slots64 = try r.read(UInt64.self), live64 = try r.read(UInt64.self), tombstones64 = try r.read(UInt64.self)
        let entryPoint = try r.read(UInt32.self), maxLevel = Int(try r.read(Int32.self))
        let length = try r.read(UInt64.self)
        guard bytes.count >= headerSize + 8, length == UInt64(bytes.count - headerSize - 8) else { throw .truncated }
        let stored = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian
        guard Checksum64.of(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)])) == stored else {
            throw .checksumMismatch
        }
        let vectorType = HNSWVectorType(code: typeCode)
        guard metricRaw == UInt32(expected.metric.rawValue), dimension == expected.dimension, M == expected.M,
              efConstruction == expected.efConstruction, vectorType == expected.vectorType else {
            throw .parameterMismatch("snapshot has metric \(metricRaw) dim \(dimension) M \(M) efc \(efConstruction) "
                                     + "vectors \(vectorType?.rawValue ?? "type \(typeCode)")")
        }
        guard slots64 < UInt64(UInt32.max), live64 <= slots64, tombstones64 <= slots64 - live64 else {
            throw .inconsistent(["bad counts"])
        }
        let slotCount = Int(slots64), liveCount = Int(live64), tombstoneCount = Int(tombstones64)
        // Refuse before allocating: the payload must hold every slot's fixed-size part, so a header claiming
        // billions of slots in a small file costs nothing.
        let bytesPerSlot = UInt64(2 + 8 + (expected.vectorType == .int8 ? 5 : dimension * 4) + (2 * M + 1) * 4)
        guard slots64 * bytesPerSlot <= length else { throw .truncated }
        var configuration = expected
        configuration.seed = seed
        let graph = HNSWGraph(configuration: configuration, capacity: max(slotCount, 16))
        graph.rng.state = rngState
        try r.read(into: graph.states, count: slotCount)
        try r.read(into: graph.levels, count: slotCount)
        try r.skip(to: 8)
        try r.read(into: graph.keys, count: slotCount)
        if graph.int8 {
            try readInt8Rows(&r, into: graph, slots: slotCount)
        } else {
            try r.read(into: graph.vectors, count: slotCount * dimension)
        }
        try r.read(into: graph.links0, count: slotCount * graph.stride0)
        graph.slotCount = slotCount
        for s in 0..<slotCount where graph.states[s] != SlotState.free.rawValue && graph.levels[s] > 0 {
            let words = Int(graph.levels[s]) * graph.strideUpper
            let rows = UnsafeMutablePointer<UInt32>.allocate(capacity: words)
            graph.upperLinks[s] = rows
            try r.read(into: rows, count: words)
        }
        graph.slotOfKey.reserveCapacity(liveCount)
        for s in 0..<slotCount {
            switch graph.states[s] {
            case SlotState.live.rawValue: graph.slotOfKey[graph.keys[s]] = UInt32(s)
            case SlotState.free.rawValue: graph.freeSlots.append(UInt32(s))
            default: break
            }
        }
        graph.freeSlots.reverse()
        graph.liveCount = liveCount
        graph.tombstoneCount = tombstoneCount
        graph.entryPoint = entryPoint
        graph.maxLevel = maxLevel
        // The checksum proves the bytes are what was written; this proves what was written is a sound graph
        // (links in range before anyone follows them).
        let problems = graph.invariantViolations(limit: 5)
        guard problems.isEmpty else { throw .inconsistent(problems) }
        return (graph, sequence)
    }

    /// The int8 section: used-block counts, norms, then each slot's scales and codes; the blocks past a slot's
    /// count are zeroed (they were not written).
    private static func readInt8Rows(_ r: inout ByteReader, into graph: HNSWGraph, slots: Int) throws(HNSWSnapshotError) {
        try r.read(into: graph.usedBlocks, count: slots)
        try r.skip(to: 4)
        try r.read(into: graph.norms, count: slots)
        for s in 0..<slots {
            let used = Int(graph.usedBlocks[s])
            guard used <= graph.blocks else { throw .inconsistent(["slot \(s) has \(used) int8 blocks of \(graph.blocks)"]) }
            let sc = graph.scales + s * graph.blocks, c = graph.codes + s * graph.codeStride
            try r.read(into: sc, count: used)
            try r.read(into: c, count: used * Int8Blocks.width)
            (sc + used).initialize(repeating: 0, count: graph.blocks - used)
            (c + used * Int8Blocks.width).initialize(repeating: 0, count: (graph.blocks - used) * Int8Blocks.width)
        }
    }
}
