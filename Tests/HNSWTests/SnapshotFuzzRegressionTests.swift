import HNSW
import Testing

/// Inputs `scripts/fuzz snapshot` found; each crashed or over-allocated in `HNSWIndex.load` before its fix.
@Suite struct SnapshotFuzzRegressionTests {
    static let configuration = HNSWConfiguration(dimension: 4, metric: .innerProduct, M: 4, efConstruction: 16,
                                                 seed: 1, initialCapacity: 16)

    /// Hex to bytes.
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    /// What the fuzz target does in its repair mode: true payload length at offset 88, true checksum at the end,
    /// so the input reaches the checks behind the checksum.
    static func repaired(_ input: [UInt8]) -> [UInt8] {
        var b = input
        let length = UInt64(b.count - 96 - 8)
        withUnsafeBytes(of: length.littleEndian) { for i in 0..<8 { b[88 + i] = $0[i] } }
        let sum = b.withUnsafeBytes { Checksum64.of(UnsafeRawBufferPointer(rebasing: $0[0..<(b.count - 8)])) }
        withUnsafeBytes(of: sum.littleEndian) { for i in 0..<8 { b[b.count - 8 + i] = $0[i] } }
        return b
    }

    static func loadError(_ bytes: [UInt8]) -> HNSWSnapshotError? {
        do {
            _ = try HNSWIndex.load(snapshot: bytes, configuration: configuration)
            return nil
        } catch {
            return error
        }
    }

    /// crash-dda90a50: tombstoneCount 0xa3 << 56 became a negative Int (wrapping under -Ounchecked), so
    /// liveCount + tombstoneCount <= slotCount held with liveCount 2^47, and reserving the key map for 2^47 keys
    /// asked for a 13 TB allocation (in a debug build the Int conversion trapped instead).
    @Test func negativeTombstoneCountIsRefused() {
        let input = Self.bytes(
            "414d50484e5357000100000000000000040000000400000010000000400000010000000000000000ffffffffffffffffffff"
            + "0000000000000000000000000000000000008000000000000000000000a30000000000000000ffffffffffffffff0000"
            + "00000000000045c651112719c66a")
        #expect(Self.loadError(Self.repaired(input)) == .inconsistent(["bad counts"]))
    }

    /// A header claiming 2^32 - 2 slots in a 200-byte file is refused before anything is allocated for them.
    @Test func slotCountBeyondThePayloadIsRefusedBeforeAllocating() {
        var input = HNSWIndex(configuration: Self.configuration).snapshot(sequence: 1)
        input += [UInt8](repeating: 0, count: 96)
        withUnsafeBytes(of: UInt64(UInt32.max - 1).littleEndian) { for i in 0..<8 { input[64 + i] = $0[i] } }  // slotCount in format 2
        #expect(Self.loadError(Self.repaired(input)) == .truncated)
    }

    /// A payload length near 2^64 overflowed `header + length + 8` (a trap in debug builds, a wrap in release).
    @Test func hugeDeclaredLengthIsTruncatedNotAnOverflow() {
        var input = HNSWIndex(configuration: Self.configuration).snapshot(sequence: 1)
        for i in 0..<8 { input[96 + i] = 0xFF }  // the payload length in format 2
        #expect(Self.loadError(input) == .truncated)
    }
}
