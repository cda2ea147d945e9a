#if canImport(Glibc)
import Glibc
#endif

/// Everything the server needs to know to listen and to protect itself.
public struct HTTPServerConfiguration: Sendable {
    /// Numeric address to bind (`127.0.0.1`, `0.0.0.0`, `::`).
    public var host: String = "127.0.0.1"
    /// Port; 0 picks a free one (read it back from `HTTPServer.port`).
    public var port: Int = 8080
    /// `listen(2)` backlog.
    public var backlog: Int32 = 1024
    /// Number of worker event loops (threads) connections are spread over (default: one per core).
    public var workers: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// Open connections beyond this are answered 503 and closed at once.
    public var maxConnections: Int = 10_000
    /// Connections one client address may hold open; beyond this it is answered 503 and closed (0: no bound).
    /// Behind a reverse proxy every connection has the proxy's address: raise it or set 0 there.
    public var maxConnectionsPerClient: Int = 1_024
    /// Request-body bytes all connections may hold at once (`BodyBudget`); 0 means no bound.
    public var bodyBudgetBytes: Int = 1 << 30
    /// Parser limits, including the default body limit.
    public var limits = HTTPLimits()
    /// Timeouts (seconds).
    public var timeouts = ConnectionTimeouts()
    /// How often each worker checks its connections' deadlines (seconds); bounds timeout precision.
    public var timerInterval: Double = 0.25
    /// Bodies at least this long are gzip-compressed when the client accepts gzip; 0 disables compression.
    public var gzipMinBytes: Int = 1024
    /// zlib level 1-9 for response compression.
    public var gzipLevel: Int32 = 5
    /// Whether to write one access-log line per request (at `.info`, on the logger given to the server).
    public var accessLog: Bool = true

    /// The defaults.
    public init() {}
}
