import Retrieval

/// A transcript summary and where it came from, as products, searches and embeds return it.
struct SummaryJSON: Encodable, Sendable {
    var text: String
    var source: String
    var model: String?

    init(_ s: Summary) { text = s.text; source = s.source.rawValue; model = s.model }
}
