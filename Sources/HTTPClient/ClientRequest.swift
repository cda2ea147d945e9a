/// One outgoing HTTP request, independent of libcurl so callers never touch C types.
public struct ClientRequest: Sendable {
    /// HTTP method, upper case ("GET", "POST", ...).
    public var method: String
    /// Absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields in the order they are sent. Values may hold secrets (Authorization), so this type is never logged.
    public var headers: [(name: String, value: String)]
    /// Request body; empty means none.
    public var body: [UInt8]

    /// Creates a request; `body` is sent as-is, so set `Content-Type` yourself.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
