/// A request's inputs as vectors in the content space: what `RecommendService.resolve` found, what it ignored.
struct RecommendInputs: Sendable {
    /// A stored product with its page vector and weight.
    struct Item: Sendable {
        var id: String
        var vector: [Float]
        var weight: Double
    }

    /// One used history event: its product's vector, type and age relative to the newest event.
    struct HistoryEvent: Sendable {
        var vector: [Float]
        var type: EventType
        var age: Double
        var id: String = ""
    }

    var positives: [Item] = []
    var negatives: [Item] = []
    /// History products with their recency- and type-weighted sums (weight > 0 only).
    var history: [Item] = []
    /// The used events themselves, newest first (for a learned user tower).
    var historyEvents: [HistoryEvent] = []
    /// History product → the distinct sessions (or, without a session, timestamps) of its events, over the repeat
    /// window (`Options.repeatWindow`, which may reach further back than `history`).
    var sessions: [String: Int] = [:]
    /// Stored products with a positive event in the repeat window, newest first: the candidates for re-buys.
    var repeats: [String] = []
    var context: [Float]?
    /// Products the history says the user disliked: never recommended to them.
    var disliked: Set<String> = []
    /// Every product id named as an input (stored or not).
    var inputIDs: Set<String> = []
    var ignored: [String: [String]] = [:]

    var historyUsed: Int { historyEvents.count }

    /// True when nothing usable is left.
    var isEmpty: Bool { positives.isEmpty && negatives.isEmpty && history.isEmpty && context == nil }

    /// The positive sources, each its own weighted mean, normalised, so that a 50-event history does not drown
    /// two explicit examples or the live context: examples, history, context (those present).
    var positiveSources: [[Float]] {
        var out: [[Float]] = []
        if let mean = Self.mean(positives) { out.append(mean) }
        if let mean = Self.mean(history) { out.append(mean) }
        if let context, let unit = Self.normalised(context) { out.append(unit) }
        return out
    }

    /// The weighted mean of the negatives, normalised.
    var negativeMean: [Float]? { Self.mean(negatives) }

    /// What the results must not hold: `exclude`, the dislikes, and (by default) every input.
    func excluded(_ query: RecommendQuery) -> Set<String> {
        var out = Set(query.exclude).union(disliked)
        if query.excludeInputs { out.formUnion(inputIDs) }
        return out
    }

    /// The same inputs with every vector moved by −`mean` and re-normalised (the centred content space).
    func centred(by mean: [Float]) -> RecommendInputs {
        func move(_ v: [Float]) -> [Float] {
            guard v.count == mean.count else { return v }
            return Self.normalised(v.indices.map { v[$0] - mean[$0] }) ?? v
        }
        var out = self
        out.positives = positives.map { .init(id: $0.id, vector: move($0.vector), weight: $0.weight) }
        out.negatives = negatives.map { .init(id: $0.id, vector: move($0.vector), weight: $0.weight) }
        out.history = history.map { .init(id: $0.id, vector: move($0.vector), weight: $0.weight) }
        out.context = context.map(move)
        return out
    }

    static func mean(_ items: [Item]) -> [Float]? {
        guard let first = items.first else { return nil }
        var sum = [Float](repeating: 0, count: first.vector.count)
        for item in items where item.vector.count == sum.count {
            let w = Float(item.weight)
            for i in sum.indices { sum[i] += w * item.vector[i] }
        }
        return normalised(sum)
    }

    static func normalised(_ v: [Float]) -> [Float]? {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        return v.map { $0 / norm }
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return -.infinity }
        var s: Float = 0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
