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

    /// The history's events, newest basket first, each basket's items in their order (as the trainer walks a
    /// sequence), cut at `historyLimit`, with their pooling weights (purchase × recency from the newest event).
    static func weighted(_ history: [(item: Int, seconds: Double)], settings: TowerTrainer.Settings) -> [(item: Int, weight: Float)] {
        var baskets: [[(item: Int, seconds: Double)]] = []
        for e in history.sorted(by: { $0.seconds < $1.seconds }) {
            if let last = baskets.last?.last, last.seconds == e.seconds { baskets[baskets.count - 1].append(e) } else { baskets.append([e]) }
        }
        let events = baskets.reversed().joined().prefix(settings.historyLimit)
        guard let newest = events.first?.seconds else { return [] }
        return events.map { ($0.item, TowerTrainer.purchaseWeight(age: newest - $0.seconds, halfLifeDays: settings.halfLifeDays)) }
    }

    /// The learned score of every item for a history (catalog index, seconds), pooled as the trainer pools it:
    /// the cosine of the user and item towers, plus `blend` × the co-purchase evidence of the same weighted history
    /// when a table is given (`CoPurchaseTable.evidence`).
    package static func scores(_ towers: TwinTowers, projected: [Float], history: [(item: Int, seconds: Double)],
                               settings: TowerTrainer.Settings, table: CoPurchaseTable? = nil, blend: Float = 0) -> [Double] {
        let d = towers.dimension
        let n = projected.count / max(d, 1)
        let events = weighted(history, settings: settings)
        var pool = [Float](repeating: 0, count: d)
        for e in events { for k in 0..<d { pool[k] += e.weight * projected[e.item * d + k] } }
        let user = towers.userVector(pooled: pool)
        var out = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s: Float = 0
            for k in 0..<d { s += user[k] * projected[i * d + k] }
            out[i] = Double(s)
        }
        if let table, blend > 0 {
            for (i, e) in table.evidence(events) where i < n { out[i] += Double(blend * e) }
        }
        return out
    }

    /// A fitted learned mode: the towers, the co-purchase table of the training baskets (cold items' rows borrowed
    /// through the item tower), its method and the blend weight chosen on a validation split of the training part.
    package struct Fitted {
        package var towers: TwinTowers
        package var projected: [Float]
        package var table: CoPurchaseTable
        package var tableSettings: CoPurchaseTable.Settings
        package var blend: Float
        /// Validation Recall@10 (new items only) per table method and blend weight tried.
        package var validation: [(table: String, blend: Float, recall: Double)]
        package var validationCases: Int
        package var report: TowerTrainer.Report
    }

    /// The blend weights tried on the validation split (0: the towers alone).
    package static let blends: [Float] = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 1_024]

    /// The co-purchase tables tried on the validation split: the cosine and EASE at two strengths of its ridge.
    package static let tables: [CoPurchaseTable.Settings] = {
        var cosine = CoPurchaseTable.Settings()
        cosine.method = .cosine
        return [cosine] + [Float(200), 800].map { lambda in
            var ease = CoPurchaseTable.Settings()
            ease.method = .ease
            ease.lambda = lambda
            return ease
        }
    }()

    /// A table's name in reports: `cosine` or `ease:λ`.
    package static func name(_ t: CoPurchaseTable.Settings) -> String {
        t.method == .cosine ? "cosine" : String(format: "ease:%g", Double(t.lambda))
    }

    /// Fits the learned mode on `sequences` only. Validation: each sequence with two or more baskets gives up its
    /// last basket as a target (its new items, history masked, Recall@10 in full ranking); towers and tables are
    /// fitted on what is left, and the table method and blend weight with the best validation recall (ties: the
    /// earlier table, then the smaller blend) are kept. Then towers and that table are fitted again on all of
    /// `sequences`.
    package static func fit(vectors: [[Float]], sequences: [[TowerTrainer.Basket]], settings: TowerTrainer.Settings,
                            tables: [CoPurchaseTable.Settings] = tables, blends: [Float] = blends,
                            progress: (String) -> Void = { _ in }) throws -> Fitted {
        let n = vectors.count
        func tableOf(_ seqs: [[TowerTrainer.Basket]], _ towers: TwinTowers, _ projected: [Float],
                     _ tableSettings: CoPurchaseTable.Settings) -> CoPurchaseTable {
            var t = CoPurchaseTable(baskets: seqs.flatMap { $0.map(\.items) }, items: n, settings: tableSettings)
            t.borrowRows(projected: projected, dimension: towers.dimension, settings: tableSettings)
            return t
        }
        // EASE past its item cap builds the cosine table: leave it out rather than fit (and report) a cosine twice.
        let warm = Set(sequences.joined().flatMap(\.items)).count
        let usable = tables.filter { $0.method != .ease || warm <= $0.easeMaxItems }
        let tables = usable.isEmpty ? [CoPurchaseTable.Settings()] : usable
        let trainPart = sequences.map { $0.count >= 2 ? Array($0.dropLast()) : $0 }
        var cases: [(history: [(item: Int, seconds: Double)], held: Set<Int>, targets: Set<Int>)] = []
        for s in sequences where s.count >= 2 {
            let history = s.dropLast().flatMap { b in b.items.map { (item: $0, seconds: b.seconds) } }
            let held = Set(history.map(\.item))
            let targets = Set(s.last!.items).subtracting(held)
            if !history.isEmpty, !targets.isEmpty { cases.append((history, held, targets)) }
        }
        var validation: [(table: String, blend: Float, recall: Double)] = []
        var best: (table: Int, blend: Float, recall: Double) = (0, blends.first ?? 0, -1)
        if !cases.isEmpty && (blends.count > 1 || tables.count > 1) {
            let (towers, report) = try train(vectors: vectors, sequences: trainPart, settings: settings)
            progress(String(format: "validation towers: %d examples in %.1f s", report.examples, report.seconds))
            let projected = project(towers, vectors: vectors)
            let built = tables.map { tableSettings in
                let started = ContinuousClock.now
                let table = tableOf(trainPart, towers, projected, tableSettings)
                let took = ContinuousClock.now - started
                progress(String(format: "validation table %@ in %.1f s", name(tableSettings),
                                Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18))
                return table
            }
            // Case by case, so that one case's full-ranking scores are held at a time (not cases × items).
            var recall = [[Double]](repeating: [Double](repeating: 0, count: blends.count), count: tables.count)
            for c in cases {
                let cosine = scores(towers, projected: projected, history: c.history, settings: settings)
                let history = weighted(c.history, settings: settings)
                for (t, table) in built.enumerated() {
                    let evidence = table.evidence(history)
                    for (b, blend) in blends.enumerated() {
                        var s = cosine
                        if blend > 0 { for (i, e) in evidence { s[i] += Double(blend * e) } }
                        let top = topTen(s, excluded: c.held)
                        recall[t][b] += Double(top.count { c.targets.contains($0) }) / Double(min(10, c.targets.count))
                    }
                }
            }
            for (t, tableSettings) in tables.enumerated() {
                for (b, blend) in blends.enumerated() {
                    let r = recall[t][b] / Double(cases.count)
                    validation.append((name(tableSettings), blend, r))
                    if r > best.recall { best = (t, blend, r) }
                }
            }
        }
        let (towers, report) = try train(vectors: vectors, sequences: sequences, settings: settings)
        let projected = project(towers, vectors: vectors)
        let chosen = tables[best.table]
        return Fitted(towers: towers, projected: projected, table: tableOf(sequences, towers, projected, chosen),
                      tableSettings: chosen, blend: blends.isEmpty ? 0 : best.blend, validation: validation,
                      validationCases: cases.count, report: report)
    }

    /// A seeded random model (Gaussian-like W, U the identity) in `space`, for latency benchmarks only.
    /// With `coPurchase` ids, the file is format 2 with a co-purchase table over them from seeded random baskets
    /// (`baskets` of 10 items) and blend 32, so the benchmark pays for the evidence as a trained model does.
    package static func randomModel(space: String, inputDimension: Int, dimension: Int, seed: UInt64, path: String,
                                    coPurchase ids: [String] = [], baskets: Int = 0) throws {
        var rng = SplitMix64(seed: seed)
        let item = (0..<(dimension * inputDimension)).map { _ in Float.random(in: -1...1, using: &rng) }
        var user = [Float](repeating: 0, count: dimension * dimension)
        for i in 0..<dimension { user[i * dimension + i] = 1 }
        let towers = try TwinTowers(inputDimension: inputDimension, dimension: dimension,
                                    mean: [Float](repeating: 0, count: inputDimension), item: item, user: user)
        var settings = TowerTrainer.Settings()
        settings.dimension = dimension
        settings.epochs = 0
        var table: ModelFile.CoPurchase?
        if !ids.isEmpty && baskets > 0 {
            let drawn = (0..<baskets).map { _ in (0..<10).map { _ in Int(rng.next() % UInt64(ids.count)) } }
            let tableSettings = CoPurchaseTable.Settings()
            table = ModelFile.CoPurchase(ids: ids, table: CoPurchaseTable(baskets: drawn, items: ids.count, settings: tableSettings),
                                         blend: 32, settings: tableSettings)
        }
        try ModelFile.write(towers, header: ModelFile.header(for: towers, space: space, settings: settings,
                                                             training: ["data": "random (benchmark)"]),
                            coPurchase: table, to: path)
    }
}
