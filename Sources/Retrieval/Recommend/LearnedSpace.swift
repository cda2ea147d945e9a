import Synchronization

/// Every product's page vector through the learned model's item tower, kept flat for an exact scan: projected at
/// load (`sync` when the service is built) and, after any catalog write, for the new or replaced products before
/// the next learned ranking (the directory's generation says when), so a product is recommendable as soon as it
/// is stored, from its content alone. An exact scan, not an ANN graph: `bench-recommend` measures it.
final class LearnedSpace: Sendable {
    private struct State {
        var generation: UInt64?
        var keys: [Int64] = []
        var slot: [Int64: Int] = [:]
        var vectors: [Float] = []
        /// The learned dimension: the length of the first projection (0 until one is made).
        var dimension = 0
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
        var added: [(Int64, [Float])] = []
        for key in pages where !known.contains(key) {
            guard let content = index.vector(forKey: key) else { continue }
            let v = model.itemVector(content: content)
            if !v.isEmpty { added.append((key, v)) }
        }
        state.withLock { s in
            if s.dimension == 0, let first = added.first { s.dimension = first.1.count }
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
            }
            for (key, v) in added where s.slot[key] == nil && v.count == d {
                s.slot[key] = s.keys.count
                s.keys.append(key)
                s.vectors += v
            }
            s.generation = generation
        }
    }

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
                    let u8 = UnsafeRawPointer(u.baseAddress!), lanes = d / 8
                    for (i, key) in s.keys.enumerated() {
                        let row = v.baseAddress! + i * d
                        let r8 = UnsafeRawPointer(row)
                        var acc = SIMD8<Float>()
                        for j in 0..<lanes {
                            acc += u8.loadUnaligned(fromByteOffset: j * 32, as: SIMD8<Float>.self)
                                * r8.loadUnaligned(fromByteOffset: j * 32, as: SIMD8<Float>.self)
                        }
                        var score = acc.sum()
                        for k in (lanes * 8)..<d { score += u[k] * row[k] }
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
}
