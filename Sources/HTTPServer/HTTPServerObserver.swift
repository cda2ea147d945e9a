/// One finished exchange, as reported to observers (metrics) after the response was queued for writing.
public struct HTTPRequestRecord: Sendable {
    /// Request method.
    public let method: HTTPMethod
    /// The matched route, nil for 404s and requests that failed to parse.
    public let route: Route?
    /// Response status code.
    public let status: Int
    /// Request body bytes.
    public let requestBytes: Int
    /// Response body bytes as sent (after compression).
    public let responseBytes: Int
    /// From the complete head to the response being queued, in nanoseconds.
    public let durationNanoseconds: UInt64
}

/// Receives connection and request events from the server; the App uses it to feed metrics.
///
/// Calls arrive on worker threads concurrently and on the request path: implementations must be thread-safe and cheap
/// (no allocation per call; cache per route/method/status).
public protocol HTTPServerObserver: Sendable {
    /// A connection was accepted and counted.
    func connectionOpened()
    /// A connection was closed.
    func connectionClosed()
    /// A response was produced.
    func requestCompleted(_ record: HTTPRequestRecord)
    /// A client hung up while its async handler ran, and the handler's task was cancelled.
    func handlerCancelled()
    /// A request was answered 503 because the shared body budget was spent.
    func bodyBudgetRefused()
}

extension HTTPServerObserver {
    public func handlerCancelled() {}
    public func bodyBudgetRefused() {}
}
