import Synchronization
import VectorMath

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
        /// The product id of each row (parallel to `keys`) and the row of each product id.
        var ids: [String] = []
        var slotOfID: [String: Int] = [:]
        var slot: [Int64: Int] = [:]
        var vectors: [Float] = []
        /// The learned dimension: the length of the first projection (0 until one is made).
        var dimension = 0
        /// The rows quantized for the scan's first pass (`Int8Blocks`, blocks of 64: `blocks` per row), and the L1
        /// norm of each block of the float row, for the bound on what the quantization can move a score.
        var blocks = 0
        var codes: [Int8] = []
        var scales: [Float] = []
        var l1: [Float] = []
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
        var added: [(key: Int64, vector: [Float], id: String)] = []
        let coPurchase = model.blend > 0
        for key in pages where !known.contains(key) {
            // A page gone since `pageKeys` has no entry: the next generation's sync drops it.
            guard let id = directory.entry(key)?.productID, let content = index.vector(forKey: key) else { continue }
            let v = model.itemVector(content: content)
            if !v.isEmpty { added.append((key, v, id)) }
        }
        state.withLock { s in
            if s.dimension == 0, let first = added.first {
                s.dimension = first.vector.count
                s.blocks = Int8Blocks.blocks(dimension: s.dimension)
            }
            let d = s.dimension
            for key in known where !pages.contains(key) {
                guard let at = s.slot.removeValue(forKey: key) else { continue }
                let last = s.keys.count - 1
                if s.slotOfID[s.ids[at]] == at { s.slotOfID.removeValue(forKey: s.ids[at]) }
                if at != last {
                    s.keys[at] = s.keys[last]
                    s.ids[at] = s.ids[last]
                    s.slot[s.keys[at]] = at
                    s.slotOfID[s.ids[at]] = at
                    for k in 0..<d { s.vectors[at * d + k] = s.vectors[last * d + k] }
                    let b = s.blocks, w = Int8Blocks.width
                    for k in 0..<(b * w) { s.codes[at * b * w + k] = s.codes[last * b * w + k] }
                    for k in 0..<b {
                        s.scales[at * b + k] = s.scales[last * b + k]
                        s.l1[at * b + k] = s.l1[last * b + k]
                    }
                }
                s.keys.removeLast()
                s.ids.removeLast()
                s.vectors.removeLast(d)
                s.codes.removeLast(s.blocks * Int8Blocks.width)
                s.scales.removeLast(s.blocks)
                s.l1.removeLast(s.blocks)
                s.warm.removeValue(forKey: key)
                if let target = s.alias.removeValue(forKey: key) { s.clones[target]?.removeAll { $0 == key } }
            }
            var unknown: [Int64] = []
            for (key, v, id) in added where s.slot[key] == nil && v.count == d {
                s.slot[key] = s.keys.count
                s.slotOfID[id] = s.keys.count
                s.keys.append(key)
                s.ids.append(id)
                s.vectors += v
                Self.appendQuantized(&s, v)
                guard coPurchase else { continue }
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

    /// Appends the quantized form of row `v` and its blocks' L1 norms.
    private static func appendQuantized(_ s: inout State, _ v: [Float]) {
        let b = s.blocks, w = Int8Blocks.width
        var codes = [Int8](repeating: 0, count: b * w), scales = [Float](repeating: 0, count: b)
        v.withUnsafeBufferPointer { Int8Blocks.quantize($0.baseAddress!, count: v.count, codes: &codes, scales: &scales) }
        s.codes += codes
        s.scales += scales
        for k in 0..<b {
            var sum: Float = 0
            for i in (k * w)..<min((k + 1) * w, v.count) { sum += abs(v[i]) }
            s.l1.append(sum)
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

    /// The projection of product page `key`, if projected.
    func vector(forKey key: Int64) -> [Float]? {
        state.withLock { s in
            guard let at = s.slot[key] else { return nil }
            return Array(s.vectors[(at * s.dimension)..<((at + 1) * s.dimension)])
        }
    }

    /// The learned ranking's candidates in one pass over a snapshot of the rows: the `count` best products by inner product with
    /// `user` among those `allow` lets through (the scan), then every product with co-purchase `evidence`
    /// (by product id; a warm product's evidence also goes to the products aliased to it) scored exactly as
    /// inner product + `blend` · evidence, added to the scan's products that have any. Products in `skipping` (by
    /// id) are left out. Returns the `count` best by that score, and any tied with the last of them, best first
    /// (ties in no particular order: the caller orders them by id). A product without evidence past the scan's
    /// `count` cannot reach them, evidence being non-negative.
    func rank(_ user: [Float], count: Int, allow: (@Sendable (Int64) -> Bool)?, evidence: [String: Double],
              blend: Double, skipping: Set<String>) -> [(key: Int64, score: Double)] {
        do {
            let s = snapshot
            let d = s.dimension
            guard user.count == d, d > 0, count > 0 else { return [] }
            let skipped = Set(skipping.compactMap { s.slotOfID[$0] })
            var scores: [Int: Double] = [:]
            for (key, score) in Self.scan(s, user, count: count + skipped.count, allow: allow) {
                guard let at = s.slot[key], !skipped.contains(at) else { continue }
                scores[at] = Double(score)
            }
            if blend > 0, !evidence.isEmpty {
                s.vectors.withUnsafeBufferPointer { v in
                    user.withUnsafeBufferPointer { u in
                        func add(_ at: Int, _ e: Double) {
                            guard !skipped.contains(at) else { return }
                            if let old = scores[at] { scores[at] = old + blend * e; return }
                            if let allow, !allow(s.keys[at]) { return }
                            scores[at] = Double(Self.dot(u.baseAddress!, v.baseAddress! + at * d, d)) + blend * e
                        }
                        for (id, e) in evidence {
                            if let at = s.slotOfID[id] { add(at, e) }
                            for key in s.clones[id] ?? [] { if let at = s.slot[key] { add(at, e) } }
                        }
                    }
                }
            }
            var ranked = scores.map { (key: s.keys[$0.key], score: $0.value) }
            ranked.sort { $0.score > $1.score }
            if ranked.count > count {
                var end = count
                while end < ranked.count, ranked[end].score == ranked[count - 1].score { end += 1 }
                ranked.removeLast(ranked.count - end)
            }
            return ranked
        }
    }

    /// Rows below which the scan reads the floats directly (the first pass would not pay for itself).
    static let prescreenMinimum = 4_096

    /// `exactScan`'s answer from less memory: the scan reads 512 bytes a row at 128 dimensions, and at 100k
    /// products it was bound by memory, not arithmetic. A first pass scores every row from its int8 codes (144
    /// bytes with scales and norms) against the quantized user, with a bound on the error both quantizations can
    /// make (per block: half the user's step × the row's L1 norm + half the row's step × the quantized user's L1
    /// norm, plus a margin for float rounding); the `count`-th best lower bound among the allowed rows is a floor
    /// no row of the exact answer is under, so only rows whose upper bound reaches it are scored exactly. The same
    /// answer as `exactScan`, ties included (a test compares them on rows with exact ties).
    private static func scan(_ s: State, _ user: [Float], count: Int, prescreen: Bool? = nil,
                             allow: (@Sendable (Int64) -> Bool)?) -> [(key: Int64, score: Float)] {
        let n = s.keys.count, d = s.dimension
        guard prescreen ?? (n >= prescreenMinimum), user.count == d, d > 0, count > 0, count < n else {
            return exactScan(s, user, count: count, allow: allow)
        }
        let b = s.blocks, w = Int8Blocks.width
        var uc = [Int8](repeating: 0, count: b * w), us = [Float](repeating: 0, count: b)
        user.withUnsafeBufferPointer { Int8Blocks.quantize($0.baseAddress!, count: d, codes: &uc, scales: &us) }
        var userL1 = [Float](repeating: 0, count: b)
        var userMax: Float = 0
        for k in 0..<b {
            for i in (k * w)..<min((k + 1) * w, d) {
                userL1[k] += abs(us[k] * Float(uc[i]))
                userMax = max(userMax, abs(user[i]))
            }
        }
        let halfStep = us.map { $0 / 2 }
        // Σ |uᵢvᵢ| ≤ max|u| · |v|₁ bounds the rounding of every float sum involved (128 terms: ~1e-5 relative).
        let margin = 1e-4 * userMax
        // Per request (the scan runs outside the lock); the first pass writes every row's bound before any skip.
        var upper = [Float](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var lows: [Float] = []  // the `count` best lower bounds among allowed rows, best first
        lows.reserveCapacity(count + 1)
        upper.withUnsafeMutableBufferPointer { upper in
            s.codes.withUnsafeBufferPointer { codes in
                s.scales.withUnsafeBufferPointer { scales in
                    s.l1.withUnsafeBufferPointer { l1 in
                        uc.withUnsafeBufferPointer { q in
                            us.withUnsafeBufferPointer { qs in
                                for r in 0..<n {
                                    let a = Int8Blocks.dotFast(q.baseAddress!, qs.baseAddress!, codes.baseAddress! + r * b * w,
                                                               scales.baseAddress! + r * b, blocks: b)
                                    var e: Float = 0
                                    for k in 0..<b {
                                        let rowL1 = l1[r * b + k]
                                        e += halfStep[k] * rowL1 + scales[r * b + k] / 2 * userL1[k] + margin * rowL1
                                    }
                                    upper[r] = a + e
                                    let low = a - e
                                    if lows.count == count, low <= lows[count - 1] { continue }
                                    if let allow, !allow(s.keys[r]) { continue }
                                    var at = lows.count
                                    while at > 0, low > lows[at - 1] { at -= 1 }
                                    lows.insert(low, at: at)
                                    if lows.count > count { lows.removeLast() }
                                }
                            }
                        }
                    }
                }
            }
        }
        let floor = lows.count == count ? lows[count - 1] : -Float.infinity
        var best: [(key: Int64, score: Float)] = []
        best.reserveCapacity(count + 1)
        upper.withUnsafeBufferPointer { upper in
            s.vectors.withUnsafeBufferPointer { v in
                user.withUnsafeBufferPointer { u in
                    for r in 0..<n where upper[r] >= floor {
                        let key = s.keys[r]
                        let score = Self.dot(u.baseAddress!, v.baseAddress! + r * d, d)
                        Self.offer(key, score, count: count, allow: allow, to: &best)
                    }
                }
            }
        }
        return best
    }

    /// Offers one row to a best-first list of at most `count` (ties by key), checking `allow` only when it would enter.
    @inline(__always)
    private static func offer(_ key: Int64, _ score: Float, count: Int, allow: (@Sendable (Int64) -> Bool)?,
                              to best: inout [(key: Int64, score: Float)]) {
        if best.count == count, let last = best.last,
           score < last.score || (score == last.score && key > last.key) { return }
        if let allow, !allow(key) { return }
        var at = best.count
        while at > 0, score > best[at - 1].score || (score == best[at - 1].score && key < best[at - 1].key) { at -= 1 }
        best.insert((key, score), at: at)
        if best.count > count { best.removeLast() }
    }

    /// Every row scored from its floats: the reference the prescreened scan must equal.
    private static func exactScan(_ s: State, _ user: [Float], count: Int,
                                  allow: (@Sendable (Int64) -> Bool)?) -> [(key: Int64, score: Float)] {
        let d = s.dimension
        guard user.count == d, d > 0, count > 0 else { return [] }
        var best: [(key: Int64, score: Float)] = []
        best.reserveCapacity(count + 1)
        s.vectors.withUnsafeBufferPointer { v in
            user.withUnsafeBufferPointer { u in
                for (i, key) in s.keys.enumerated() {
                    Self.offer(key, Self.dot(u.baseAddress!, v.baseAddress! + i * d, d), count: count, allow: allow, to: &best)
                }
            }
        }
        return best
    }

    /// The scan with the first pass forced on or off (tests compare the two).
    func top(_ user: [Float], count: Int, prescreen: Bool, allow: (@Sendable (Int64) -> Bool)? = nil) -> [(key: Int64, score: Float)] {
        let s = snapshot
        return prescreen ? Self.scan(s, user, count: count, prescreen: true, allow: allow)
            : Self.exactScan(s, user, count: count, allow: allow)
    }

    /// The rows as of now, for a scan outside the lock: copying the state retains its arrays, no more, so two
    /// requests scan at once on two cores (under the lock they took turns). A `sync` that meets a snapshot still
    /// held copies the arrays it changes (copy-on-write), leaving the snapshot as it was.
    private var snapshot: State { state.withLock { $0 } }

    /// The inner product of two rows of `d` floats: two independent 16-lane accumulators (Swift never reassociates
    /// float sums, so one accumulator is one chain of dependent adds: the scan of 100k 128-d rows was bound by
    /// it), then 8 lanes, then the tail.
    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ d: Int) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>(), k = 0
        while k + 32 <= d {
            acc0 += ra.loadUnaligned(fromByteOffset: k &* 4, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k &* 4, as: SIMD16<Float>.self)
            acc1 += ra.loadUnaligned(fromByteOffset: k &* 4 &+ 64, as: SIMD16<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k &* 4 &+ 64, as: SIMD16<Float>.self)
            k &+= 32
        }
        var acc = SIMD8<Float>()
        while k + 8 <= d {
            acc += ra.loadUnaligned(fromByteOffset: k &* 4, as: SIMD8<Float>.self)
                * rb.loadUnaligned(fromByteOffset: k &* 4, as: SIMD8<Float>.self)
            k &+= 8
        }
        var score = (acc0 + acc1).sum() + acc.sum()
        while k < d { score += a[k] * b[k]; k += 1 }
        return score
    }
}
