/// A response produced by a handler: status, headers and a complete body.
///
/// The server adds `Content-Length`, `Date`, `X-Request-ID`, `Connection` and (when it compresses)
/// `Content-Encoding`/`Vary` itself; handlers set only what is theirs, typically `Content-Type`.
public struct HTTPResponse: Sendable {
    /// Status code.
    public var status: HTTPStatus
    /// Handler-provided header fields.
    public var headers: HTTPHeaders
    /// The complete body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 text body and the given content type.
    public init(status: HTTPStatus = .ok, contentType: String, body: String) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(body.utf8))
    }

    /// An `application/json` response from already-encoded JSON bytes.
    public static func json(_ body: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// An `application/json` response from a JSON string.
    public static func json(_ body: String, status: HTTPStatus = .ok) -> HTTPResponse {
        json(Array(body.utf8), status: status)
    }

    /// The project-wide error body `{"error":{"code":"...","message":"..."}}` with `status`.
    ///
    /// Every error response in Ampere goes through here, whether the HTTP layer or a handler produced it.
    public static func error(status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        var body = #"{"error":{"code":"#
        JSONText.appendString(code, to: &body)
        body += #","message":"#
        JSONText.appendString(message, to: &body)
        body += "}}"
        return json(body, status: status)
    }
}
