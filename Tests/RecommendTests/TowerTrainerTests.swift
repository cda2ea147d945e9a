import Recommend
import Testing
import VectorMath

/// A synthetic shop where the next basket is *not* like the history: customers walk through four categories in
/// order (c, c+1, c+2, ...), so the mean of the history points at the categories already bought. The learned user
/// tower has to learn the step; the history mean (the towers at initialisation) cannot.
@Suite struct TowerTrainerTests {
    static let categories = 4, perCategory = 10, inputDimension = 12

    /// Item i is in category i / perCategory; its content is 2·e_category plus seeded noise in the other dims.
    static func catalog(seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var out: [Float] = []
        for i in 0..<(categories * perCategory) {
            var x = [Float](repeating: 0, count: inputDimension)
            x[i / perCategory] = 2
            for k in categories..<inputDimension { x[k] = Float.random(in: -1...1, using: &rng) }
            out += Kernels.normalized(x)
        }
        return out
    }

    /// Users start at a random category and buy 3 items of the next category each month.
    static func sequences(users: Int, seed: UInt64) -> [[TowerTrainer.Basket]] {
        var rng = SplitMix64(seed: seed)
        return (0..<users).map { _ in
            let start = Int(rng.next() % UInt64(categories))
            return (0..<5).map { t in
                let c = (start + t) % categories
                let items = Set((0..<3).map { _ in c * perCategory + Int(rng.next() % UInt64(perCategory)) })
                return TowerTrainer.Basket(items: items.sorted(), seconds: Double(t) * 30 * 86_400)
            }
        }
    }

    /// HR@10 of the last basket from the earlier ones, full ranking, history items excluded.
    static func hitRate(_ towers: TwinTowers, catalog: [Float], sequences: [[TowerTrainer.Basket]], settings: TowerTrainer.Settings) -> Double {
        let n = catalog.count / inputDimension
        let items = (0..<n).map { towers.itemVector(content: Array(catalog[$0 * inputDimension..<($0 + 1) * inputDimension])) }
        var hits = 0
        for s in sequences {
            let history = s.dropLast()
            let newest = history.last!.seconds
            var vectors: [[Float]] = [], weights: [Float] = []
            for b in history.reversed() {
                for i in b.items {
                    vectors.append(items[i])
                    weights.append(TowerTrainer.purchaseWeight(age: newest - b.seconds, halfLifeDays: settings.halfLifeDays))
                }
            }
            let user = towers.userVector(items: vectors, weights: weights)
            let held = Set(history.flatMap(\.items))
            let ranked = (0..<n).filter { !held.contains($0) }.sorted { Kernels.dot(user, items[$0]) > Kernels.dot(user, items[$1]) }
            if !Set(ranked.prefix(10)).isDisjoint(with: s.last!.items) { hits += 1 }
        }
        return Double(hits) / Double(sequences.count)
    }

    @Test func learnedUserTowerBeatsTheHistoryMean() throws {
        var settings = TowerTrainer.Settings()
        settings.dimension = 8
        settings.epochs = 30
        settings.batch = 64
        settings.negatives = 16
        settings.learningRate = 0.02
        settings.seed = 7
        let catalog = Self.catalog(seed: 3)
        let trainer = TowerTrainer(settings: settings)
        let initial = try trainer.initial(catalog: catalog, inputDimension: Self.inputDimension)
        let train = Self.sequences(users: 200, seed: 11).map { Array($0.dropLast()) }  // never the test baskets
        let test = Self.sequences(users: 100, seed: 12)
        let (learned, report) = trainer.train(catalog: catalog, sequences: train, from: initial)
        let before = Self.hitRate(initial, catalog: catalog, sequences: test, settings: settings)
        let after = Self.hitRate(learned, catalog: catalog, sequences: test, settings: settings)
        #expect(report.epochLoss.last! < report.epochLoss.first!)
        #expect(after > before + 0.3, "learned HR@10 \(after) vs history mean \(before)")
    }

    @Test func trainingIsReproducibleForASeed() throws {
        var settings = TowerTrainer.Settings()
        settings.dimension = 6
        settings.epochs = 2
        settings.batch = 32
        settings.negatives = 8
        let catalog = Self.catalog(seed: 5)
        let sequences = Self.sequences(users: 40, seed: 6)
        func run(_ seed: UInt64) throws -> TwinTowers {
            settings.seed = seed
            let trainer = TowerTrainer(settings: settings)
            return trainer.train(catalog: catalog, sequences: sequences,
                                 from: try trainer.initial(catalog: catalog, inputDimension: Self.inputDimension)).0
        }
        let a = try run(1), b = try run(1), c = try run(2)
        #expect(a == b)
        #expect(a.checksum == b.checksum)
        #expect(a.checksum != c.checksum)
    }

    @Test func initialItemTowerWhitensTheCatalog() throws {
        var settings = TowerTrainer.Settings()
        settings.dimension = 4
        let catalog = Self.catalog(seed: 9)
        let towers = try TowerTrainer(settings: settings).initial(catalog: catalog, inputDimension: Self.inputDimension)
        // The mean of the projected catalog is near zero (centred), every row is a unit vector.
        let n = catalog.count / Self.inputDimension
        var mean = [Float](repeating: 0, count: 4)
        for i in 0..<n {
            let v = towers.itemVector(content: Array(catalog[i * Self.inputDimension..<(i + 1) * Self.inputDimension]))
            #expect(abs(Kernels.dot(v, v) - 1) < 1e-4)
            for k in 0..<4 { mean[k] += v[k] / Float(n) }
        }
        #expect(Kernels.dot(mean, mean).squareRoot() < 0.2)
        #expect(throws: TowerError.self) { try TwinTowers(inputDimension: 3, dimension: 2, mean: [0], item: [], user: []) }
    }
}
