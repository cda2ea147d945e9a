/// Mirror of `RecommendResult`: the `POST /recommend` answer.
package struct RecommendAnswer: Decodable, Sendable, Equatable {
    /// One recommended product (`RecommendHit`).
    package struct Hit: Decodable, Sendable, Equatable {
        package var id: String
        package var score: Double
        package var title: String
        /// The domain of the appearance that matched.
        package var domain: String
        package var brand: String?
        package var category: String?
        package var price: Double?
        /// True when the product has no events.
        package var cold: Bool
    }

    /// Best first.
    package var hits: [Hit]
    /// `average_vector`, `best_score`, `popularity` or `learned`.
    package var strategy: String
    /// `content` or `events`.
    package var source: String
    /// Unknown ids by field (`positive`, `negative`, `history`); empty when none.
    package var ignored: [String: [String]]
    /// History events used.
    package var historyUsed: Int
    package var tookMs: Double

    enum CodingKeys: String, CodingKey {
        case hits, strategy, source, ignored
        case historyUsed = "history_used"
        case tookMs = "took_ms"
    }

    /// The hit ids, in order.
    package var ids: [String] { hits.map(\.id) }
}
