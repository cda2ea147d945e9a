import HNSW
import Testing
import VectorMath

/// The streamed snapshot: the checksum over pieces equals the one over the whole, the stream equals the in-memory
/// bytes at any chunk size, and writers that insert (growing the buffers) and delete while it streams do not change
/// what it writes.
@Suite struct SnapshotStreamTests {
    /// The one-shot checksum as it was before the streaming version (a copy, so a change to either shows).
    static func referenceChecksum(_ bytes: [UInt8]) -> UInt64 {
        let p1: UInt64 = 0x9E37_79B1_85EB_CA87, p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        func rot(_ x: UInt64) -> UInt64 { (x << 31) | (x >> 33) }
        var h0: UInt64 = 0x243F_6A88_85A3_08D3, h1: UInt64 = 0x1319_8A2E_0370_7344
        var h2: UInt64 = 0xA409_3822_299F_31D0, h3: UInt64 = 0x082E_FA98_EC4E_6C89
        func word(_ i: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[i + $1]) << (8 * UInt64($1)) } }
        var i = 0
        while i + 32 <= bytes.count {
            h0 = rot((h0 ^ word(i)) &* p1); h1 = rot((h1 ^ word(i + 8)) &* p1)
            h2 = rot((h2 ^ word(i + 16)) &* p1); h3 = rot((h3 ^ word(i + 24)) &* p1)
            i += 32
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < bytes.count {
            let b = UInt64(bytes[i])
            h0 = rot((h0 ^ (b << shift)) &* p2)
            tail ^= b << shift
            shift = (shift + 8) & 63
            i += 1
        }
        var h = UInt64(bytes.count) &* p2
        for lane in [h0, h1, h2, h3, tail] { h = rot(h ^ (lane &* p2)) &* p1 }
        return h ^ (h >> 29)
    }

    @Test func checksumOverPiecesEqualsTheWhole() {
        var rng = SplitMix64(seed: 5)
        for length in [0, 1, 31, 32, 33, 100, 1_000, 4_099] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let whole = bytes.withUnsafeBytes { Checksum64.of($0) }
            #expect(whole == Self.referenceChecksum(bytes))
            var stream = Checksum64.Stream()
            var at = 0
            while at < length {
                let n = min(Int(rng.next() % 40), length - at)
                bytes.withUnsafeBytes { stream.update(UnsafeRawBufferPointer(rebasing: $0[at..<(at + n)])) }
                at += n
            }
            #expect(stream.finish() == whole, "length \(length)")
        }
    }

    @Test(arguments: [64, 1_000, 4 << 20])
    func streamEqualsTheInMemorySnapshot(chunk: Int) throws {
        let index = SnapshotTests.build()
        let expected = index.snapshot(sequence: 77)
        var streamed: [UInt8] = []
        var largest = 0
        let written = try index.writeSnapshot(sequence: { 77 }, chunkBytes: chunk) { piece in
            largest = max(largest, piece.count)
            streamed.append(contentsOf: piece)
        }
        #expect(streamed == expected)
        #expect(largest <= max(chunk, 64))
        #expect(written.bytes == expected.count && written.sequence == 77 && written.liveCount == index.count)
        #expect(written.checksum == expected.withUnsafeBytes { Checksum64.of(UnsafeRawBufferPointer(rebasing: $0.dropLast(8))) })
    }

    @Test func writersDuringTheStreamDoNotChangeWhatItWrites() throws {
        var configuration = SnapshotTests.configuration()
        configuration.initialCapacity = 16
        let index = HNSWIndex(configuration: configuration)
        let data = Fixtures.clustered(count: 3_000, dimension: 16, seed: 44)
        for (i, v) in data.prefix(1_000).enumerated() { index.insert(key: Int64(i), vector: v) }
        for key in stride(from: Int64(0), to: 1_000, by: 9) { index.remove(key: key) }
        let expected = index.snapshot(sequence: 5)
        var streamed: [UInt8] = []
        var wroteDuring = false
        _ = try index.writeSnapshot(sequence: { 5 }, chunkBytes: 4_096) { piece in
            if !wroteDuring {
                wroteDuring = true
                // Outside the lock now: inserts grow the vector buffer (1024 -> 4096 slots) and replace keys,
                // deletes tombstone; the snapshot keeps reading the rows it copied the links for.
                for (i, v) in data[1_000...].enumerated() { index.insert(key: Int64(1_000 + i), vector: v) }
                for key in stride(from: Int64(1), to: 1_000, by: 3) { index.insert(key: key, vector: data[2_999 - Int(key)]) }
                for key in stride(from: Int64(2), to: 1_000, by: 5) { index.remove(key: key) }
            }
            streamed.append(contentsOf: piece)
        }
        #expect(wroteDuring)
        #expect(streamed == expected)
        let (loaded, _) = try HNSWIndex.load(snapshot: streamed, configuration: configuration)
        #expect(loaded.invariantViolations() == [])
        #expect(index.invariantViolations() == [])
        #expect(index.count > loaded.count)
    }
}
