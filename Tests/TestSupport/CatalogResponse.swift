import Foundation
import HTTPServer

/// A response of the catalog tests' harness: the raw wire response plus its body parsed as JSON.
package struct CatalogResponse: @unchecked Sendable {
    /// The response as read off the socket.
    package let raw: RawResponse
    /// The body parsed with `JSONSerialization` (nil when empty or not JSON).
    package let json: Any?

    init(_ raw: RawResponse) {
        self.raw = raw
        json = raw.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: Data(raw.body), options: [.fragmentsAllowed])
    }

    /// Status code.
    package var status: Int { raw.status }
    /// Header fields.
    package var headers: HTTPHeaders { raw.headers }
    /// Body text.
    package var text: String { raw.text }
    /// The body as a JSON object (empty when it is not one).
    package var object: [String: Any] { json as? [String: Any] ?? [:] }
    /// `error.code` of an error body.
    package var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    /// `error.message` of an error body.
    package var errorMessage: String { (object["error"] as? [String: Any])?["message"] as? String ?? "" }
}
