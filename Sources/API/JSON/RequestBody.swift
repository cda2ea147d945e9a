import HTTPServer
import Retrieval

/// Reading JSON request bodies: the content type is checked (415), then the body decoded (400 naming the field).
enum RequestBody {
    /// Decodes `T` from a request whose `Content-Type` is `application/json` (or `application/*+json`).
    /// A body without a `Content-Type` is refused too: a web page can send a "simple" cross-origin POST with no
    /// preflight only as `text/plain`, form data or no type at all, so requiring JSON's type keeps a page from
    /// writing to an instance on the visitor's loopback.
    static func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) throws -> T {
        guard let contentType = request.headers["Content-Type"] else {
            throw APIError(.unsupportedMediaType, "send the body with Content-Type: application/json")
        }
        let mediaType = contentType.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
        else {
            throw APIError(.unsupportedMediaType, "send the body as application/json, not \(mediaType.isEmpty ? "an empty type" : mediaType)")
        }
        return try JSONBody.decode(T.self, from: request.body)
    }
}

extension HTTPResponse {
    /// A JSON response from an `Encodable` body.
    static func json<T: Encodable>(encoding value: T, status: HTTPStatus = .ok) throws(ResponseEncodingError) -> HTTPResponse {
        .json(try JSONBody.encode(value), status: status)
    }
}
