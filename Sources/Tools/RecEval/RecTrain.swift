import App
import Recommend
import VectorMath

/// `ampere rec-train`'s logic, shared with `rec-eval`'s learned mode: the twin towers fitted on a setting's training
/// sequences (never its test baskets) over the catalog's content vectors, and the learned scores of a case.
package enum RecTrain {
    /// The catalog as one flat matrix (items without a vector get zeros), and its row length.
    package static func matrix(_ vectors: [[Float]]) -> (values: [Float], dimension: Int) {
        let d = vectors.first { !$0.isEmpty }?.count ?? 0
        var out = [Float](repeating: 0, count: vectors.count * d)
        for (i, v) in vectors.enumerated() where v.count == d { for k in 0..<d { out[i * d + k] = v[k] } }
        return (out, d)
    }

    /// Trains on `sequences`; returns the towers and the report (wall time measured here).
    package static func train(vectors: [[Float]], sequences: [[TowerTrainer.Basket]],
                              settings: TowerTrainer.Settings) throws -> (TwinTowers, TowerTrainer.Report) {
        let (catalog, d) = matrix(vectors)
        let trainer = TowerTrainer(settings: settings)
        let started = ContinuousClock.now
        let initial = try trainer.initial(catalog: catalog, inputDimension: d)
        var (towers, report) = trainer.train(catalog: catalog, sequences: sequences, from: initial)
        let took = ContinuousClock.now - started
        report.seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        return (towers, report)
    }

    /// Every catalog item through the item tower (flat, n × dimension).
    package static func project(_ towers: TwinTowers, vectors: [[Float]]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(vectors.count * towers.dimension)
        for v in vectors { out += towers.itemVector(content: v) }
        return out
    }

    /// The learned score of every item for a history (catalog index, seconds), pooled as the trainer pools it.
    package static func scores(_ towers: TwinTowers, projected: [Float], history: [(item: Int, seconds: Double)],
                               settings: TowerTrainer.Settings) -> [Double] {
        let d = towers.dimension
        let n = projected.count / max(d, 1)
        // Newest basket first, each basket's items in their order, as the trainer walks a sequence.
        var baskets: [[(item: Int, seconds: Double)]] = []
        for e in history.sorted(by: { $0.seconds < $1.seconds }) {
            if let last = baskets.last?.last, last.seconds == e.seconds { baskets[baskets.count - 1].append(e) } else { baskets.append([e]) }
        }
        let events = baskets.reversed().joined().prefix(settings.historyLimit)
        var pool = [Float](repeating: 0, count: d)
        if let newest = events.first?.seconds {
            for e in events {
                let w = TowerTrainer.purchaseWeight(age: newest - e.seconds, halfLifeDays: settings.halfLifeDays)
                for k in 0..<d { pool[k] += w * projected[e.item * d + k] }
            }
        }
        let user = towers.userVector(pooled: pool)
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s: Float = 0
            for k in 0..<d { s += user[k] * projected[i * d + k] }
            out[i] = Double(s)
        }
        return out
    }

    /// A seeded random model (Gaussian-like W, U the identity) in `space`, for latency benchmarks only.
    package static func randomModel(space: String, inputDimension: Int, dimension: Int, seed: UInt64, path: String) throws {
        var rng = SplitMix64(seed: seed)
        let item = (0..<(dimension * inputDimension)).map { _ in Float.random(in: -1...1, using: &rng) }
        var user = [Float](repeating: 0, count: dimension * dimension)
        for i in 0..<dimension { user[i * dimension + i] = 1 }
        let towers = try TwinTowers(inputDimension: inputDimension, dimension: dimension,
                                    mean: [Float](repeating: 0, count: inputDimension), item: item, user: user)
        var settings = TowerTrainer.Settings()
        settings.dimension = dimension
        settings.epochs = 0
        try ModelFile.write(towers, header: ModelFile.header(for: towers, space: space, settings: settings,
                                                             training: ["data": "random (benchmark)"]), to: path)
    }
}
