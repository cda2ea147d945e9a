/// A fast 64-bit checksum for snapshots: four independent multiply-xor-rotate lanes over 8-byte words, so it
/// runs at memory speed on a 170 MB snapshot. Every step is a bijection of the lane state, so any single changed
/// word is guaranteed to change its lane; not cryptographic, only for detecting corruption and truncation.
/// Public so the snapshot fuzzer can give mutated snapshots a valid checksum and reach the checks behind it.
public enum Checksum64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    /// The checksum of `bytes`.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h0: UInt64 = 0x243F_6A88_85A3_08D3, h1: UInt64 = 0x1319_8A2E_0370_7344
        var h2: UInt64 = 0xA409_3822_299F_31D0, h3: UInt64 = 0x082E_FA98_EC4E_6C89
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            while i + 32 <= n {
                h0 = rotate((h0 ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* prime1)
                h1 = rotate((h1 ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* prime1)
                h2 = rotate((h2 ^ base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* prime1)
                h3 = rotate((h3 ^ base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* prime1)
                i += 32
            }
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            let b = UInt64(bytes[i])
            h0 = rotate((h0 ^ (b << shift)) &* prime2)
            tail ^= b << shift
            shift = (shift + 8) & 63
            i += 1
        }
        var h = UInt64(n) &* prime2
        for lane in [h0, h1, h2, h3, tail] {
            h = rotate(h ^ (lane &* prime2)) &* prime1
        }
        return h ^ (h >> 29)
    }

    @inline(__always) private static func rotate(_ x: UInt64) -> UInt64 { (x << 31) | (x >> 33) }
}
