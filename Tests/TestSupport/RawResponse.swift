import HTTPServer

/// A response as read off the wire by `RawHTTPClient`.
package struct RawResponse: Sendable {
    /// Status code.
    package var status: Int
    /// Header fields in order.
    package var headers: HTTPHeaders
    /// Body bytes (still gzip-coded if the server compressed it).
    package var body: [UInt8]
    /// The exact bytes of the head (status line through blank line).
    package var rawHead: String

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The JSON error code of an error body (`{"error":{"code":...}}`), if it is one.
    package var errorCode: String? {
        guard let range = text.range(of: #""code":""#) else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
