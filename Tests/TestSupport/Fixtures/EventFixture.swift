/// One `POST /events` event (`EventInput`) as a value; nil fields are left out of the JSON.
package struct EventFixture: Encodable, Sendable, Equatable {
    package var user: String
    package var session: String?
    package var product: String
    package var type: String
    /// ISO-8601.
    package var ts: String?
    package var quantity: Int?
    package var domain: String?

    /// An event.
    package init(user: String, product: String, type: String, session: String? = nil, ts: String? = nil,
                 quantity: Int? = nil, domain: String? = nil) {
        self.user = user; self.product = product; self.type = type; self.session = session; self.ts = ts
        self.quantity = quantity; self.domain = domain
    }
}

/// A `POST /recommend` body (`RecommendRequest`) as a value; nil fields are left out.
package struct RecommendFixture: Encodable, Sendable, Equatable {
    /// One inline history event.
    package struct History: Encodable, Sendable, Equatable {
        package var product: String
        package var type: String?
        package var ts: String?
        /// A history event.
        package init(_ product: String, type: String? = nil, ts: String? = nil) {
            self.product = product; self.type = type; self.ts = ts
        }
    }

    /// The live or page context.
    package struct Context: Encodable, Sendable, Equatable {
        package var text: String?
        package var asr: String?
        package var images: [String]?
        /// A context.
        package init(text: String? = nil, asr: String? = nil, images: [String]? = nil) {
            self.text = text; self.asr = asr; self.images = images
        }
    }

    package var positive: [String]?
    package var negative: [String]?
    package var weights: [String: Double]?
    package var user: String?
    package var history: [History]?
    package var context: Context?
    package var strategy: String?
    package var k: Int?
    package var filter: SearchFixture.Filter?
    package var exclude: [String]?
    package var exclude_inputs: Bool?

    /// A request; nil fields are left out.
    package init(positive: [String]? = nil, negative: [String]? = nil, weights: [String: Double]? = nil,
                 user: String? = nil, history: [History]? = nil, context: Context? = nil, strategy: String? = nil,
                 k: Int? = nil, filter: SearchFixture.Filter? = nil, exclude: [String]? = nil, excludeInputs: Bool? = nil) {
        self.positive = positive; self.negative = negative; self.weights = weights; self.user = user
        self.history = history; self.context = context; self.strategy = strategy; self.k = k; self.filter = filter
        self.exclude = exclude; self.exclude_inputs = excludeInputs
    }
}
