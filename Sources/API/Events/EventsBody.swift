import Retrieval

/// The `POST /events` body. Each event is decoded on its own, so a malformed event becomes a per-event error
/// instead of failing the whole request (as `/products/batch` does with products).
struct EventsBody: Decodable {
    var events: [EventItem]
}

/// One event of a batch: the decoded body or the reason it could not be decoded.
struct EventItem: Decodable, Sendable {
    var body: Result<EventBody, RetrievalError>

    init(from decoder: any Decoder) throws {
        do {
            body = .success(try EventBody(from: decoder))
        } catch let error as DecodingError {
            body = .failure(JSONBody.describe(error))
        }
    }
}

/// One event as the API contract defines it.
struct EventBody: Decodable, Sendable {
    var user: String
    var session: String?
    var product: String
    var type: String
    var ts: EventTime?
    var quantity: Int?
    var domain: String?

    /// The validated event; a missing `ts` is `now`.
    func event(now: Double) throws(RetrievalError) -> Event {
        guard InputLimits.isValidID(user) else {
            throw .invalid(code: .invalidID, message: "field 'user' must be 1-128 characters of [A-Za-z0-9._:-]")
        }
        guard InputLimits.isValidID(product) else {
            throw .invalid(code: .invalidID, message: "field 'product' must be a product id")
        }
        if let session, !InputLimits.isValidID(session) {
            throw .invalid(code: .invalidID, message: "field 'session' must be 1-128 characters of [A-Za-z0-9._:-]")
        }
        let type = try Self.eventType(self.type, field: "type")
        let quantity = self.quantity ?? 1
        guard (1...1_000_000).contains(quantity) else {
            throw .invalid(message: "field 'quantity' must be between 1 and 1000000")
        }
        var domain: Domain?
        if let name = self.domain {
            guard let parsed = Domain(rawValue: name) else {
                throw .invalid(message: "field 'domain' holds '\(name)'; use page, video or live")
            }
            domain = parsed
        }
        return Event(user: user, session: session, productID: product, type: type,
                     timestamp: try ts?.validated(field: "ts", now: now) ?? now, quantity: quantity, domain: domain)
    }

    /// An event type of the closed set, or a 400 naming the set.
    static func eventType(_ name: String, field: String) throws(RetrievalError) -> EventType {
        guard let type = EventType(rawValue: name) else {
            throw .invalid(message: "field '\(field)' holds '\(name.prefix(64))'; use one of \(EventType.names)")
        }
        return type
    }
}

/// One per-event result: 201 when stored, else the status and error `POST /events` would give it alone.
struct EventResultJSON: Encodable, Sendable {
    var status: Int
    var error: ErrorJSON?
}

/// The `/events` answer: one result per event, in request order, and how many were stored.
struct EventsResultJSON: Encodable, Sendable {
    var accepted: Int
    var results: [EventResultJSON]
}
