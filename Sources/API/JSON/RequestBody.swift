import HTTPServer
import Retrieval

/// Reading JSON request bodies: the content type is checked (415), then the body decoded (400 naming the field).
enum RequestBody {
    /// Decodes `T` from a request whose `Content-Type` is JSON or absent.
    static func decode<T: Decodable>(_ type: T.Type, from request: HTTPRequest) throws -> T {
        if let contentType = request.headers["Content-Type"] {
            let mediaType = contentType.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
            guard mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
            else {
                throw APIError(.unsupportedMediaType, "send the body as application/json, not \(mediaType)")
            }
        }
        return try JSONBody.decode(T.self, from: request.body)
    }
}

extension HTTPResponse {
    /// A JSON response from an `Encodable` body.
    static func json<T: Encodable>(encoding value: T, status: HTTPStatus = .ok) -> HTTPResponse {
        .json(JSONBody.encode(value), status: status)
    }
}
