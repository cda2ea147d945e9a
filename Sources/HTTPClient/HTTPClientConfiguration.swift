/// Limits applied to every request of one `HTTPClient`.
public struct HTTPClientConfiguration: Sendable, Equatable {
    /// Time allowed to establish the connection, in seconds.
    public var connectTimeout: Double
    /// Time allowed for the whole exchange (connect, send, wait, receive), in seconds.
    public var totalTimeout: Double
    /// Largest response body accepted, in bytes; bigger transfers are aborted with `responseTooLarge`.
    public var maxResponseBytes: Int
    /// Most requests in flight at once; more wait in FIFO order without occupying any thread.
    public var maxConcurrentRequests: Int

    /// Creates a configuration; defaults suit an LLM endpoint on the local network.
    public init(connectTimeout: Double = 2, totalTimeout: Double = 30, maxResponseBytes: Int = 1 << 20,
                maxConcurrentRequests: Int = 4) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
    }
}
