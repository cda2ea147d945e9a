extension HNSWIndex {
    /// The whole index as versioned, checksummed bytes tagged with `sequence` (the last change it covers).
    /// Holds the read lock while encoding, so searches continue and writers wait.
    public func snapshot(sequence: UInt64) -> [UInt8] {
        lock.withReadLock { graph.snapshot(sequence: sequence) }
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

    /// Restores an index from snapshot bytes in memory the caller owns for the duration of the call.
    public static func load(snapshot bytes: UnsafeRawBufferPointer, configuration: HNSWConfiguration)
        throws(HNSWSnapshotError) -> (index: HNSWIndex, sequence: UInt64) {
        let (graph, sequence) = try HNSWGraph.decode(bytes, expecting: configuration)
        return (HNSWIndex(graph: graph, configuration: configuration), sequence)
    }
}
