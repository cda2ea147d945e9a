extension RecommendService {
    /// One candidate product: its best-scoring appearance among the candidates.
    struct Candidate {
        var id: String
        var key: Int64
        var score: Double
        var meta: AppearanceMeta
    }

    /// Candidates fetched for `k` results when `excluded` products may have to be dropped afterwards: each excluded
    /// product can take at most one slot, so it adds one candidate, not `candidatesPerHit` (a 50-event history would
    /// otherwise quadruple the beam of every search).
    func candidateCount(k: Int, excluded: Int) -> Int {
        max(k * options.candidatesPerHit + excluded, options.minCandidates)
    }

    /// An ANN search under the filter (applied inside, as `/search` does), one candidate per product, best first.
    /// Exclusion is not part of it: the caller over-fetches and drops.
    func search(_ vector: [Float], count: Int, filter: SearchFilter) -> [Candidate] {
        let compiled = directory.compile(filter)
        if compiled?.matchesNothing == true { return [] }
        var allow: (@Sendable (Int64) -> Bool)?
        if let compiled { allow = { key in compiled.matches(key) } }
        let raw = index.search(vector, k: count, ef: max(options.defaultEf, count), allow: allow,
                               candidates: compiled?.candidates)
        var seen = Set<String>()
        var out: [Candidate] = []
        for (key, score) in raw {
            guard let entry = directory.entry(key), seen.insert(entry.productID).inserted else { continue }
            out.append(Candidate(id: entry.productID, key: key, score: Double(score), meta: entry.meta))
        }
        return out
    }

    /// The first `k` candidates not excluded, as hits (cold flags are filled in by the caller).
    func hits(_ ranked: [Candidate], k: Int, excluded: Set<String>) -> [RecommendHit] {
        var out: [RecommendHit] = []
        for c in ranked where !excluded.contains(c.id) {
            out.append(RecommendHit(id: c.id, score: c.score, title: c.meta.title, brand: c.meta.brand,
                                    category: c.meta.category, price: c.meta.price, domain: c.meta.domain, cold: false))
            if out.count == k { break }
        }
        return out
    }

    /// The query vector of `average_vector`: 2·avg(positive) − avg(negative), re-normalised (−avg(negative) when
    /// there are only negatives), where avg(positive) gives each source (examples, history, context) equal weight.
    func averageQuery(_ inputs: RecommendInputs) -> [Float]? {
        let sources = inputs.positiveSources
        var positive: [Float]?
        if let first = sources.first {
            var sum = [Float](repeating: 0, count: first.count)
            for source in sources where source.count == sum.count { for i in sum.indices { sum[i] += source[i] } }
            positive = RecommendInputs.normalised(sum)
        }
        switch (positive, inputs.negativeMean) {
        case let (p?, n?) where p.count == n.count:
            return RecommendInputs.normalised(p.indices.map { 2 * p[$0] - n[$0] })
        case let (p?, _): return p
        case let (nil, n?): return n.map { -$0 }
        case (nil, nil): return nil
        }
    }

    func averageVector(_ inputs: RecommendInputs, query: RecommendQuery, excluded: Set<String>) -> [RecommendHit] {
        let count = candidateCount(k: query.k, excluded: excluded.count)
        guard options.centre, let mean = catalogMean.current(directory: directory, index: index) else {
            guard let q = averageQuery(inputs) else { return [] }
            return hits(search(q, count: count, filter: query.filter), k: query.k, excluded: excluded)
        }
        // Centred: every input is moved by −μ and re-normalised before the mean is taken, and the query q (a
        // centred direction) ranks by q·(x − μ) = q·x − q·μ, so the inner-product index serves it exactly; the
        // candidates are then re-ranked by the cosine of the centred vectors (the item norm |x − μ| included).
        guard let q = averageQuery(inputs.centred(by: mean)), q.count == mean.count else { return [] }
        var ranked = search(q, count: count, filter: query.filter)
        let offset = RecommendInputs.dot(q, mean)
        let meanNorm = RecommendInputs.dot(mean, mean)
        for i in ranked.indices {
            guard let x = index.vector(forKey: ranked[i].key) else { continue }
            let norm = max(0, RecommendInputs.dot(x, x) - 2 * RecommendInputs.dot(x, mean) + meanNorm).squareRoot()
            ranked[i].score = norm > 0 ? Double((RecommendInputs.dot(q, x) - offset) / norm) : 0
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        return hits(ranked, k: query.k, excluded: excluded)
    }

    /// `best_score`: candidates from the average query and from each of the heaviest positives (or, with negatives
    /// only, from the direction away from them), each re-scored by its best similarity to a positive against its best
    /// to a negative: the best positive when it wins, minus the best negative when not (minus the best negative
    /// alone without positives). A re-rank of ANN candidates, never a scoring function inside the graph search.
    func bestScore(_ inputs: RecommendInputs, query: RecommendQuery, excluded: Set<String>) -> [RecommendHit] {
        let positives = inputs.positives + inputs.history
        var positiveVectors = positives.map(\.vector)
        if let context = inputs.context { positiveVectors.append(context) }
        let negativeVectors = inputs.negatives.map(\.vector)
        var seeds: [[Float]] = []
        if let q = averageQuery(inputs) { seeds.append(q) }
        seeds += positives.sorted { $0.weight > $1.weight }.prefix(options.bestScoreSeeds).map(\.vector)
        if let context = inputs.context { seeds.append(context) }
        let count = candidateCount(k: query.k, excluded: excluded.count)
        var candidates: [String: Candidate] = [:]
        for seed in seeds {
            for c in search(seed, count: count, filter: query.filter) where !excluded.contains(c.id) {
                guard let vector = index.vector(forKey: c.key) else { continue }
                let bestPositive = positiveVectors.map { RecommendInputs.dot($0, vector) }.max()
                let bestNegative = negativeVectors.map { RecommendInputs.dot($0, vector) }.max()
                let score: Float = switch (bestPositive, bestNegative) {
                case let (p?, n?): p > n ? p : -n
                case let (p?, nil): p
                case let (nil, n?): -n
                case (nil, nil): 0
                }
                var scored = c
                scored.score = Double(score)
                if let old = candidates[c.id], old.score >= scored.score { continue }
                candidates[c.id] = scored
            }
        }
        let ranked = candidates.values.sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
        }
        return hits(ranked, k: query.k, excluded: excluded)
    }

    /// Popularity from the event log within the filter's brand, category and price (a product is judged by its
    /// page; the domain part of a filter applies to vector searches only).
    func popularity(_ query: RecommendQuery, excluded: Set<String>) async throws -> [RecommendHit] {
        var filter = query.filter
        filter.domains = nil
        let matcher = FilterMatcher(filter)
        var out: [Candidate] = []
        for (id, score) in try await events.popular(limit: options.popularPool) where !excluded.contains(id) {
            guard let page = directory.page(of: id), matcher.matches(page.entry.meta) else { continue }
            out.append(Candidate(id: id, key: page.key, score: score, meta: page.entry.meta))
            if out.count == query.k { break }
        }
        return hits(out, k: query.k, excluded: excluded)
    }

    /// The learned mode: the user tower over the history's item-tower vectors (already projected: `LearnedSpace`;
    /// re-projected only for a product not projected yet), then an exact scan of every product's item-tower vector
    /// under the filter, over-fetched by the excluded count and dropped afterwards, as the content mode does. A model
    /// with a co-purchase table adds `blend` × the history's co-purchase evidence to the cosine of the products that
    /// have any (scored exactly, beside the scan's top); a product without evidence (cold) keeps its cosine, and a
    /// product stored after training takes the evidence of its nearest warm product. With `exclude_inputs` false
    /// the products of the repeat window come first (score 2 + a rank term, above any cosine), by their distinct
    /// sessions, then the training baskets holding them (popularity), then their weighted sums: the
    /// repeat-frequency blend that wins where shoppers re-buy (`rec-eval`'s `learned+repeat`).
    func learned(_ model: any RecommendationModel, _ inputs: RecommendInputs, query: RecommendQuery,
                 excluded: Set<String>) -> [RecommendHit] {
        guard let space = learnedSpace else { return [] }
        space.sync(directory: directory, index: index)
        var projected: [(vector: [Float], type: EventType, age: Double)] = []
        for event in inputs.historyEvents {
            guard let key = directory.page(of: event.id)?.key, let v = space.vector(forKey: key) else { projected = []; break }
            projected.append((v, event.type, event.age))
        }
        var user = projected.count == inputs.historyEvents.count ? model.userVector(projected: projected) : []
        if user.isEmpty { user = model.userVector(history: inputs.historyEvents.map { ($0.vector, $0.type, $0.age) }) }
        var ranked: [Candidate] = []
        var seen = Set<String>()
        let allow = directory.predicate(for: query.filter)
        if !query.excludeInputs {
            var weight: [String: Double] = [:]
            for item in inputs.history { weight[item.id] = item.weight }
            let order = inputs.repeats.sorted { a, b in
                let (sa, sb) = (inputs.sessions[a] ?? 0, inputs.sessions[b] ?? 0)
                if sa != sb { return sa > sb }
                let (pa, pb) = (model.baskets(a), model.baskets(b))
                if pa != pb { return pa > pb }
                let (wa, wb) = (weight[a] ?? 0, weight[b] ?? 0)
                return wa != wb ? wa > wb : a.utf8.lexicographicallyPrecedes(b.utf8)
            }
            for (rank, id) in order.enumerated() {
                guard let page = directory.page(of: id), allow?(page.key) ?? true else { continue }
                ranked.append(Candidate(id: id, key: page.key, score: 2 + Double(order.count - rank), meta: page.entry.meta))
                seen.insert(id)
            }
        }
        // One pass under the space's lock scores the scan's top and every product with co-purchase evidence (a
        // product the table does not know stands in for its nearest warm product in the learned space, in the
        // history and as a target, as training did for cold items: `LearnedSpace.sync`).
        var evidence: [String: Double] = [:]
        let blend = model.blend
        if blend > 0 {
            let history = inputs.history.map { item in
                (id: directory.page(of: item.id).flatMap { space.alias(forKey: $0.key) } ?? item.id, weight: item.weight)
            }
            evidence = model.coPurchaseEvidence(history)
        }
        var learnedHits: [Candidate] = []
        for (key, score) in space.rank(user, count: query.k + excluded.count, allow: allow, evidence: evidence,
                                       blend: blend, skipping: seen) {
            guard let entry = directory.entry(key) else { continue }
            learnedHits.append(Candidate(id: entry.productID, key: key, score: score, meta: entry.meta))
        }
        ranked += learnedHits.sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8)
        }
        return hits(ranked, k: query.k, excluded: excluded)
    }
}
