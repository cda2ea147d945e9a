import App
import Foundation
import Recommend
import Retrieval

/// `ampere rec-eval`: the baselines of the shared log's README (popularity, repeat-frequency, co-purchase item-kNN)
/// and Ampere's day-zero content mode, on the same cases, full ranking over the catalog.
package enum RecEvalRunner {
    /// The methods, in report order.
    package static let methods = ["popularity", "repeat-frequency", "item-knn", "content", "content-centred",
                                  "content-query-centred", "recommend-service", "learned-towers", "learned", "learned+repeat",
                                  "recommend-learned"]

    /// Scores every method in every setting. `vectors[i]` is catalog item i's page vector (from the stack);
    /// `service` answers the served path (`/recommend`'s service, inline history, ANN, recency and type weights).
    /// With `learn`, the twin towers are trained on each setting's training sequences (`all` and `new-only` share
    /// them; `cold` has the cold items removed) and scored as `learned`, and `learned+repeat` ranks the history's
    /// items first by how many baskets held them, then everything by the learned score.
    package static func run(_ p: RecEvalProtocol, vectors: [[Float]], service: RecommendService,
                            learn: TowerTrainer.Settings? = nil,
                            learnedService: (LearnedModel) -> RecommendService? = { _ in nil }, space: String = "",
                            progress: (String) -> Void = { _ in }) async throws -> [RecEvalScore] {
        let n = p.items.count
        let content = ContentSpace(vectors: vectors, centred: false)
        let centred = ContentSpace(vectors: vectors, centred: true)
        var out: [RecEvalScore] = []
        var knnCache: (popularity: [Int], knn: CoPurchase)?
        var towerCache: (popularity: [Int], fitted: RecTrain.Fitted)?
        for setting in p.settings {
            progress(setting.name)
            var learned: RecTrain.Fitted?
            if let learn {
                if let cached = towerCache, cached.popularity == setting.popularity {
                    learned = cached.fitted
                } else {
                    let fitted = try RecTrain.fit(vectors: vectors, sequences: setting.sequences, settings: learn,
                                                  progress: { progress("\(setting.name): \($0)") })
                    progress(String(format: "%@: trained on %d examples in %.1f s, loss %@; table %@, blend %g chosen on %d validation cases (recall@10 %@)",
                                    setting.name, fitted.report.examples, fitted.report.seconds,
                                    fitted.report.epochLoss.map { String(format: "%.3f", $0) }.joined(separator: " "),
                                    RecTrain.name(fitted.tableSettings), Double(fitted.blend), fitted.validationCases,
                                    fitted.validation.map { String(format: "%@/%g:%.4f", $0.table, Double($0.blend), $0.recall) }.joined(separator: " ")))
                    learned = fitted
                    towerCache = (setting.popularity, fitted)
                }
            }
            let served: RecommendService? = learned.flatMap { fitted in
                let towers = fitted.towers
                let header = ModelFile.header(for: towers, space: space, settings: learn!, training: ["data": setting.name])
                return learnedService(LearnedModel(towers: towers, header: header, coPurchase: ModelFile.CoPurchase(
                    ids: p.items, table: fitted.table, blend: fitted.blend, settings: fitted.tableSettings)))
            }
            let pop = setting.popularity.map(Double.init)
            let knn: CoPurchase
            // `all` and `new-only` share their training baskets; `cold` has the cold items taken out of them.
            if let cached = knnCache, cached.popularity == setting.popularity { knn = cached.knn } else {
                knn = CoPurchase(training: setting.training, items: n)
                knnCache = (setting.popularity, knn)
            }
            var acc = [String: RecEvalAccumulator]()
            var latencies: [String: [Double]] = [:]
            for c in setting.cases {
                var repeatScores = pop
                for (i, count) in c.history { repeatScores[i] += Double(count) * 1e6 }
                let rankings: [(String, [Double])] = [
                    ("popularity", pop),
                    ("repeat-frequency", repeatScores),
                    ("item-knn", knn.scores(history: c.history, popularity: pop)),
                    ("content", content.scores(history: c.history)),
                    ("content-centred", centred.scores(history: c.history)),
                    ("content-query-centred", content.scores(history: c.history, minus: content.mean)),
                ]
                var rankings2 = rankings
                if let learned, let learn {
                    let towersOnly = RecTrain.scores(learned.towers, projected: learned.projected, history: c.events,
                                                     settings: learn)
                    rankings2.append(("learned-towers", towersOnly))
                    let scores = RecTrain.scores(learned.towers, projected: learned.projected, history: c.events,
                                                 settings: learn, table: learned.table, blend: learned.blend)
                    rankings2.append(("learned", scores))
                    // The history first, by how often it was bought and then by popularity (repeat-frequency's
                    // order), then everything else by the learned score.
                    var blended = scores
                    for (i, count) in c.history { blended[i] += Double(count) * 1e6 + pop[i] }
                    rankings2.append(("learned+repeat", blended))
                }
                for (method, scores) in rankings2 {
                    acc[method, default: .init()].add(top: topTen(scores, excluded: c.excluded), targets: c.targets,
                                                      drawn: c.drawn)
                }
                let history = c.events.map {
                    Event(user: c.user, session: "\($0.seconds)", productID: p.items[$0.item], type: .purchase,
                          timestamp: $0.seconds)
                }
                let index = Dictionary(uniqueKeysWithValues: p.items.enumerated().map { ($1, $0) })
                var paths: [(String, RecommendService, RecommendStrategy)] = [("recommend-service", service, .averageVector)]
                if let served { paths.append(("recommend-learned", served, .learned)) }
                for (method, served, strategy) in paths {
                    let query = RecommendQuery(history: history, k: 10, exclude: c.excluded.map { p.items[$0] },
                                               excludeInputs: setting.name != "all", strategy: strategy)
                    let started = ContinuousClock.now
                    let result = try await served.recommend(query)
                    let took = ContinuousClock.now - started
                    latencies[method, default: []].append(Double(took.components.seconds) * 1000
                                                          + Double(took.components.attoseconds) / 1e15)
                    acc[method, default: .init()].add(top: result.hits.compactMap { index[$0.id] },
                                                      targets: c.targets, drawn: c.drawn)
                }
            }
            for method in methods {
                if (method.hasPrefix("learned") || method == "recommend-learned") && learned == nil { continue }
                var score = (acc[method] ?? .init()).score(setting: setting.name, method: method, catalog: n)
                if let times = latencies[method] {
                    score.p50Millis = EvalRunner.quantile(times, 0.5)
                    score.p99Millis = EvalRunner.quantile(times, 0.99)
                }
                if method.hasPrefix("learned") { score.trainSeconds = learned?.report.seconds }
                out.append(score)
            }
        }
        return out
    }

    /// The report as a table, with the README's baselines (HR@10) beside the measured figures where it has one.
    package static func table(_ scores: [RecEvalScore]) -> String {
        let baselines: [String: Double] = [
            "all/popularity": 0.0472, "all/repeat-frequency": 0.1958, "all/item-knn": 0.1097, "all/content": 0.0852,
            "all/content-centred": 0.1273, "new-only/popularity": 0.0255, "new-only/repeat-frequency": 0.0255,
            "new-only/item-knn": 0.0733, "new-only/content": 0.0234, "new-only/content-centred": 0.0406,
            "cold/popularity": 0, "cold/repeat-frequency": 0, "cold/item-knn": 0, "cold/content": 0.0569,
            "cold/content-centred": 0.0858,
        ]
        // The README's baselines, keyed setting/method: "content" is its "content MiniLM" (the vectors here come from
        // the configured encoder, so they match only under MiniLM).
        func f(_ x: Double) -> String { String(format: "%.4f", x) }
        var lines = ["setting   method                  n      HR@10   NDCG@10  Recall@10  cov@10   README HR@10  p50/p99 ms"]
        for s in scores {
            let base = baselines["\(s.setting)/\(s.method)"].map(f) ?? "-"
            let latency = s.p50Millis.map { String(format: "%.2f/%.2f", $0, s.p99Millis ?? 0) } ?? ""
            lines.append(s.setting.padding(toLength: 10, withPad: " ", startingAt: 0)
                         + s.method.padding(toLength: 24, withPad: " ", startingAt: 0)
                         + String(s.cases).padding(toLength: 7, withPad: " ", startingAt: 0)
                         + f(s.hr10) + "   " + f(s.ndcg10) + "   " + f(s.recall10) + "     " + f(s.coverage10) + "   "
                         + base.padding(toLength: 14, withPad: " ", startingAt: 0) + latency)
        }
        return lines.joined(separator: "\n")
    }
}

/// Item-to-item cosine over basket co-occurrence, co(i,j)/sqrt(n_i·n_j), dense (the catalog is a few thousand).
struct CoPurchase {
    let n: Int
    let sim: [Float]

    init(training: [[Int]], items n: Int) {
        self.n = n
        var co = [Float](repeating: 0, count: n * n)
        var held = [Float](repeating: 0, count: n)
        for basket in training {
            for i in basket {
                held[i] += 1
                for j in basket where j != i { co[i * n + j] += 1 }
            }
        }
        for i in 0..<n where held[i] > 0 {
            for j in 0..<n where held[j] > 0 && co[i * n + j] > 0 { co[i * n + j] /= (held[i] * held[j]).squareRoot() }
        }
        sim = co
    }

    /// Σ over history items of count · sim(h, ·), popularity as the tie-break.
    func scores(history: [Int: Int], popularity: [Double]) -> [Double] {
        var out = popularity.map { $0 * 1e-9 }
        sim.withUnsafeBufferPointer { s in
            for (h, count) in history {
                let w = Double(count)
                let row = h * n
                for j in 0..<n { out[j] += w * Double(s[row + j]) }
            }
        }
        return out
    }
}

/// The content space of the eval: page vectors, optionally mean-centred and re-normalised; a profile is the
/// count-weighted mean of the history's vectors and a score its inner product with an item.
struct ContentSpace {
    let n: Int
    let d: Int
    let matrix: [Float]
    /// The mean of the (uncentred) vectors.
    let mean: [Float]

    init(vectors: [[Float]], centred: Bool) {
        n = vectors.count
        d = vectors.first { !$0.isEmpty }?.count ?? 0
        var m = [Float](repeating: 0, count: n * d)
        var mean = [Float](repeating: 0, count: d)
        for v in vectors where v.count == d { for k in 0..<d { mean[k] += v[k] / Float(n) } }
        for (i, v) in vectors.enumerated() where v.count == d {
            var row = centred ? (0..<d).map { v[$0] - mean[$0] } : v
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { row = row.map { $0 / norm } }
            for k in 0..<d { m[i * d + k] = row[k] }
        }
        matrix = m
        self.mean = mean
    }

    /// Scores against the count-weighted mean of the history, normalised, minus `minus` when given (the
    /// catalog mean: centring on the query side only, which an inner-product ANN search can serve exactly).
    func scores(history: [Int: Int], minus: [Float]? = nil) -> [Double] {
        var profile = [Float](repeating: 0, count: d)
        for (h, count) in history { for k in 0..<d { profile[k] += Float(count) * matrix[h * d + k] } }
        if let minus {
            let norm = profile.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { for k in 0..<d { profile[k] = profile[k] / norm - minus[k] } }
        }
        var out = [Double](repeating: 0, count: n)
        matrix.withUnsafeBufferPointer { m in
            for i in 0..<n {
                var s: Float = 0
                let row = i * d
                for k in 0..<d { s += profile[k] * m[row + k] }
                out[i] = Double(s)
            }
        }
        return out
    }
}
