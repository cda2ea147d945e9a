/// How a request's body is delimited (RFC 9112 §6).
public enum BodyFraming: Sendable, Equatable {
    /// No body (no Content-Length and no Transfer-Encoding).
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}

/// The parsed request line and header section, before the body is read.
///
/// The parser fills the framing and connection fields while it scans the headers, so the connection can decide
/// (route, 413, 100-continue) before reading a single body byte.
public struct HTTPRequestHead: Sendable {
    /// Request method.
    public var method: HTTPMethod
    /// The request target exactly as sent (origin form: path and optional query).
    public var target: String
    /// HTTP version.
    public var version: HTTPVersion
    /// All header fields in order.
    public var headers: HTTPHeaders
    /// Body framing derived from Content-Length / Transfer-Encoding.
    public var framing: BodyFraming
    /// Whether the connection stays open after this exchange (HTTP/1.1 default, `Connection: close`, HTTP/1.0 rules).
    public var keepAlive: Bool
    /// True for `Expect: 100-continue`.
    public var expectsContinue: Bool
    /// The client's `X-Request-ID` when it sent a usable one.
    public var requestID: Substring?
    /// Whether the client accepts a gzip-coded response.
    public var acceptsGzip: Bool

    /// The path part of the target (before `?`).
    public var path: Substring {
        if let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) { return target[..<q] }
        return target[...]
    }

    /// The query string after `?`, without it; nil when absent.
    public var query: Substring? {
        guard let q = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return nil }
        return target[target.utf8.index(after: q)...]
    }
}
