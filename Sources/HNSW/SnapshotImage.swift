/// What a snapshot writes, as copied under the read lock by `HNSWGraph.snapshotImage`: the header and every
/// per-slot array writers change in place, plus a pointer to the vector rows, which `stream` reads afterwards
/// (the graph keeps them in place while `vectorsPinned`). Free slots are written as zero vectors, so a row a
/// writer reuses meanwhile is never read.
struct SnapshotImage {
    let header: [UInt8]
    let padding: Int
    let states: [UInt8]
    let levels: [UInt8]
    let keys: [Int64]
    let links0: [UInt32]
    let upper: [UInt32]
    let vectors: UnsafePointer<Float>
    let dimension: Int
    /// An int8 graph's rows: the used-block counts and norms copied under the lock (free slots 0), the codes and
    /// scales read from the pinned buffers.
    struct Int8Rows {
        let used: [UInt8]
        let norms: [Float]
        let codes: UnsafePointer<Int8>
        let scales: UnsafePointer<Float>
        let blocks: Int
        let codeStride: Int
    }
    let int8: Int8Rows?
    let sequence: UInt64
    let liveCount: Int
    /// Bytes `stream` produces, checksum included.
    let totalBytes: Int

    var slotCount: Int { states.count }

    /// Produces the snapshot in pieces of at most `chunkBytes` (the last may be shorter) and returns its
    /// checksum; `sink` sees every byte once, in order.
    func stream(chunkBytes: Int, to sink: (UnsafeRawBufferPointer) throws -> Void) rethrows -> UInt64 {
        var out = ChunkedOutput(capacity: max(chunkBytes, 64))
        defer { out.release() }
        try header.withUnsafeBytes { try out.append($0, sink) }
        try states.withUnsafeBytes { try out.append($0, sink) }
        try levels.withUnsafeBytes { try out.append($0, sink) }
        let zeros = [UInt8](repeating: 0, count: max(dimension * 4, 8))
        try zeros.withUnsafeBytes { zero in
            try out.append(UnsafeRawBufferPointer(rebasing: zero[0..<padding]), sink)
            try keys.withUnsafeBytes { try out.append($0, sink) }
            if let rows = int8 {
                try rows.used.withUnsafeBytes { try out.append($0, sink) }
                try out.append(UnsafeRawBufferPointer(rebasing: zero[0..<((4 - slotCount % 4) % 4)]), sink)
                try rows.norms.withUnsafeBytes { try out.append($0, sink) }
                for s in 0..<slotCount where rows.used[s] > 0 {
                    let used = Int(rows.used[s])
                    try out.append(UnsafeRawBufferPointer(start: rows.scales + s * rows.blocks, count: used * 4), sink)
                    try out.append(UnsafeRawBufferPointer(start: rows.codes + s * rows.codeStride, count: used * 64), sink)
                }
                return
            }
            let row = dimension * 4
            for s in 0..<slotCount {
                if states[s] == HNSWGraph.SlotState.free.rawValue {
                    try out.append(UnsafeRawBufferPointer(rebasing: zero[0..<row]), sink)
                } else {
                    try out.append(UnsafeRawBufferPointer(start: vectors + s * dimension, count: row), sink)
                }
            }
        }
        try links0.withUnsafeBytes { try out.append($0, sink) }
        try upper.withUnsafeBytes { try out.append($0, sink) }
        let sum = out.checksum.finish()
        try withUnsafeBytes(of: sum.littleEndian) { try out.append($0, sink) }
        try out.flush(sink)
        return sum
    }
}

/// A fixed buffer that collects small appends into chunks for the sink and checksums every byte on the way.
struct ChunkedOutput {
    let buffer: UnsafeMutableRawBufferPointer
    var filled = 0
    var checksum = Checksum64.Stream()

    init(capacity: Int) { buffer = .allocate(byteCount: capacity, alignment: 64) }

    func release() { buffer.deallocate() }

    mutating func append(_ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        checksum.update(bytes)
        var offset = 0
        while offset < bytes.count {
            let take = min(buffer.count - filled, bytes.count - offset)
            (buffer.baseAddress! + filled).copyMemory(from: bytes.baseAddress! + offset, byteCount: take)
            filled += take
            offset += take
            if filled == buffer.count { try flush(sink) }
        }
    }

    mutating func flush(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        guard filled > 0 else { return }
        try sink(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
        filled = 0
    }
}
