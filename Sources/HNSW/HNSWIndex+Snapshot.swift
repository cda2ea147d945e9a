#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension HNSWIndex {
    /// The whole index as versioned, checksummed bytes tagged with `sequence` (the last change it covers), in
    /// one array: for tests, fuzzing and small indexes. Large ones go through `writeSnapshot`.
    public func snapshot(sequence: UInt64) -> [UInt8] {
        lock.withReadLock { graph.snapshot(sequence: sequence) }
    }

    /// Streams the snapshot to `sink` in pieces of at most `chunkBytes` and returns what was written.
    ///
    /// The read lock is held only while `sequence()` is read and the in-place-changing parts (header, slot
    /// states, levels, keys, link rows: about `(2M + 1) * 4 + 11` bytes a slot) are copied; the vectors, most of
    /// the bytes, are read afterwards from their buffer, which `grow` then keeps alive and compaction does not
    /// touch (it waits, or a delete's compaction is skipped, for the duration). So searches are never blocked
    /// and writers only for the copy. `sequence` must be the last change already applied to the graph (the
    /// caller's bookkeeping): a change applied but not yet counted is harmless, it is replayed again at load.
    public func writeSnapshot(sequence: () -> UInt64, chunkBytes: Int = 4 << 20,
                              to sink: (UnsafeRawBufferPointer) throws -> Void) throws -> HNSWSnapshotWrite {
        pthread_mutex_lock(compactionMutex)
        defer { pthread_mutex_unlock(compactionMutex) }
        let clock = ContinuousClock(), start = clock.now
        let image = lock.withReadLock {
            // Only one snapshot at a time (the compaction mutex), and writers are shut out: safe to set here.
            graph.vectorsPinned = true
            return graph.snapshotImage(sequence: sequence())
        }
        let locked = clock.now - start
        defer { lock.withWriteLock { graph.unpinVectors() } }
        let checksum = try image.stream(chunkBytes: chunkBytes, to: sink)
        return HNSWSnapshotWrite(sequence: image.sequence, bytes: image.totalBytes, checksum: checksum,
                                 liveCount: image.liveCount, slotCount: image.slotCount,
                                 lockSeconds: Double(locked.components.seconds) + Double(locked.components.attoseconds) / 1e18)
    }

    /// Restores an index from `snapshot` bytes, checking format, checksum, that its parameters match
    /// `configuration` (dimension, metric, M, efConstruction) and that the graph is sound. Returns the index
    /// and the sequence the snapshot covers.
    public static func load(snapshot bytes: [UInt8], configuration: HNSWConfiguration)
        throws(HNSWSnapshotError) -> (index: HNSWIndex, sequence: UInt64) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(HNSWSnapshotError) in try load(snapshot: raw, configuration: configuration) }
        }
        return try result.get()
    }

    /// Restores an index from snapshot bytes in memory the caller owns for the duration of the call (a mapped
    /// file: the graph's arrays are filled straight from the mapping).
    public static func load(snapshot bytes: UnsafeRawBufferPointer, configuration: HNSWConfiguration)
        throws(HNSWSnapshotError) -> (index: HNSWIndex, sequence: UInt64) {
        let (graph, sequence) = try HNSWGraph.decode(bytes, expecting: configuration)
        return (HNSWIndex(graph: graph, configuration: configuration), sequence)
    }

    /// The checksum a snapshot ends with (its last 8 bytes), or nil when it is too short to have one.
    public static func storedChecksum(ofSnapshot bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard bytes.count >= HNSWGraph.snapshotHeaderSize + 8 else { return nil }
        return bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self).littleEndian
    }

    /// The snapshot format version `writeSnapshot` and `snapshot` produce.
    public static var snapshotFormatVersion: Int { Int(HNSWGraph.snapshotVersion) }
}

/// What `HNSWIndex.writeSnapshot` wrote.
public struct HNSWSnapshotWrite: Sendable, Equatable {
    /// The sequence recorded in the snapshot.
    public var sequence: UInt64
    /// Bytes written, checksum included.
    public var bytes: Int
    /// The checksum the snapshot ends with.
    public var checksum: UInt64
    /// Live vectors in the snapshot.
    public var liveCount: Int
    /// Slots in the snapshot (live, tombstoned and free).
    public var slotCount: Int
    /// Seconds the index's read lock was held (the copy of the in-place-changing parts).
    public var lockSeconds: Double
}
