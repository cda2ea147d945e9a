/// The HTTP/1.x version of a request (`HTTP/1.0` or `HTTP/1.1`).
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// Minor version: 0 or 1.
    public let minor: Int

    /// `HTTP/1.0`.
    public static let http1_0 = HTTPVersion(minor: 0)
    /// `HTTP/1.1`.
    public static let http1_1 = HTTPVersion(minor: 1)

    /// `"HTTP/1.1"`.
    public var description: String { "HTTP/1.\(minor)" }
}
