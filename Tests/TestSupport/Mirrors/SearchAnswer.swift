/// Mirror of `SearchResponse`: the `POST /search` answer.
package struct SearchAnswer: Decodable, Sendable, Equatable {
    /// One per product, best first.
    package var hits: [CatalogHit]
    /// The summary of the query's `asr`, when it had one.
    package var summary: SummaryAnswer?
    /// Server-side search time in milliseconds.
    package var tookMs: Double

    enum CodingKeys: String, CodingKey {
        case hits, summary
        case tookMs = "took_ms"
    }
}
