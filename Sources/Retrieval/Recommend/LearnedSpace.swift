import Synchronization

/// Every product's page vector through the learned model's item tower, kept flat for an exact scan: projected at
/// load (`sync` when the service is built) and, after any catalog write, for the new or replaced products before
/// the next learned ranking (the directory's generation says when), so a product is recommendable as soon as it
/// is stored, from its content alone. An exact scan, not an ANN graph: `bench-recommend` measures it. When the
/// model has co-purchase evidence, a product its table does not know (stored after training) is aliased to the
/// warm product nearest it here (an exact scan of the warm products, once per new product), whose evidence it then
/// shares, as `CoPurchaseTable.borrowRows` does for the cold items of the training catalog.
final class LearnedSpace: Sendable {
    private struct State {
        var generation: UInt64?
        var keys: [Int64] = []
        var slot: [Int64: Int] = [:]
        var vectors: [Float] = []
        /// The learned dimension: the length of the first projection (0 until one is made).
        var dimension = 0
        /// Keys of products with training baskets (warm for the model's co-purchase table) → their product ids.
        var warm: [Int64: String] = [:]
        /// Key of a product the co-purchase table does not know → the warm product nearest it in this space.
        var alias: [Int64: String] = [:]
        /// Warm product id → the keys aliased to it.
        var clones: [String: [Int64]] = [:]
    }

    let model: any RecommendationModel
    private let state = Mutex(State())

    init(model: any RecommendationModel) { self.model = model }

    /// Projected products.
    var count: Int { state.withLock { $0.keys.count } }

    /// Brings the projections up to the directory: new page keys projected (outside the lock), gone ones dropped.
    func sync(directory: AppearanceDirectory, index: any VectorIndexing) {
        let generation = directory.generation
        guard state.withLock({ $0.generation }) != generation else { return }
        let known: Set<Int64> = state.withLock { Set($0.keys) }
        let pages = Set(directory.pageKeys())
        var added: [(key: Int64, vector: [Float], id: String?)] = []
        let coPurchase = model.blend > 0
        for key in pages where !known.contains(key) {
            guard let content = index.vector(forKey: key) else { continue }
            let v = model.itemVector(content: content)
            if !v.isEmpty { added.append((key, v, coPurchase ? directory.entry(key)?.productID : nil)) }
        }
        state.withLock { s in
            if s.dimension == 0, let first = added.first { s.dimension = first.vector.count }
            let d = s.dimension
            for key in known where !pages.contains(key) {
                guard let at = s.slot.removeValue(forKey: key) else { continue }
                let last = s.keys.count - 1
                if at != last {
                    s.keys[at] = s.keys[last]
                    s.slot[s.keys[at]] = at
                    for k in 0..<d { s.vectors[at * d + k] = s.vectors[last * d + k] }
                }
                s.keys.removeLast()
                s.vectors.removeLast(d)
                s.warm.removeValue(forKey: key)
                if let target = s.alias.removeValue(forKey: key) { s.clones[target]?.removeAll { $0 == key } }
            }
            var unknown: [Int64] = []
            for (key, v, id) in added where s.slot[key] == nil && v.count == d {
                s.slot[key] = s.keys.count
                s.keys.append(key)
                s.vectors += v
                guard let id else { continue }
                if model.baskets(id) > 0 { s.warm[key] = id } else if !model.knowsCoPurchase(id) { unknown.append(key) }
            }
            if !unknown.isEmpty, !s.warm.isEmpty {
                let warm = s.warm.keys.sorted()
                for key in unknown {
                    // As `borrowRows`: a non-positive similarity borrows nothing.
                    guard let best = Self.nearest(s, to: s.slot[key]!, among: warm), best.score > 0,
                          let id = s.warm[best.key] else { continue }
                    s.alias[key] = id
                    s.clones[id, default: []].append(key)
                }
            }
            s.generation = generation
        }
    }

    /// The warm key (of `warm`, sorted) with the largest inner product with the vector at `row` (ties: the smaller key).
    private static func nearest(_ s: State, to row: Int, among warm: [Int64]) -> (key: Int64, score: Float)? {
        let d = s.dimension
        var best: (key: Int64, score: Float)?
        s.vectors.withUnsafeBufferPointer { v in
            let q = v.baseAddress! + row * d
            for key in warm {
                guard let at = s.slot[key] else { continue }
                let score = Self.dot(q, v.baseAddress! + at * d, d)
                if best == nil || score > best!.score { best = (key, score) }
            }
        }
        return best
    }

    /// The warm product a product unknown to the co-purchase table stands in for (nil: known, or no alias).
    func alias(forKey key: Int64) -> String? { state.withLock { $0.alias[key] } }

    /// The keys of the products aliased to warm product `id`.
    func clones(of id: String) -> [Int64] { state.withLock { $0.clones[id] ?? [] } }

    /// The projection of product page `key`, if projected.
    func vector(forKey key: Int64) -> [Float]? {
        state.withLock { s in
            guard let at = s.slot[key] else { return nil }
            return Array(s.vectors[(at * s.dimension)..<((at + 1) * s.dimension)])
        }
    }

    /// The `count` best keys by inner product with `user` among those `allow` lets through, best first (ties by key).
    func top(_ user: [Float], count: Int, allow: (@Sendable (Int64) -> Bool)?) -> [(key: Int64, score: Float)] {
        return state.withLock { s in
            let d = s.dimension
            guard user.count == d, d > 0, count > 0 else { return [] }
            var best: [(key: Int64, score: Float)] = []
            best.reserveCapacity(count + 1)
            s.vectors.withUnsafeBufferPointer { v in
                user.withUnsafeBufferPointer { u in
                    for (i, key) in s.keys.enumerated() {
                        let score = Self.dot(u.baseAddress!, v.baseAddress! + i * d, d)
                        if best.count == count, let last = best.last,
                           score < last.score || (score == last.score && key > last.key) { continue }
                        if let allow, !allow(key) { continue }
                        var at = best.count
                        while at > 0, score > best[at - 1].score || (score == best[at - 1].score && key < best[at - 1].key) { at -= 1 }
                        best.insert((key, score), at: at)
                        if best.count > count { best.removeLast() }
                    }
                }
            }
            return best
        }
    }

    /// The inner product of two rows of `d` floats (8 lanes at a time, then the tail).
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        var acc = SIMD8<Float>(), k = 0
        while k + 8 <= d {
            acc += UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
            k += 8
        }
        var score = acc.sum()
        while k < d { score += a[k] * b[k]; k += 1 }
        return score
    }
}
