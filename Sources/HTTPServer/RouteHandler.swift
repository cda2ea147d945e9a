/// What runs for a route: a synchronous closure (inline on the connection's worker thread: the fast path for cheap
/// endpoints such as `/health`) or an `async` one (run in a Task; the response is written back on the
/// connection's worker thread). Both may throw; `HTTPResponseError`s become their JSON error response, others a 500.
public enum RouteHandler: Sendable {
    /// Runs inline on the connection's worker thread. Must not block: it holds up every connection of that worker.
    case sync(@Sendable (HTTPRequest) throws -> HTTPResponse)
    /// Runs in a new Task. Blocking work (SQLite, curl, inference) still belongs on its own queue or thread,
    /// because the cooperative pool has only as many threads as cores and never grows.
    case async(@Sendable (HTTPRequest) async throws -> HTTPResponse)
}

/// One registered route.
public struct Route: Sendable {
    /// The method it answers.
    public let method: HTTPMethod
    /// The path template, e.g. `/products/{id}`; also the metrics label (bounded, unlike raw paths).
    public let template: String
    /// Body limit override; nil uses the server default.
    public let bodyLimit: Int?
    /// The handler.
    public let handler: RouteHandler
    /// Dense index, assigned in registration order (lets observers cache per-route state in an array).
    public let index: Int
    /// Runs when the request head is complete, before any body byte is read, with the client's address; a
    /// response it returns is sent instead of running the handler (e.g. 401 without reading a large body).
    public var preflight: Preflight?
}

/// A check on a request head and the client's address; nil lets the request through.
public typealias Preflight = @Sendable (HTTPRequestHead, _ peer: String) -> HTTPResponse?

/// A route plus the path parameters extracted for one request.
public struct RouteMatch: Sendable {
    /// The matched route.
    public let route: Route
    /// `{name}` values, percent-decoded.
    public let parameters: [String: String]
}
