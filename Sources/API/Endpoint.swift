import HTTPServer

/// Who may call an endpoint; declared where the endpoint is registered, read by the request guard.
package enum Access: Sendable, Equatable, CustomStringConvertible {
    /// Anyone who can connect (`/health`; `/metrics` when `auth.metrics` is `open`).
    case open
    /// Any API key (queries and lookups).
    case read
    /// A write key (upserts and deletes).
    case write

    /// `open`, `read` or `write`.
    package var description: String {
        switch self {
        case .open: "open"
        case .read: "read"
        case .write: "write"
        }
    }
}

/// One route of the API with what the guard needs to know about it.
package struct Endpoint: Sendable {
    /// `.api` routes count against the per-client rate limit and the admission gate; `.ops` routes (`/health`,
    /// `/metrics`) never do, so monitoring keeps working under load.
    package enum Traffic: Sendable, Equatable {
        /// Client traffic: rate-limited and admitted.
        case api
        /// Monitoring: never limited.
        case ops
    }

    /// The method it answers.
    package let method: HTTPMethod
    /// The path template (`/products/{id}`).
    package let template: String
    /// Who may call it.
    package let access: Access
    /// Whether limits apply.
    package let traffic: Traffic
    /// Body limit override; nil uses the server default.
    package let bodyLimit: Int?
    /// The handler.
    package let handler: RouteHandler
}

/// The API's endpoints in registration order: each group file registers its routes here with their access, and
/// the app turns the table into a `Router` (through the request guard, which reads `access` and `traffic`).
///
/// ```swift
/// var table = EndpointTable()
/// table.post("/search", access: .read, bodyLimit: 1 << 20) { request in ... }
/// let router = table.router()   // unguarded, e.g. for tests
/// ```
package struct EndpointTable: Sendable {
    /// Every endpoint, in registration order.
    package private(set) var endpoints: [Endpoint] = []

    /// An empty table.
    package init() {}

    /// Registers an endpoint. A later registration of the same method and template replaces the earlier.
    package mutating func add(_ method: HTTPMethod, _ template: String, access: Access, traffic: Endpoint.Traffic = .api,
                             bodyLimit: Int? = nil, _ handler: RouteHandler) {
        endpoints.removeAll { $0.method == method && $0.template == template }
        endpoints.append(Endpoint(method: method, template: template, access: access, traffic: traffic,
                                  bodyLimit: bodyLimit, handler: handler))
    }

    /// Registers an async GET handler.
    package mutating func get(_ template: String, access: Access,
                             _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        add(.get, template, access: access, .async(handler))
    }

    /// Registers an async POST handler.
    package mutating func post(_ template: String, access: Access, bodyLimit: Int? = nil,
                              _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        add(.post, template, access: access, bodyLimit: bodyLimit, .async(handler))
    }

    /// Registers an async DELETE handler.
    package mutating func delete(_ template: String, access: Access,
                                _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) {
        add(.delete, template, access: access, .async(handler))
    }

    /// The endpoint registered for `method` and `template`, if any.
    package func endpoint(_ method: HTTPMethod, _ template: String) -> Endpoint? {
        endpoints.first { $0.method == method && $0.template == template }
    }

    /// A router with every endpoint, each passed through `transform` (the guard) first.
    package func router(_ transform: (Endpoint) -> (preflight: Preflight?, handler: RouteHandler) = { (nil, $0.handler) })
        -> Router {
        var router = Router()
        for endpoint in endpoints {
            let (preflight, handler) = transform(endpoint)
            router.add(endpoint.method, endpoint.template, bodyLimit: endpoint.bodyLimit, preflight: preflight, handler)
        }
        return router
    }
}
