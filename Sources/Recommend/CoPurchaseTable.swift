/// What the learned mode keeps of the training log's behaviour: for every item, its top co-purchase neighbours by
/// basket cosine raised to `exponent`, (co(i,j) / sqrt(nᵢ·nⱼ))^p, and nᵢ, the training baskets holding it (the
/// popularity that breaks ties among re-buys). An item no training basket holds (a cold item) borrows the rows of
/// its nearest warm items in the learned space (`borrow`), so co-purchase evidence does not push it out of reach.
/// Indices are catalog rows; the model file stores the table by product id.
public struct CoPurchaseTable: Sendable, Equatable {
    /// How the table is built.
    public struct Settings: Sendable, Equatable, Codable {
        /// How an item's neighbour weights are computed.
        public enum Method: String, Sendable, Equatable, Codable {
            /// (co(i,j) / sqrt(nᵢ·nⱼ))^exponent.
            case cosine
            /// The EASE weights with ridge `lambda` (`EASE`); falls back to `cosine` past `easeMaxItems` warm items.
            case ease
        }
        /// Neighbours kept per item.
        public var neighbours = 100
        /// The power of the cosine (sharpens strong neighbours).
        public var exponent: Float = 2
        /// Warm items a cold item borrows its row from.
        public var borrow = 1
        public var method: Method = .cosine
        /// EASE's ridge λ.
        public var lambda: Float = 400
        /// Most items with training baskets EASE inverts a Gram matrix over (O(m³) time, 16·m² bytes).
        public var easeMaxItems = 6_000
        public init() {}

        enum CodingKeys: String, CodingKey { case neighbours, exponent, borrow, method, lambda, easeMaxItems }

        /// Model files written before `method` existed hold cosine tables: missing keys take the defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Settings()
            neighbours = try c.decodeIfPresent(Int.self, forKey: .neighbours) ?? d.neighbours
            exponent = try c.decodeIfPresent(Float.self, forKey: .exponent) ?? d.exponent
            borrow = try c.decodeIfPresent(Int.self, forKey: .borrow) ?? d.borrow
            method = try c.decodeIfPresent(Method.self, forKey: .method) ?? .cosine
            lambda = try c.decodeIfPresent(Float.self, forKey: .lambda) ?? d.lambda
            easeMaxItems = try c.decodeIfPresent(Int.self, forKey: .easeMaxItems) ?? d.easeMaxItems
        }
    }

    /// Rows, one per item: neighbour indices and their weights, strongest first.
    public var rows: [[Int32]]
    public var weights: [[Float]]
    /// Training baskets holding each item.
    public var baskets: [Int32]

    public init(rows: [[Int32]], weights: [[Float]], baskets: [Int32]) throws(TowerError) {
        guard rows.count == weights.count, rows.count == baskets.count,
              zip(rows, weights).allSatisfy({ $0.count == $1.count }),
              rows.allSatisfy({ $0.allSatisfy { $0 >= 0 && Int($0) < rows.count } }),
              weights.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw TowerError("co-purchase table rows do not match")
        }
        self.rows = rows
        self.weights = weights
        self.baskets = baskets
    }

    public var count: Int { rows.count }

    /// The table of `baskets` (catalog indices, `n` items) by `settings.method`: EASE when asked for and the warm
    /// items are within `easeMaxItems` (and the factorisation succeeds), else the cosine.
    public init(baskets training: [[Int]], items n: Int, settings: Settings) {
        if settings.method == .ease,
           let ease = try? EASE.table(baskets: training, items: n, lambda: Double(settings.lambda),
                                      neighbours: settings.neighbours, maxItems: settings.easeMaxItems) {
            self.init(unchecked: ease.rows, ease.weights, ease.baskets)
            return
        }
        self.init(cosine: training, items: n, settings: settings)
    }

    private init(unchecked rows: [[Int32]], _ weights: [[Float]], _ baskets: [Int32]) {
        self.rows = rows
        self.weights = weights
        self.baskets = baskets
    }

    /// The cosine table of `baskets`.
    init(cosine training: [[Int]], items n: Int, settings: Settings) {
        var held = [Int32](repeating: 0, count: n)
        var holding = [[Int32]](repeating: [], count: n)  // item -> baskets holding it
        for (b, basket) in training.enumerated() {
            for i in Set(basket) where i >= 0 && i < n { held[i] += 1; holding[i].append(Int32(b)) }
        }
        var rows = [[Int32]](repeating: [], count: n), weights = [[Float]](repeating: [], count: n)
        var co = [Int32](repeating: 0, count: n)
        var touched: [Int] = []
        for i in 0..<n where held[i] > 0 {
            for b in holding[i] {
                for j in Set(training[Int(b)]) where j != i && j >= 0 && j < n {
                    if co[j] == 0 { touched.append(j) }
                    co[j] += 1
                }
            }
            var scored: [(Int, Float)] = touched.map { j in
                let cosine = Float(co[j]) / (Float(held[i]) * Float(held[j])).squareRoot()
                return (j, Self.power(cosine, settings.exponent))
            }
            for j in touched { co[j] = 0 }
            touched.removeAll(keepingCapacity: true)
            scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            let kept = scored.prefix(settings.neighbours)
            rows[i] = kept.map { Int32($0.0) }
            weights[i] = kept.map(\.1)
        }
        self.rows = rows
        self.weights = weights
        baskets = held
    }

    static func power(_ x: Float, _ p: Float) -> Float {
        if p == 1 { return x }
        if p == 2 { return x * x }
        return Float(TowerTrainer.exp2Approx(Double(p) * Double(log(max(x, 1e-30))) / 0.693_147_180_559_945_3))
    }

    /// Gives every item without training baskets (a cold item) the co-purchase neighbours of its `borrow` nearest
    /// warm items by inner product of `projected` (n × `dimension`, the item tower's vectors), each weighted by that
    /// similarity (clamped at 0, scaled to sum 1), and enters it into those neighbours' rows with the same weight
    /// (the cosine is symmetric; EASE weights nearly so, B_ij·P_jj = B_ji·P_ii), so a bought item gives evidence to its cold co-purchase look-alikes too.
    public mutating func borrowRows(projected: [Float], dimension d: Int, settings: Settings) {
        let n = rows.count
        guard d > 0, projected.count == n * d, settings.borrow > 0 else { return }
        let warm = (0..<n).filter { baskets[$0] > 0 }
        guard !warm.isEmpty else { return }
        var borrowed: [(Int, [(Int32, Float)])] = []
        for i in 0..<n where baskets[i] == 0 {
            var best: [(Int, Float)] = []
            for j in warm {
                var s: Float = 0
                for k in 0..<d { s += projected[i * d + k] * projected[j * d + k] }
                if best.count == settings.borrow, let last = best.last, s <= last.1 { continue }
                var at = best.count
                while at > 0, s > best[at - 1].1 { at -= 1 }
                best.insert((j, s), at: at)
                if best.count > settings.borrow { best.removeLast() }
            }
            let total = best.reduce(Float(0)) { $0 + max(0, $1.1) }
            guard total > 0 else { continue }
            var merged: [Int32: Float] = [:]
            for (j, s) in best where s > 0 {
                for (r, w) in zip(rows[j], weights[j]) where Int(r) != i { merged[r, default: 0] += s / total * w }
            }
            let kept = merged.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(settings.neighbours)
            borrowed.append((i, Array(kept.map { ($0.key, $0.value) })))
        }
        for (i, row) in borrowed {
            rows[i] = row.map(\.0)
            weights[i] = row.map(\.1)
            for (r, w) in row where baskets[Int(r)] > 0 {
                rows[Int(r)].append(Int32(i))
                weights[Int(r)].append(w)
            }
        }
    }

    /// The co-purchase evidence of a weighted history: Σₕ wₕ·row_h / Σₕ wₕ, sparse (item → evidence), keeping
    /// positive sums only (EASE weights can be negative; a ranking that adds evidence to a few candidates relies on
    /// every product without evidence being at 0, below or level with every product that has some).
    public func evidence(_ history: [(item: Int, weight: Float)]) -> [Int: Float] {
        var out: [Int: Float] = [:]
        var total: Float = 0
        for (h, w) in history where h >= 0 && h < rows.count && w > 0 {
            total += w
            for (r, s) in zip(rows[h], weights[h]) { out[Int(r), default: 0] += w * s }
        }
        guard total > 0 else { return [:] }
        return out.compactMapValues { $0 > 0 ? $0 / total : nil }
    }
}
