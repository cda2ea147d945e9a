extension RecommendService {
    /// The page vector of product `id`, from memory (the directory's page key, the index's vector).
    func pageVector(_ id: String) -> [Float]? {
        guard let page = directory.page(of: id), let vector = index.vector(forKey: page.key), !vector.isEmpty else {
            return nil
        }
        return vector
    }

    /// Looks up every input: the examples' vectors, the user's events and the inline history (weighted by type
    /// and recency), the context's embedding. Unknown product ids are collected in `ignored`, by field.
    func resolve(_ query: RecommendQuery) async throws -> RecommendInputs {
        var inputs = RecommendInputs()
        for (field, examples) in [("positive", query.positive), ("negative", query.negative)] {
            var items: [RecommendInputs.Item] = []
            var ignored: [String] = []
            for example in examples {
                inputs.inputIDs.insert(example.id)
                if let vector = pageVector(example.id) {
                    items.append(.init(id: example.id, vector: vector, weight: example.weight))
                } else {
                    ignored.append(example.id)
                }
            }
            inputs.ignored[field] = ignored
            if field == "positive" { inputs.positives = items } else { inputs.negatives = items }
        }
        var history = query.history
        if let user = query.user {
            history += try await events.history(user: user, limit: max(options.historyLimit, options.repeatWindow))
        }
        if !history.isEmpty { weighHistory(history, into: &inputs) }
        if let context = query.context, !context.isEmpty { inputs.context = try await embed(context) }
        return inputs
    }

    /// The newest `historyLimit` events, each weighted `type.weight · 2^(−age / half-life)` (age from the newest
    /// event, so an old log is not all "stale"), summed per product; dislikes become exclusions. The older events of
    /// the repeat window add only what the user bought before: their products are inputs (excluded by default) and
    /// re-buy candidates, counted by distinct sessions.
    func weighHistory(_ history: [Event], into inputs: inout RecommendInputs) {
        let window = history.sorted { $0.timestamp > $1.timestamp }.prefix(max(options.historyLimit, options.repeatWindow))
        guard let newest = window.first?.timestamp else { return }
        var weights: [String: Double] = [:]
        var order: [String] = []
        var vectors: [String: [Float]] = [:]
        var ignored: [String] = []
        var stored: [String: Bool] = [:]
        var seenSessions = Set<String>()
        for (position, event) in window.enumerated() {
            inputs.inputIDs.insert(event.productID)
            if event.type == .dislike { inputs.disliked.insert(event.productID); continue }
            guard event.type.weight > 0 else { continue }
            if position < options.historyLimit {
                guard let vector = vectors[event.productID] ?? pageVector(event.productID) else {
                    if !ignored.contains(event.productID) { ignored.append(event.productID) }
                    continue
                }
                if vectors[event.productID] == nil { vectors[event.productID] = vector; order.append(event.productID) }
                let age = max(0, newest - event.timestamp)
                let decay = options.halfLifeSeconds > 0 ? Self.exp2(-age / options.halfLifeSeconds) : 1
                weights[event.productID, default: 0] += event.type.weight * decay
                inputs.historyEvents.append(.init(vector: vector, type: event.type, age: age, id: event.productID))
            }
            let known: Bool
            if let k = stored[event.productID] { known = k } else {
                known = vectors[event.productID] != nil || directory.page(of: event.productID) != nil
                stored[event.productID] = known
                if known { inputs.repeats.append(event.productID) }
            }
            guard known else { continue }
            if seenSessions.insert("\(event.productID)\u{0}\(event.session ?? "@\(event.timestamp)")").inserted {
                inputs.sessions[event.productID, default: 0] += 1
            }
        }
        inputs.history = order.map { .init(id: $0, vector: vectors[$0]!, weight: weights[$0]!) }
        inputs.ignored["history"] = ignored
    }

    /// The context encoded as `/search` encodes a query: a transcript summarized first (when a summarizer is
    /// configured), then text and images through the query encoder (a raw transcript is read in full).
    func embed(_ context: RecommendQuery.Context) async throws -> [Float] {
        var texts: [String] = []
        if let text = context.text, !text.isEmpty { texts.append(text) }
        var rawTranscript = false
        if let asr = context.asr, !asr.isEmpty {
            if let summarizer {
                texts.append(try await summarizer.summarize(asr, maxWords: nil).text)
            } else {
                texts.append(asr)
                rawTranscript = true
            }
        }
        let text = texts.isEmpty ? nil : texts.joined(separator: "\n")
        let embedding = try await (rawTranscript ? encoder.embed(text: text, images: context.images)
                                                 : encoder.embedQuery(text: text, images: context.images))
        return embedding.fused
    }
}

extension RecommendService {
    /// 2^x without a C math library (Retrieval imports none): the integer part exactly, the fraction by a series
    /// (relative error below 1e-12 on [0, 1)).
    public static func exp2(_ x: Double) -> Double {
        guard x.isFinite else { return x > 0 ? .infinity : 0 }
        guard x > -1_000 else { return 0 }
        let whole = x.rounded(.down)
        let y = (x - whole) * 0.693_147_180_559_945_3  // ln 2
        var term = 1.0, sum = 1.0
        for n in 1...20 {
            term *= y / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(whole), significand: 1) * sum
    }
}
