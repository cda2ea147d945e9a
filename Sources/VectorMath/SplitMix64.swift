/// A small, fast, seedable random number generator (SplitMix64). Used for HNSW level sampling and by tests and
/// benchmarks that need reproducible data; not for anything security-related.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state; saving and restoring it resumes the same sequence.
    public var state: UInt64

    /// A generator whose sequence is fully determined by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform float in [-1, 1), handy for test vectors.
    @inlinable
    public mutating func nextSignedUnitFloat() -> Float {
        Float(next() >> 40) / Float(1 << 23) - 1
    }

    /// A vector of `count` uniform floats in [-1, 1).
    @inlinable
    public mutating func vector(count: Int) -> [Float] {
        (0..<count).map { _ in nextSignedUnitFloat() }
    }
}
