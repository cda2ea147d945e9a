import HNSW
import Testing
import VectorMath

/// Snapshot round trips give identical results; every kind of damage is detected, never followed.
@Suite struct SnapshotTests {
    static let data = Fixtures.clustered(count: 1_500, dimension: 16, seed: 41)

    static func configuration() -> HNSWConfiguration {
        HNSWConfiguration(dimension: 16, metric: .innerProduct, M: 8, efConstruction: 60, seed: 3, initialCapacity: 16)
    }

    static func build() -> HNSWIndex {
        let index = HNSWIndex(configuration: configuration())
        for (i, v) in data.enumerated() { index.insert(key: Int64(i), vector: v) }
        for key in stride(from: Int64(0), to: 1_500, by: 7) { index.remove(key: key) }
        return index
    }

    @Test func roundTripGivesIdenticalResults() throws {
        let index = Self.build()
        #expect(index.tombstoneCount > 0)  // the snapshot must carry tombstones too
        let bytes = index.snapshot(sequence: 1234)
        let (loaded, sequence) = try HNSWIndex.load(snapshot: bytes, configuration: Self.configuration())
        #expect(sequence == 1234)
        #expect(loaded.count == index.count)
        #expect(loaded.invariantViolations() == [])
        for q in Fixtures.clustered(count: 30, dimension: 16, seed: 42) {
            #expect(loaded.search(q, k: 10) == index.search(q, k: 10))
        }
        // The level sampler's state travels too: the same further inserts build the same graph.
        for (i, v) in Fixtures.clustered(count: 200, dimension: 16, seed: 43).enumerated() {
            #expect(index.insert(key: Int64(5_000 + i), vector: v) == loaded.insert(key: Int64(5_000 + i), vector: v))
        }
        let same = index.snapshot(sequence: 9) == loaded.snapshot(sequence: 9)
        #expect(same, "snapshots of the two indexes differ after identical inserts")
    }

    @Test func corruptionIsDetected() {
        let bytes = Self.build().snapshot(sequence: 1)
        let configuration = Self.configuration()
        func error(_ b: [UInt8], _ c: HNSWConfiguration = Self.configuration()) -> HNSWSnapshotError? {
            do {
                _ = try HNSWIndex.load(snapshot: b, configuration: c)
                return nil
            } catch {
                return error
            }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(error(flipped) == .checksumMismatch)
        #expect(error(Array(bytes.prefix(bytes.count - 100))) == .truncated)
        #expect(error(Array(bytes.prefix(10))) == .truncated)
        #expect(error([]) == .truncated)
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(error(magic) == .badMagic)
        var version = bytes
        version[8] = 3
        #expect(error(version) == .unsupportedVersion(3))
        var other = configuration
        other.M = 16
        if case .parameterMismatch = error(bytes, other) {} else { Issue.record("M mismatch not detected") }
        var otherMetric = configuration
        otherMetric.metric = .l2
        if case .parameterMismatch = error(bytes, otherMetric) {} else { Issue.record("metric mismatch not detected") }
        #expect(error(bytes) == nil)
    }

    @Test func emptyIndexRoundTrips() throws {
        let empty = HNSWIndex(configuration: Self.configuration())
        let (loaded, sequence) = try HNSWIndex.load(snapshot: empty.snapshot(sequence: 0),
                                                    configuration: Self.configuration())
        #expect(sequence == 0)
        #expect(loaded.count == 0)
        loaded.insert(key: 1, vector: Self.data[0])
        #expect(loaded.search(Self.data[0], k: 1).first?.key == 1)
    }
}
