import Foundation
import HNSW
import Testing
import VectorMath
@testable import Storage

/// The on-disk vector layouts: zero blocks cost nothing, int8 rows round-trip to the same codes, raw floats of
/// earlier builds still read; and a snapshot of another vector type is refused and the graph rebuilt.
@Suite("Vector blobs and vector types on disk")
struct VectorBlobTests {
    static func fused(textOnly: Bool, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        let text = Kernels.normalized(rng.vector(count: 384))
        let visual = textOnly ? [Float](repeating: 0, count: 407) : Kernels.normalized(rng.vector(count: 407)).map { $0 * 0.5 }
        return text + visual
    }

    @Test func f32BlocksSkipZeroBranchesAndRoundTrip() {
        let textOnly = Self.fused(textOnly: true, seed: 1), both = Self.fused(textOnly: false, seed: 2)
        let a = VectorBlob.encode(textOnly), b = VectorBlob.encode(both)
        #expect(a.count == 12 + 8 + 384 * 4)
        #expect(b.count == 12 + 8 + 791 * 4)
        #expect(VectorBlob.decode(a) == textOnly)
        #expect(VectorBlob.decode(b) == both)
        #expect(VectorBlob.decode(VectorBlob.encode([])) == [])
    }

    @Test func int8BlocksAreSmallAndQuantizeBackToThemselves() throws {
        let textOnly = Self.fused(textOnly: true, seed: 3)
        let blob = VectorBlob.encode(textOnly, as: .int8)
        #expect(blob.count == 12 + 4 + 6 * 4 + 384)
        let back = try #require(VectorBlob.decode(blob))
        #expect(back.count == 791)
        #expect(back[384...].allSatisfy { $0 == 0 })
        for i in 0..<384 { #expect(abs(back[i] - textOnly[i]) < 0.005) }
        #expect(VectorBlob.encode(back, as: .int8) == blob)
    }

    @Test func rawFloatsOfEarlierBuildsStillDecodeAndGarbageDoesNot() {
        let v: [Float] = [1, -2, 0, 3.5]
        var raw: [UInt8] = []
        for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
        #expect(VectorBlob.decode(raw) == v)
        #expect(VectorBlob.decode([1, 2, 3]) == nil)
        var bad = VectorBlob.encode(Self.fused(textOnly: true, seed: 4))
        bad.removeLast()
        #expect(VectorBlob.decode(bad) == nil)
    }

    @Test func aSnapshotOfAnotherVectorTypeIsRejectedAndTheGraphRebuilt() throws {
        let (dir, path) = IndexPersistenceTests.scratchPath()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = IndexPersistenceTests.vectors(300, seed: 5)
        var int8 = IndexPersistenceTests.configuration()
        int8.vectorType = .int8
        do {
            let store = try PersistedIndex(path: path, configuration: IndexPersistenceTests.configuration())
            for (i, v) in data.enumerated() { try store.upsert(key: Int64(i), vector: v) }
            try store.saveSnapshot()
        }
        let reopened = try PersistedIndex(path: path, configuration: int8)
        #expect(reopened.loadReport.source == .rebuilt)
        #expect(reopened.loadReport.rejected.contains { $0.contains("vectors f32") })
        #expect(reopened.index.count == 300)
        #expect(reopened.search(data[7], k: 1).first?.key == 7)
        // Its own snapshot then loads as int8; the f32 configuration refuses that one in turn and takes the older
        // f32 file instead.
        try reopened.saveSnapshot()
        let again = try PersistedIndex(path: path, configuration: int8)
        if case .snapshot = again.loadReport.source {} else { Issue.record("int8 snapshot not loaded: \(again.loadReport)") }
        #expect(again.loadReport.rejected.isEmpty)
        let back = try PersistedIndex(path: path, configuration: IndexPersistenceTests.configuration())
        if case .snapshot = back.loadReport.source {} else { Issue.record("f32 snapshot not loaded: \(back.loadReport)") }
        #expect(back.loadReport.rejected.contains { $0.contains("vectors int8") })
    }
}
