import VectorMath

/// Fits `TwinTowers` on next-basket targets, LEARN's way on a CPU: the item tower is initialised by PCA whitening of
/// the catalog's content vectors (so epoch 0 is already the centred, decorrelated content space), the user tower by
/// the identity (so epoch 0 is the history mean in that space); both are then trained with a sampled softmax over
/// the batch's target items plus uniformly drawn catalog items (logits = scale · cosine, LEARN's 20), Adam, a
/// cosine learning-rate schedule. Single-threaded and seeded: the same inputs and settings give the same bits.
public struct TowerTrainer: Sendable {
    /// Training settings (all recorded in the model file).
    public struct Settings: Sendable, Equatable, Codable {
        public var dimension = 128
        public var epochs = 4
        public var batch = 256
        /// Catalog items drawn uniformly per batch as extra negatives (beside the batch's targets).
        public var negatives = 1_024
        public var learningRate: Float = 0.002
        /// Logit scale (1/τ); LEARN uses 20.
        public var scale: Float = 20
        public var seed: UInt64 = 1
        /// Most recent history events pooled (as served: `recommend.history_limit`).
        public var historyLimit = 50
        /// Recency half-life of a history event's weight, in days (as served: `recommend.half_life_days`).
        public var halfLifeDays: Double = 30
        /// Target items drawn per next basket per epoch.
        public var targetsPerBasket = 4
        /// Draw targets among the basket's items the history does not hold, when there are any (repeats are the
        /// repeat-frequency blend's job at serving time).
        public var newTargets = true
        /// Whitening strength: component k is scaled by 1/sqrt(λₖ + shrink · mean(λ)).
        public var shrink: Float = 0.1
        public init() {}
    }

    /// One basket of a user's training sequence: catalog indices and its time in seconds.
    public struct Basket: Sendable {
        public var items: [Int]
        public var seconds: Double
        public init(items: [Int], seconds: Double) {
            self.items = items
            self.seconds = seconds
        }
    }

    /// What a run reports.
    public struct Report: Sendable {
        public var examples: Int
        public var epochLoss: [Double]
        public var seconds: Double
    }

    public let settings: Settings

    public init(settings: Settings) { self.settings = settings }

    /// The weight of a purchase `age` seconds older than the newest history event (type weight 3, as served).
    public static func purchaseWeight(age: Double, halfLifeDays: Double) -> Float {
        let halfLife = halfLifeDays * 86_400
        return Float(3 * (halfLife > 0 ? exp2Approx(-age / halfLife) : 1))
    }

    static func exp2Approx(_ x: Double) -> Double {
        guard x > -1_000 else { return 0 }
        let whole = x.rounded(.down)
        let y = (x - whole) * 0.693_147_180_559_945_3
        var term = 1.0, sum = 1.0
        for n in 1...20 { term *= y / Double(n); sum += term }
        return Double(sign: .plus, exponent: Int(whole), significand: 1) * sum
    }

    /// The towers at initialisation: μ the catalog mean, W the whitened top principal directions, U the identity.
    public func initial(catalog: [Float], inputDimension d0: Int) throws(TowerError) -> TwinTowers {
        let n = d0 > 0 ? catalog.count / d0 : 0
        let d = settings.dimension
        guard n > 1, d0 > 0, catalog.count == n * d0, d <= d0 else {
            throw TowerError("need at least 2 catalog vectors of length \(d0) and dimension <= \(d0)")
        }
        var mean = [Float](repeating: 0, count: d0)
        for i in 0..<n { for k in 0..<d0 { mean[k] += catalog[i * d0 + k] } }
        for k in 0..<d0 { mean[k] /= Float(n) }
        var cov = [Double](repeating: 0, count: d0 * d0)
        var c = [Double](repeating: 0, count: d0)
        for i in 0..<n {
            for k in 0..<d0 { c[k] = Double(catalog[i * d0 + k] - mean[k]) }
            for a in 0..<d0 where c[a] != 0 { let ca = c[a]; for b in a..<d0 { cov[a * d0 + b] += ca * c[b] } }
        }
        for a in 0..<d0 { for b in a..<d0 { cov[a * d0 + b] /= Double(n); cov[b * d0 + a] = cov[a * d0 + b] } }
        // Subspace iteration for the top d eigenvectors (Gram–Schmidt each round), seeded start.
        var rng = SplitMix64(seed: settings.seed ^ 0x9e37_79b9)
        var q = (0..<(d * d0)).map { _ in Double.random(in: -1...1, using: &rng) }
        var next = [Double](repeating: 0, count: d * d0)
        func orthonormalise(_ m: inout [Double]) {
            for r in 0..<d {
                for s in 0..<r {
                    var dot = 0.0
                    for k in 0..<d0 { dot += m[r * d0 + k] * m[s * d0 + k] }
                    for k in 0..<d0 { m[r * d0 + k] -= dot * m[s * d0 + k] }
                }
                var norm = 0.0
                for k in 0..<d0 { norm += m[r * d0 + k] * m[r * d0 + k] }
                norm = norm.squareRoot()
                for k in 0..<d0 { m[r * d0 + k] = norm > 0 ? m[r * d0 + k] / norm : 0 }
            }
        }
        orthonormalise(&q)
        for _ in 0..<40 {
            for r in 0..<d {
                for a in 0..<d0 {
                    var s = 0.0
                    for b in 0..<d0 { s += cov[a * d0 + b] * q[r * d0 + b] }
                    next[r * d0 + a] = s
                }
            }
            swap(&q, &next)
            orthonormalise(&q)
        }
        var lambda = [Double](repeating: 0, count: d)
        for r in 0..<d {
            var s = 0.0
            for a in 0..<d0 {
                var row = 0.0
                for b in 0..<d0 { row += cov[a * d0 + b] * q[r * d0 + b] }
                s += q[r * d0 + a] * row
            }
            lambda[r] = max(0, s)
        }
        let mu = lambda.reduce(0, +) / Double(d)
        var item = [Float](repeating: 0, count: d * d0)
        for r in 0..<d {
            let scale = 1 / (lambda[r] + Double(settings.shrink) * mu + 1e-12).squareRoot()
            for k in 0..<d0 { item[r * d0 + k] = Float(q[r * d0 + k] * scale) }
        }
        var user = [Float](repeating: 0, count: d * d)
        for r in 0..<d { user[r * d + r] = 1 }
        return try TwinTowers(inputDimension: d0, dimension: d, mean: mean, item: item, user: user)
    }

    /// One training example: a pooled history (catalog index, weight) and the items its next basket may target.
    struct Example {
        var history: [(item: Int, weight: Float)]
        var targets: [Int]
    }

    /// The examples of the sequences: for every basket after a user's first, its history (the newest
    /// `historyLimit` earlier events, weighted as served) and its target candidates.
    func examples(_ sequences: [[Basket]]) -> [Example] {
        var out: [Example] = []
        for sequence in sequences where sequence.count >= 2 {
            for t in 1..<sequence.count {
                var history: [(item: Int, weight: Float)] = []
                let newest = sequence[t - 1].seconds
                var held = Set<Int>()
                outer: for b in stride(from: t - 1, through: 0, by: -1) {
                    let w = Self.purchaseWeight(age: max(0, newest - sequence[b].seconds), halfLifeDays: settings.halfLifeDays)
                    for i in sequence[b].items {
                        if history.count == settings.historyLimit { break outer }
                        history.append((i, w))
                        held.insert(i)
                    }
                }
                guard !history.isEmpty else { continue }
                let all = sequence[t].items
                let fresh = all.filter { !held.contains($0) }
                let targets = settings.newTargets && !fresh.isEmpty ? fresh : all
                if !targets.isEmpty { out.append(Example(history: history, targets: targets)) }
            }
        }
        return out
    }

    /// Trains from `initial` on `sequences` (catalog indices into `catalog`, n × inputDimension). Only items that
    /// occur in the sequences serve as sampled negatives.
    public func train(catalog: [Float], sequences: [[Basket]], from initial: TwinTowers,
                      clock: () -> Double = { 0 }) -> (TwinTowers, Report) {
        let started = clock()
        let d0 = initial.inputDimension, d = initial.dimension
        let n = catalog.count / d0
        let examples = self.examples(sequences)
        var seenItems = Set<Int>()
        for s in sequences { for b in s { seenItems.formUnion(b.items) } }
        let pool = seenItems.sorted()
        var towers = initial
        var rng = SplitMix64(seed: settings.seed)
        var adamW = Adam(count: towers.item.count), adamU = Adam(count: towers.user.count)
        // Rows: (example, target) pairs, re-drawn every epoch.
        let batchesPerEpoch = max(1, (examples.count * settings.targetsPerBasket + settings.batch - 1) / settings.batch)
        let totalSteps = batchesPerEpoch * settings.epochs
        var step = 0
        var losses: [Double] = []
        var centred = [Float](repeating: 0, count: n * d0)
        for i in 0..<n { for k in 0..<d0 { centred[i * d0 + k] = catalog[i * d0 + k] - towers.mean[k] } }
        var z = [Float](repeating: 0, count: n * d)
        var v = [Float](repeating: 0, count: n * d)
        var zNorm = [Float](repeating: 0, count: n)
        var gv = [Float](repeating: 0, count: n * d)
        var touched = [Bool](repeating: false, count: n)
        var gradW = [Float](repeating: 0, count: d * d0)
        var gradU = [Float](repeating: 0, count: d * d)
        for _ in 0..<settings.epochs {
            var rows: [(example: Int, target: Int)] = []
            for (e, ex) in examples.enumerated() {
                for _ in 0..<settings.targetsPerBasket { rows.append((e, ex.targets[Int(rng.next() % UInt64(ex.targets.count))])) }
            }
            rows.shuffle(using: &rng)
            var epochLoss = 0.0
            var start = 0
            while start < rows.count {
                let batch = rows[start..<min(rows.count, start + settings.batch)]
                start += settings.batch
                let lr = settings.learningRate * Float(0.5 * (1 + cosApprox(Double.pi * Double(step) / Double(max(1, totalSteps)))))
                step += 1
                // Item tower over the whole catalog.
                towers.item.withUnsafeBufferPointer { w in
                    centred.withUnsafeBufferPointer { x in
                        for i in 0..<n {
                            var norm: Float = 0
                            for r in 0..<d {
                                let s = Kernels.dot(w.baseAddress! + r * d0, x.baseAddress! + i * d0, count: d0)
                                z[i * d + r] = s
                                norm += s * s
                            }
                            norm = norm.squareRoot()
                            zNorm[i] = norm
                            for r in 0..<d { v[i * d + r] = norm > 0 ? z[i * d + r] / norm : 0 }
                        }
                    }
                }
                // Candidates: the batch's distinct targets, then uniform draws from the trained items.
                var column: [Int: Int] = [:]
                var candidates: [Int] = []
                for row in batch where column[row.target] == nil { column[row.target] = candidates.count; candidates.append(row.target) }
                if !pool.isEmpty {
                    for _ in 0..<settings.negatives {
                        let i = pool[Int(rng.next() % UInt64(pool.count))]
                        if column[i] == nil { column[i] = candidates.count; candidates.append(i) }
                    }
                }
                for k in gradW.indices { gradW[k] = 0 }
                for k in gradU.indices { gradU[k] = 0 }
                var batchLoss = 0.0
                let invB = 1 / Float(batch.count)
                var p = [Float](repeating: 0, count: d), y = [Float](repeating: 0, count: d), u = [Float](repeating: 0, count: d)
                var du = [Float](repeating: 0, count: d), dy = [Float](repeating: 0, count: d), dp = [Float](repeating: 0, count: d)
                var logits = [Float](repeating: 0, count: candidates.count)
                for row in batch {
                    let ex = examples[row.example]
                    for k in 0..<d { p[k] = 0 }
                    for h in ex.history { for k in 0..<d { p[k] += h.weight * v[h.item * d + k] } }
                    var yNorm: Float = 0
                    for r in 0..<d {
                        var s: Float = 0
                        for k in 0..<d { s += towers.user[r * d + k] * p[k] }
                        y[r] = s
                        yNorm += s * s
                    }
                    yNorm = yNorm.squareRoot()
                    guard yNorm > 0 else { continue }
                    for r in 0..<d { u[r] = y[r] / yNorm }
                    var maxLogit = -Float.infinity
                    u.withUnsafeBufferPointer { up in
                        v.withUnsafeBufferPointer { vp in
                            for (c, i) in candidates.enumerated() {
                                let l = settings.scale * Kernels.dot(up.baseAddress!, vp.baseAddress! + i * d, count: d)
                                logits[c] = l
                                maxLogit = max(maxLogit, l)
                            }
                        }
                    }
                    var sum: Float = 0
                    for c in 0..<candidates.count { logits[c] = expApprox(logits[c] - maxLogit); sum += logits[c] }
                    let target = column[row.target]!
                    batchLoss += -Double(log(max(logits[target] / sum, 1e-30)))
                    for k in 0..<d { du[k] = 0 }
                    for (c, i) in candidates.enumerated() {
                        var g = logits[c] / sum
                        if c == target { g -= 1 }
                        g *= settings.scale * invB
                        if g == 0 { continue }
                        for k in 0..<d { du[k] += g * v[i * d + k]; gv[i * d + k] += g * u[k] }
                        touched[i] = true
                    }
                    // Through u = y/|y|, then y = U·p.
                    var dot: Float = 0
                    for k in 0..<d { dot += du[k] * u[k] }
                    for k in 0..<d { dy[k] = (du[k] - dot * u[k]) / yNorm }
                    for k in 0..<d { dp[k] = 0 }
                    for r in 0..<d where dy[r] != 0 {
                        let g = dy[r]
                        for k in 0..<d { gradU[r * d + k] += g * p[k]; dp[k] += towers.user[r * d + k] * g }
                    }
                    for h in ex.history {
                        for k in 0..<d { gv[h.item * d + k] += h.weight * dp[k] }
                        touched[h.item] = true
                    }
                }
                // Through v = z/|z|, z = W·(x − μ).
                for i in 0..<n where touched[i] {
                    touched[i] = false
                    guard zNorm[i] > 0 else { for k in 0..<d { gv[i * d + k] = 0 }; continue }
                    var dot: Float = 0
                    for k in 0..<d { dot += gv[i * d + k] * v[i * d + k] }
                    for r in 0..<d {
                        let g = (gv[i * d + r] - dot * v[i * d + r]) / zNorm[i]
                        gv[i * d + r] = 0
                        if g == 0 { continue }
                        let row = r * d0, x = i * d0
                        for k in 0..<d0 { gradW[row + k] += g * centred[x + k] }
                    }
                }
                adamW.step(&towers.item, gradient: gradW, learningRate: lr)
                adamU.step(&towers.user, gradient: gradU, learningRate: lr)
                epochLoss += batchLoss
            }
            losses.append(epochLoss / Double(max(1, rows.count)))
        }
        return (towers, Report(examples: examples.count, epochLoss: losses, seconds: clock() - started))
    }
}

/// Adam (β₁ 0.9, β₂ 0.999, ε 1e-8), bias-corrected.
struct Adam {
    var m: [Float], v: [Float]
    var t = 0
    init(count: Int) {
        m = [Float](repeating: 0, count: count)
        v = [Float](repeating: 0, count: count)
    }
    mutating func step(_ params: inout [Float], gradient g: [Float], learningRate lr: Float) {
        t += 1
        let c1 = 1 - powApprox(0.9, t), c2 = 1 - powApprox(0.999, t)
        for i in params.indices {
            m[i] = 0.9 * m[i] + 0.1 * g[i]
            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
            params[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + 1e-8)
        }
    }
}

func powApprox(_ base: Float, _ n: Int) -> Float {
    var out: Float = 1, b = base, e = n
    while e > 0 { if e & 1 == 1 { out *= b }; b *= b; e >>= 1 }
    return out
}

/// e^x for x ≤ 0 (softmax terms), via 2^(x·log2 e).
func expApprox(_ x: Float) -> Float {
    guard x > -80 else { return 0 }
    return Float(TowerTrainer.exp2Approx(Double(x) * 1.442_695_040_888_963_4))
}

/// ln(x) for x > 0 (the loss report only): frexp-style reduction, then a series in (m−1)/(m+1).
func log(_ x: Float) -> Float {
    guard x > 0 else { return -.infinity }
    let e = Float(x.exponent)
    let m = Double(x.significand)  // [1, 2)
    let s = (m - 1) / (m + 1), s2 = s * s
    var term = s, sum = 0.0
    for k in stride(from: 1, through: 29, by: 2) { sum += term / Double(k); term *= s2 }
    return Float(2 * sum) + e * 0.693_147_18
}

/// cos(x) for x in [0, π] (the schedule), by its Taylor series after reflecting to [0, π/2].
func cosApprox(_ x: Double) -> Double {
    let reflect = x > Double.pi / 2
    let a = reflect ? Double.pi - x : x
    var term = 1.0, sum = 1.0
    for n in 1...12 { term *= -a * a / Double((2 * n - 1) * (2 * n)); sum += term }
    return reflect ? -sum : sum
}
