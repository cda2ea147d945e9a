import Foundation
import HTTPServer

/// A response of the catalog tests' harness: the raw wire response, read through typed mirrors of the API's
/// answers (`decode(SearchAnswer.self)`, `ErrorBody`, ...) rather than untyped JSON.
package struct CatalogResponse: Sendable {
    /// The response as read off the socket.
    package let raw: RawResponse

    init(_ raw: RawResponse) { self.raw = raw }

    /// Status code.
    package var status: Int { raw.status }
    /// Header fields.
    package var headers: HTTPHeaders { raw.headers }
    /// Body text.
    package var text: String { raw.text }

    /// The body decoded as `T`; throws (naming the type, status and body) when a required field is missing,
    /// has the wrong type, or the body is not JSON.
    package func decode<T: Decodable>(_: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(raw.body))
        } catch {
            throw MirrorDecodingError(description: "\(T.self) from a \(status) answer: \(error); body: \(text.prefix(600))")
        }
    }

    /// The `error` of an error body (nil when the body is not one).
    package var error: ErrorBody.Detail? { (try? decode(ErrorBody.self))?.error }
    /// `error.code` of an error body.
    package var errorCode: String? { error?.code }
    /// `error.message` of an error body (empty when the body is not one).
    package var errorMessage: String { error?.message ?? "" }
}

/// A body that does not match the mirror it was decoded as.
package struct MirrorDecodingError: Error, CustomStringConvertible {
    /// What did not match, with the body.
    package let description: String
}
