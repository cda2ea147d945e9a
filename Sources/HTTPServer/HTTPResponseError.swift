/// An error that knows its HTTP answer. Handlers throw these; the server renders them with `HTTPResponse.error`.
///
/// The API module's `APIError` conforms; any other error a handler throws becomes a 500 `internal_error` whose
/// message does not leak the error's text to the client (it is logged instead).
public protocol HTTPResponseError: Error {
    /// The status to answer with.
    var status: HTTPStatus { get }
    /// The stable snake_case error code clients match on.
    var code: String { get }
    /// A human sentence for the client.
    var message: String { get }
    /// Extra headers (e.g. `Allow` for 405, `Retry-After` for 503).
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    /// No extra headers by default.
    public var headers: HTTPHeaders { HTTPHeaders() }

    /// The error as a JSON error response.
    public var response: HTTPResponse {
        var r = HTTPResponse.error(status: status, code: code, message: message)
        for (name, value) in headers { r.headers.add(name, value) }
        return r
    }
}
