/// Why a request produced no HTTP response. HTTP error statuses are *not* errors here: they come back as responses.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The TCP/TLS connection could not be made (refused, unreachable, DNS failure, connect timeout).
    case connectFailed(String)
    /// The total time limit passed before the response was complete.
    case timedOut
    /// The response body grew past the configured cap; the transfer was aborted.
    case responseTooLarge(limit: Int)
    /// The URL was rejected before any network traffic.
    case invalidURL(String)
    /// The client was shut down before the request ran.
    case shutDown
    /// Any other libcurl failure, with its code and message.
    case transport(code: Int, message: String)

    /// True for failures worth another attempt: the server may be back or less busy a moment later.
    public var isTransient: Bool {
        switch self {
        case .connectFailed, .timedOut, .transport: return true
        case .responseTooLarge, .invalidURL, .shutDown: return false
        }
    }

    /// A one-line description; never contains request headers or bodies.
    public var description: String {
        switch self {
        case .connectFailed(let m): return "connect failed: \(m)"
        case .timedOut: return "timed out"
        case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
        case .invalidURL(let m): return "invalid URL: \(m)"
        case .shutDown: return "client shut down"
        case .transport(let code, let m): return "transport error \(code): \(m)"
        }
    }
}
