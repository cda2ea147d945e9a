import CoreMetrics

/// Recommendation counters on `/metrics`: `ampere_recommend_requests_total{strategy}` (the strategy that
/// answered, a fixed set), `ampere_recommend_cold_hits_total` (hits of products with no events) and
/// `ampere_events_ingested_total{type}` (events committed, by `EventType`).
public final class RecommendMetrics: Sendable {
    private let requests: [String: Counter]
    private let coldHits: Counter
    private let events: [EventType: Counter]

    /// The strategy labels `requests` counts under.
    public static let strategies = ["average_vector", "best_score", "popularity", "learned"]

    /// Registers the counters with `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        requests = Dictionary(uniqueKeysWithValues: Self.strategies.map {
            ($0, Counter(label: "ampere_recommend_requests_total", dimensions: [("strategy", $0)], factory: factory))
        })
        coldHits = Counter(label: "ampere_recommend_cold_hits_total", factory: factory)
        events = Dictionary(uniqueKeysWithValues: EventType.allCases.map {
            ($0, Counter(label: "ampere_events_ingested_total", dimensions: [("type", $0.rawValue)], factory: factory))
        })
    }

    /// Counts one answered request.
    public func recorded(strategy: String, coldHits cold: Int) {
        requests[strategy]?.increment()
        if cold > 0 { coldHits.increment(by: cold) }
    }

    /// Counts committed events.
    public func ingested(_ batch: [Event]) {
        var byType: [EventType: Int] = [:]
        for event in batch { byType[event.type, default: 0] += 1 }
        for (type, n) in byType { events[type]?.increment(by: n) }
    }
}
