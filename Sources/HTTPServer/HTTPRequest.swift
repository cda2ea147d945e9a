/// A complete request handed to a route handler: head, whole body, and the path parameters of the matched route.
public struct HTTPRequest: Sendable {
    /// Request line and headers.
    public var head: HTTPRequestHead
    /// The complete body (de-chunked), empty when there is none.
    public var body: [UInt8]
    /// Values of the route template's `{name}` segments, percent-decoded.
    public var pathParameters: [String: String]
    /// The request id echoed in `X-Request-ID` (the client's or a generated one).
    public var requestID: String
    /// The client's IP address as text (`getpeername` of the connection), `""` when unknown. Behind a reverse proxy
    /// this is the proxy.
    public var peer: String

    /// Creates a request (the server does this; tests may too).
    public init(head: HTTPRequestHead, body: [UInt8] = [], pathParameters: [String: String] = [:], requestID: String = "",
                peer: String = "") {
        self.head = head
        self.body = body
        self.pathParameters = pathParameters
        self.requestID = requestID
        self.peer = peer
    }

    /// Request method.
    public var method: HTTPMethod { head.method }
    /// Path without the query.
    public var path: Substring { head.path }
    /// Header fields.
    public var headers: HTTPHeaders { head.headers }

    /// The decoded query parameters (`a=1&b=x%20y`); later duplicates win.
    public var queryParameters: [String: String] {
        guard let query = head.query else { return [:] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (PercentDecoding.decode(parts[1], plusAsSpace: true) ?? String(parts[1])) : ""
            result[name] = value
        }
        return result
    }
}
