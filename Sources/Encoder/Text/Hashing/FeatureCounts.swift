#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Term counts of hashed features for `HashingTextEncoder`, keyed by a stable 64-bit hash.
struct FeatureCounts {
    private var counts: [UInt64: (count: Float, weight: Float)] = [:]

    /// Counts one occurrence of `bytes` in `namespace` (word, bigram, char n-gram, CJK uni/bigram).
    mutating func add<C: Collection<UInt8>>(namespace: UInt8, _ bytes: C, weight: Float) {
        let h = Self.hash(namespace: namespace, bytes)
        counts[h, default: (0, weight)].count += 1
    }

    /// Signed, sublinear-tf, L2-normalised vector.
    func vector(dimension: Int) -> [Float] {
        var v = [Float](repeating: 0, count: dimension)
        for (h, c) in counts {
            let index = Int((h >> 1) % UInt64(dimension))
            let sign: Float = h & 1 == 0 ? 1 : -1
            v[index] += sign * c.weight * (1 + logf(c.count))
        }
        Activations.l2Normalize(&v)
        return v
    }

    /// FNV-1a over namespace + bytes, then the SplitMix64 finaliser so low bits (index) and bit 0 (sign)
    /// are well mixed. Fixed constants: stable across processes and platforms.
    static func hash<C: Collection<UInt8>>(namespace: UInt8, _ bytes: C) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        h = (h ^ UInt64(namespace)) &* 0x0000_0100_0000_01b3
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
