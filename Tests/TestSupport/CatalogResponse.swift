import Foundation
import HTTPServer

/// A response of the catalog tests' harness: the raw wire response plus its body parsed as JSON.
public struct CatalogResponse: @unchecked Sendable {
    /// The response as read off the socket.
    public let raw: RawResponse
    /// The body parsed with `JSONSerialization` (nil when empty or not JSON).
    public let json: Any?

    init(_ raw: RawResponse) {
        self.raw = raw
        json = raw.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: Data(raw.body), options: [.fragmentsAllowed])
    }

    /// Status code.
    public var status: Int { raw.status }
    /// Header fields.
    public var headers: HTTPHeaders { raw.headers }
    /// Body text.
    public var text: String { raw.text }
    /// The body as a JSON object (empty when it is not one).
    public var object: [String: Any] { json as? [String: Any] ?? [:] }
    /// `error.code` of an error body.
    public var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    /// `error.message` of an error body.
    public var errorMessage: String { (object["error"] as? [String: Any])?["message"] as? String ?? "" }
}
