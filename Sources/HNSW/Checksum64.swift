/// A fast 64-bit checksum for snapshots: four independent multiply-xor-rotate lanes over 8-byte words, so it
/// runs at memory speed on a 170 MB snapshot. Every step is a bijection of the lane state, so any single changed
/// word is guaranteed to change its lane; not cryptographic, only for detecting corruption and truncation.
/// Public so the snapshot fuzzer can give mutated snapshots a valid checksum and reach the checks behind it.
public enum Checksum64 {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    /// The checksum of `bytes`.
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var stream = Stream()
        stream.update(bytes)
        return stream.finish()
    }

    /// The same checksum over bytes that arrive in pieces (a snapshot streamed to a file in chunks): any split of
    /// the input gives the value `of` gives for the whole.
    public struct Stream: Sendable {
        private var h0: UInt64 = 0x243F_6A88_85A3_08D3, h1: UInt64 = 0x1319_8A2E_0370_7344
        private var h2: UInt64 = 0xA409_3822_299F_31D0, h3: UInt64 = 0x082E_FA98_EC4E_6C89
        /// Bytes of an incomplete 32-byte block carried to the next `update` (little-endian words).
        private var carry: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var carried = 0
        private var total = 0

        /// A stream over no bytes yet.
        public init() {}

        /// Bytes seen so far.
        public var count: Int { total }

        /// Feeds the next `bytes`.
        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            let n = bytes.count
            total += n
            var i = 0
            if carried > 0 {
                let take = min(32 - carried, n)
                withUnsafeMutableBytes(of: &carry) { c in
                    c.baseAddress!.advanced(by: carried).copyMemory(from: base, byteCount: take)
                }
                carried += take
                i = take
                guard carried == 32 else { return }
                block(carry.0, carry.1, carry.2, carry.3)
                carried = 0
            }
            while i + 32 <= n {
                block(base.loadUnaligned(fromByteOffset: i, as: UInt64.self),
                      base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self),
                      base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self),
                      base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
                i += 32
            }
            if i < n {
                withUnsafeMutableBytes(of: &carry) { c in
                    c.baseAddress!.copyMemory(from: base + i, byteCount: n - i)
                }
                carried = n - i
            }
        }

        @inline(__always) private mutating func block(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) {
            h0 = rotate((h0 ^ a) &* prime1)
            h1 = rotate((h1 ^ b) &* prime1)
            h2 = rotate((h2 ^ c) &* prime1)
            h3 = rotate((h3 ^ d) &* prime1)
        }

        /// The checksum of every byte fed so far.
        public func finish() -> UInt64 {
            var h0 = self.h0
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            var rest = carry
            withUnsafeBytes(of: &rest) { c in
                for j in 0..<carried {
                    let b = UInt64(c[j])
                    h0 = rotate((h0 ^ (b << shift)) &* prime2)
                    tail ^= b << shift
                    shift = (shift + 8) & 63
                }
            }
            var h = UInt64(total) &* prime2
            for lane in [h0, h1, h2, h3, tail] {
                h = rotate(h ^ (lane &* prime2)) &* prime1
            }
            return h ^ (h >> 29)
        }
    }

    @inline(__always) static func rotate(_ x: UInt64) -> UInt64 { (x << 31) | (x >> 33) }
}
