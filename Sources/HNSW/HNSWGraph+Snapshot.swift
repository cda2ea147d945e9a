import VectorMath

/// Snapshot format, version 1 (all little-endian; USearch-style versioned header rather than hnswlib's raw dump):
///
///     magic "AMPHNSW\0" | u32 version | u32 metric | u32 dimension | u32 M | u32 efConstruction | u32 efSearch
///     u64 seed | u64 rng state | u64 sequence | u64 slotCount | u64 liveCount | u64 tombstoneCount
///     u32 entryPoint | i32 maxLevel | u64 payload length
///     payload: u8 states[slotCount] | u8 levels[slotCount] | pad 8 | i64 keys[slotCount]
///              f32 vectors[slotCount * dimension] | u32 level-0 rows[slotCount * (2M + 1)]
///              u32 upper rows[level * (M + 1)] for each occupied slot with level > 0, in slot order
///     u64 checksum of everything before it
extension HNSWGraph {
    static let snapshotMagic: [UInt8] = Array("AMPHNSW\0".utf8)
    static let snapshotVersion: UInt32 = 1
    static let snapshotHeaderSize = 8 + 6 * 4 + 6 * 8 + 2 * 4 + 8

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
        let statesEnd = Self.snapshotHeaderSize + slotCount * 2
        let padding = (8 - statesEnd % 8) % 8
        let payload = slotCount * 2 + padding + slotCount * 8 + slotCount * dimension * 4 + slotCount * stride0 * 4
            + upperWords * 4
        var w = ByteWriter(reserving: Self.snapshotHeaderSize)
        w.bytes.append(contentsOf: Self.snapshotMagic)
        for v in [Self.snapshotVersion, UInt32(metric.rawValue), UInt32(dimension), UInt32(M),
                  UInt32(configuration.efConstruction), UInt32(configuration.efSearch)] { w.write(v) }
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
            upper: upper, vectors: UnsafePointer(vectors), dimension: dimension, sequence: sequence,
            liveCount: liveCount, totalBytes: Self.snapshotHeaderSize + payload + 8)
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
        guard version == snapshotVersion else { throw .unsupportedVersion(version) }
        let metricRaw = try r.read(UInt32.self), dimension = Int(try r.read(UInt32.self))
        let M = Int(try r.read(UInt32.self)), efConstruction = Int(try r.read(UInt32.self))
        _ = try r.read(UInt32.self)  // efSearch at save time; the caller's configuration wins.
        let seed = try r.read(UInt64.self), rngState = try r.read(UInt64.self), sequence = try r.read(UInt64.self)
        // Counts stay UInt64 until checked: this module builds with -Ounchecked, where Int(huge) and overflowing
        // sums wrap silently instead of trapping (a fuzzed header made a negative count pass the sum check).
        let slots64 = try r.read(UInt64.self), live64 = try r.read(UInt64.self), tombstones64 = try r.read(UInt64.self)
        let entryPoint = try r.read(UInt32.self), maxLevel = Int(try r.read(Int32.self))
        let length = try r.read(UInt64.self)
        guard length == UInt64(bytes.count - snapshotHeaderSize - 8) else { throw .truncated }
        let stored = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian
        guard Checksum64.of(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 8)])) == stored else {
            throw .checksumMismatch
        }
        guard metricRaw == UInt32(expected.metric.rawValue), dimension == expected.dimension, M == expected.M,
              efConstruction == expected.efConstruction else {
            throw .parameterMismatch("snapshot has metric \(metricRaw) dim \(dimension) M \(M) efc \(efConstruction)")
        }
        guard slots64 < UInt64(UInt32.max), live64 <= slots64, tombstones64 <= slots64 - live64 else {
            throw .inconsistent(["bad counts"])
        }
        let slotCount = Int(slots64), liveCount = Int(live64), tombstoneCount = Int(tombstones64)
        // Refuse before allocating: the payload must hold every slot's fixed-size part, so a header claiming
        // billions of slots in a small file costs nothing.
        let bytesPerSlot = UInt64(2 + 8 + dimension * 4 + (2 * M + 1) * 4)
        guard slots64 * bytesPerSlot <= length else { throw .truncated }
        var configuration = expected
        configuration.seed = seed
        let graph = HNSWGraph(configuration: configuration, capacity: max(slotCount, 16))
        graph.rng.state = rngState
        try r.read(into: graph.states, count: slotCount)
        try r.read(into: graph.levels, count: slotCount)
        try r.skip(to: 8)
        try r.read(into: graph.keys, count: slotCount)
        try r.read(into: graph.vectors, count: slotCount * dimension)
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
}
