import HTTPServer

/// The one error type handlers throw. Its `code` decides the status through the single table in `APIError.Code`;
/// the server renders it as `{"error":{"code":"...","message":"..."}}`.
///
/// ```swift
/// throw APIError(.notFound, "No product with id 'x'.")
/// ```
package struct APIError: HTTPResponseError, Equatable, Sendable {
    /// The machine-readable code; also decides the status.
    package let kind: Code
    /// A human sentence for the client. Never put secrets or internal error text here.
    package let message: String
    /// Extra response headers (`Allow`, `Retry-After`, `WWW-Authenticate`).
    package let extraHeaders: [String: String]

    /// Creates an error.
    package init(_ kind: Code, _ message: String, headers: [String: String] = [:]) {
        self.kind = kind
        self.message = message
        self.extraHeaders = headers
    }

    /// The HTTP layer's own errors in this table's terms (same code, same status; a test keeps them in step).
    package init(_ error: HTTPServerError) {
        self.init(Code(error), error.message)
    }

    /// Status from the table.
    package var status: HTTPStatus { HTTPStatus(kind.status) }
    /// The snake_case code string.
    package var code: String { kind.rawValue }
    /// Extra headers, sorted by name so responses are deterministic.
    package var headers: HTTPHeaders {
        HTTPHeaders(extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    package static func == (a: APIError, b: APIError) -> Bool {
        a.kind == b.kind && a.message == b.message && a.extraHeaders == b.extraHeaders
    }
}
