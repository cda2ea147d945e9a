import HTTPServer

/// The one error type handlers throw. Its `code` decides the status through the single table in `APIError.Code`;
/// the server renders it as `{"error":{"code":"...","message":"..."}}`.
///
/// ```swift
/// throw APIError(.notFound, "No product with id 'x'.")
/// ```
public struct APIError: HTTPResponseError, Equatable, Sendable {
    /// The machine-readable code; also decides the status.
    public let kind: Code
    /// A human sentence for the client. Never put secrets or internal error text here.
    public let message: String
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`).
    public let extraHeaders: [String: String]

    /// Creates an error.
    public init(_ kind: Code, _ message: String, headers: [String: String] = [:]) {
        self.kind = kind
        self.message = message
        self.extraHeaders = headers
    }

    /// The HTTP layer's own errors in this table's terms (same code, same status; a test keeps them in step).
    public init(_ error: HTTPServerError) {
        self.init(Code(error), error.message)
    }

    /// Status from the table.
    public var status: HTTPStatus { HTTPStatus(kind.status) }
    /// The snake_case code string.
    public var code: String { kind.rawValue }
    /// Extra headers, sorted by name so responses are deterministic.
    public var headers: HTTPHeaders {
        HTTPHeaders(extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public static func == (a: APIError, b: APIError) -> Bool {
        a.kind == b.kind && a.message == b.message && a.extraHeaders == b.extraHeaders
    }
}
