/// A `POST /search` body (`SearchRequest`) as a value, for tests that build queries in loops or vary them.
package struct SearchFixture: Encodable, Sendable, Equatable, CustomStringConvertible {
    /// `filter` (`SearchFilter`).
    package struct Filter: Encodable, Sendable, Equatable {
        /// An inclusive price range.
        package struct Price: Encodable, Sendable, Equatable {
            /// Lower and upper bound.
            package var gte: Double?
            package var lte: Double?
            /// A range; either end may be open.
            package init(gte: Double? = nil, lte: Double? = nil) { self.gte = gte; self.lte = lte }
        }

        /// Filter parts; nil ones are left out.
        package var domain: [String]?
        package var category: String?
        package var brand: String?
        package var price: Price?

        /// A filter; nil parts are left out.
        package init(domain: [String]? = nil, category: String? = nil, brand: String? = nil, price: Price? = nil) {
            self.domain = domain; self.category = category; self.brand = brand; self.price = price
        }
    }

    /// `SearchRequest` fields; nil ones are left out of the body.
    package var text: String?
    package var asr: String?
    package var images: [String]?
    package var vector: [Double]?
    package var like: String?
    package var k: Int?
    package var filter: Filter?
    /// `hybrid` or `vector`.
    package var mode: String?
    package var ef: Int?

    /// A query; nil fields are left out.
    package init(text: String? = nil, asr: String? = nil, images: [String]? = nil, vector: [Double]? = nil,
                 like: String? = nil, k: Int? = nil, filter: Filter? = nil, mode: String? = nil, ef: Int? = nil) {
        self.text = text; self.asr = asr; self.images = images; self.vector = vector; self.like = like
        self.k = k; self.filter = filter; self.mode = mode; self.ef = ef
    }

    /// The fields that are set, for failure messages (a vector is shown by its length).
    package var description: String {
        var parts: [String] = []
        if let text { parts.append("text: \(text)") }
        if let asr { parts.append("asr: \(asr)") }
        if let images { parts.append("images: \(images.count)") }
        if let vector { parts.append("vector: \(vector.count) dims") }
        if let like { parts.append("like: \(like)") }
        if let k { parts.append("k: \(k)") }
        if let filter { parts.append("filter: \(filter)") }
        if let mode { parts.append("mode: \(mode)") }
        if let ef { parts.append("ef: \(ef)") }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}
