/// A response body that could not be encoded (e.g. a NaN score). It is deliberately not an `HTTPResponseError`:
/// the server logs it with the request id and answers 500 `internal_error`.
package struct ResponseEncodingError: Error, CustomStringConvertible {
    /// The response type that failed.
    package let type: String
    /// The encoder's own description of the failure.
    package let underlying: String

    package var description: String { "could not encode the \(type) response: \(underlying)" }
}
