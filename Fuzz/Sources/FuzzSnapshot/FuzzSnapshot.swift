import FuzzSupport
import HNSW
import VectorMath

/// Fuzzes `HNSWIndex.load(snapshot:configuration:)`. Byte 0, bit 0 set: "repair" the snapshot first (write the
/// true payload length and checksum, and expect the parameters its header names when they are small), so mutated
/// content gets past the checksum to the structural checks; clear: the bytes as they are. The rest is the snapshot.
///
/// Checked: no crash and no huge allocation (ASan's allocator limit and libFuzzer's -rss_limit_mb /
/// -malloc_limit_mb catch those); a loaded index passes the invariant checker and survives search, insert, remove,
/// compaction and a snapshot round trip.
enum SnapshotTarget: FuzzTarget {
    static let headerSize = 96
    static let fallback = HNSWConfiguration(dimension: 4, metric: .innerProduct, M: 4, efConstruction: 16, seed: 1,
                                            initialCapacity: 16)

    static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        var bytes = Array(input.dropFirst())
        var configuration = fallback
        if mode & 1 == 1, bytes.count >= headerSize + 8 {
            repair(&bytes)
            configuration = named(in: bytes) ?? fallback
        }
        let index: HNSWIndex
        do {
            (index, _) = try HNSWIndex.load(snapshot: bytes, configuration: configuration)
        } catch {
            FuzzDriver.note("refused: \(error)")
            return
        }
        FuzzDriver.note("loaded \(index.count) live nodes")
        FuzzDriver.check(index.invariantViolations().isEmpty, "loaded index violates \(index.invariantViolations())")
        let query = (0..<configuration.dimension).map { Float($0 % 3) - 0.5 }
        let hits = index.search(query, k: 5)
        FuzzDriver.check(hits.count <= min(5, index.count), "\(hits.count) hits from \(index.count) live nodes")
        let keys = index.keys
        index.insert(key: Int64.min + 7, vector: query)
        if let first = keys.first { index.remove(key: first) }
        index.compact()
        FuzzDriver.check(index.invariantViolations().isEmpty, "after mutation: \(index.invariantViolations())")
        let again = index.snapshot(sequence: 9)
        do {
            let (reloaded, sequence) = try HNSWIndex.load(snapshot: again, configuration: configuration)
            FuzzDriver.check(sequence == 9 && reloaded.count == index.count, "round trip changed the index")
        } catch {
            FuzzDriver.check(false, "a snapshot of a loaded index does not load: \(error)")
        }
    }

    /// Writes the true payload length (offset 88) and checksum (last 8 bytes).
    static func repair(_ bytes: inout [UInt8]) {
        let length = UInt64(bytes.count - headerSize - 8)
        withUnsafeBytes(of: length.littleEndian) { for i in 0..<8 { bytes[88 + i] = $0[i] } }
        let sum = bytes.withUnsafeBytes { Checksum64.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 8)])) }
        withUnsafeBytes(of: sum.littleEndian) { for i in 0..<8 { bytes[bytes.count - 8 + i] = $0[i] } }
    }

    /// The configuration the header names (metric at 12, dimension 16, M 20, efConstruction 24), if small.
    static func named(in bytes: [UInt8]) -> HNSWConfiguration? {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        guard let metric = Metric(rawValue: UInt8(clamping: u32(12))), (1...64).contains(u32(16)), (2...32).contains(u32(20)),
              u32(24) >= u32(20), u32(24) <= 512 else { return nil }
        return HNSWConfiguration(dimension: u32(16), metric: metric, M: u32(20), efConstruction: u32(24), seed: 1,
                                 initialCapacity: 16)
    }

    /// Small valid snapshots (empty, one node, a few dozen with tombstones, each metric), mode byte 1.
    static func seeds() -> [(name: String, bytes: [UInt8])] {
        var rng = SplitMix64(seed: 5)
        var seeds: [(name: String, bytes: [UInt8])] = []
        for (name, count, metric, removals) in [("empty", 0, Metric.innerProduct, 0), ("one", 1, .l2, 0),
                                                 ("forty", 40, .cosine, 9), ("sixty-ip", 60, .innerProduct, 0)] {
            let index = HNSWIndex(configuration: HNSWConfiguration(dimension: 4, metric: metric, M: 4, efConstruction: 16,
                                                                   seed: 1, initialCapacity: 16))
            for key in 0..<count {
                index.insert(key: Int64(key), vector: (0..<4).map { _ in Float(rng.next() % 1000) / 500 - 1 })
            }
            for key in 0..<removals { index.remove(key: Int64(key * 3)) }
            seeds.append((name: name, bytes: [1] + index.snapshot(sequence: UInt64(count))))
        }
        return seeds
    }
}

// libFuzzer calls the entry point in a fuzz build; any other build gets the replay `main`.
#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput") public func fuzzSnapshot(_ d: UnsafePointer<UInt8>, _ n: Int) -> CInt { SnapshotTarget.fuzz(d, n) }
#else
@main enum Main: FuzzReplayMain { typealias Target = SnapshotTarget }
#endif
