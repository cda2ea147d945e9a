import VectorMath

/// LEARN's twin towers, shrunk for two cores (docs/ARCHITECTURE.md "Recommendations"): the item tower maps a frozen
/// content vector x to normalise(W·(x − μ)), a function of content only (no item ids, so a new product is
/// recommendable as soon as it is encoded); the user tower pools a history of item-tower vectors with per-event
/// weights (event type × recency decay, computed by the caller) and maps the pool through U: normalise(U·Σ wᵢ·vᵢ).
/// Scores are inner products of the two (cosines). Flat row-major arrays throughout.
public struct TwinTowers: Sendable, Equatable {
    /// The content vector length.
    public let inputDimension: Int
    /// The learned space's dimension.
    public let dimension: Int
    /// The catalog mean μ the item tower subtracts (`inputDimension`).
    public var mean: [Float]
    /// W, `dimension` × `inputDimension`.
    public var item: [Float]
    /// U, `dimension` × `dimension`.
    public var user: [Float]

    /// Creates towers from their parameters (counts are checked).
    public init(inputDimension: Int, dimension: Int, mean: [Float], item: [Float], user: [Float]) throws(TowerError) {
        guard inputDimension > 0, dimension > 0, mean.count == inputDimension, item.count == dimension * inputDimension,
              user.count == dimension * dimension else {
            throw TowerError("parameter sizes do not match \(dimension)x\(inputDimension)")
        }
        guard (mean + item + user).allSatisfy(\.isFinite) else { throw TowerError("non-finite parameter") }
        self.inputDimension = inputDimension
        self.dimension = dimension
        self.mean = mean
        self.item = item
        self.user = user
    }

    /// The item tower before normalisation: z = W·(x − μ) (`centred` is scratch of `inputDimension`).
    func itemPre(_ x: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>, centred: UnsafeMutablePointer<Float>) {
        mean.withUnsafeBufferPointer { m in
            for k in 0..<inputDimension { centred[k] = x[k] - m[k] }
        }
        item.withUnsafeBufferPointer { w in
            for r in 0..<dimension {
                z[r] = Kernels.dot(w.baseAddress! + r * inputDimension, UnsafePointer(centred), count: inputDimension)
            }
        }
    }

    /// The item tower: normalise(W·(x − μ)); zeros when `content` has the wrong length or projects to nothing.
    public func itemVector(content: [Float]) -> [Float] {
        guard content.count == inputDimension else { return [Float](repeating: 0, count: dimension) }
        var z = [Float](repeating: 0, count: dimension)
        var scratch = [Float](repeating: 0, count: inputDimension)
        content.withUnsafeBufferPointer { x in
            z.withUnsafeMutableBufferPointer { zp in
                scratch.withUnsafeMutableBufferPointer { s in itemPre(x.baseAddress!, into: zp.baseAddress!, centred: s.baseAddress!) }
            }
        }
        return Self.unit(z)
    }

    /// The user tower over item-tower vectors and their weights: normalise(U·Σ wᵢ·vᵢ).
    public func userVector(items: [[Float]], weights: [Float]) -> [Float] {
        var pool = [Float](repeating: 0, count: dimension)
        for (v, w) in zip(items, weights) where v.count == dimension { for k in 0..<dimension { pool[k] += w * v[k] } }
        return userVector(pooled: pool)
    }

    /// The user tower's map of a pooled vector.
    public func userVector(pooled pool: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        user.withUnsafeBufferPointer { u in
            pool.withUnsafeBufferPointer { p in
                for r in 0..<dimension { out[r] = Kernels.dot(u.baseAddress! + r * dimension, p.baseAddress!, count: dimension) }
            }
        }
        return Self.unit(out)
    }

    /// v / |v| (zeros stay zeros).
    public static func unit(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return [Float](repeating: 0, count: v.count) }
        return v.map { $0 / norm }
    }

    /// FNV-1a (64 bit) over the dimensions and every parameter's bit pattern: the model file's checksum.
    public var checksum: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: UInt64) { for s in stride(from: 0, to: 64, by: 8) { h = (h ^ ((x >> UInt64(s)) & 0xff)) &* 0x100_0000_01b3 } }
        mix(UInt64(inputDimension))
        mix(UInt64(dimension))
        for array in [mean, item, user] { for x in array { mix(UInt64(x.bitPattern)) } }
        return h
    }
}

/// A tower's parameters or inputs are unusable.
public struct TowerError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
