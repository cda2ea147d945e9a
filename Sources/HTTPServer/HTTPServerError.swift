/// Errors the HTTP layer answers itself (malformed or oversized requests, no route, timeouts, overload).
///
/// Each case has a fixed status and code; the API module's single error table lists the same codes with the same
/// statuses, and a test keeps the two in agreement.
public enum HTTPServerError: HTTPResponseError, Equatable, CaseIterable, Sendable {
    /// Syntax error in the request line, headers or chunked framing (400).
    case badRequest
    /// Body longer than the route's limit (413).
    case contentTooLarge
    /// Request target longer than the limit (414).
    case uriTooLong
    /// Header section larger than the limit, or too many fields (431).
    case headerFieldsTooLarge
    /// No route has this path (404).
    case notFound
    /// The path exists but not for this method (405, with `Allow`).
    case methodNotAllowed
    /// Unsupported `Expect` value (417).
    case expectationFailed
    /// A transfer coding other than chunked (501).
    case notImplemented
    /// Not HTTP/1.0 or HTTP/1.1 (505).
    case versionNotSupported
    /// The client took too long to send its request (408).
    case requestTimeout
    /// Too many open connections or shutting down (503).
    case unavailable
    /// A handler failed with an error that is not an `HTTPResponseError` (500).
    case internalError

    /// Fixed status per case.
    public var status: HTTPStatus {
        switch self {
        case .badRequest: 400
        case .contentTooLarge: 413
        case .uriTooLong: 414
        case .headerFieldsTooLarge: 431
        case .notFound: 404
        case .methodNotAllowed: 405
        case .expectationFailed: 417
        case .notImplemented: 501
        case .versionNotSupported: 505
        case .requestTimeout: 408
        case .unavailable: 503
        case .internalError: 500
        }
    }

    /// Stable snake_case code.
    public var code: String {
        switch self {
        case .badRequest: "bad_request"
        case .contentTooLarge: "payload_too_large"
        case .uriTooLong: "uri_too_long"
        case .headerFieldsTooLarge: "headers_too_large"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .expectationFailed: "expectation_failed"
        case .notImplemented: "not_implemented"
        case .versionNotSupported: "http_version_not_supported"
        case .requestTimeout: "request_timeout"
        case .unavailable: "unavailable"
        case .internalError: "internal_error"
        }
    }

    /// Default human sentence; the parser supplies a more precise one through `HTTPParseError`.
    public var message: String {
        switch self {
        case .badRequest: "The request is malformed."
        case .contentTooLarge: "The request body is larger than this endpoint accepts."
        case .uriTooLong: "The request target is too long."
        case .headerFieldsTooLarge: "The request header section is too large."
        case .notFound: "No such route."
        case .methodNotAllowed: "This method is not allowed on this route."
        case .expectationFailed: "Only 'Expect: 100-continue' is supported."
        case .notImplemented: "Only the chunked transfer coding is supported."
        case .versionNotSupported: "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .requestTimeout: "The request was not received in time."
        case .unavailable: "The server is not accepting requests right now."
        case .internalError: "The server failed to process the request."
        }
    }
}

/// A parse failure: which `HTTPServerError` to answer with and a precise message saying what was wrong.
public struct HTTPParseError: Error, Equatable, Sendable {
    /// The error kind (decides status and code).
    public let kind: HTTPServerError
    /// What exactly was wrong, for the client and the log.
    public let message: String

    /// Creates a parse error.
    public init(_ kind: HTTPServerError, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The JSON error response for this failure.
    public var response: HTTPResponse { .error(status: kind.status, code: kind.code, message: message) }
}
