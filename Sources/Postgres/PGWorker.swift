import Dispatch
import Synchronization

/// A PostgreSQL connection confined to its own thread (an untargeted serial queue, never the Swift concurrency
/// pool: libpq blocks). Connects on first use and again after a connection-class error, so a failover costs the
/// calls that hit it and nothing after the new primary answers.
public final class PGWorker: @unchecked Sendable {
    private let conninfo: String
    private let defaults: [(String, String)]
    private let overrides: [(String, String)]
    private let queue: DispatchQueue
    private var connection: PGConnection?
    private let cancel = Mutex<PGCancel?>(nil)
    private let endpointBox = Mutex<String?>(nil)

    /// A worker for `conninfo`; `defaults` may be overridden by the conninfo, `overrides` may not.
    public init(conninfo: String, label: String, defaults: [(String, String)] = [], overrides: [(String, String)] = []) {
        self.conninfo = conninfo
        self.defaults = [("connect_timeout", "3"), ("application_name", "ampere")] + defaults
        self.overrides = overrides
        self.queue = DispatchQueue(label: label)
    }

    /// The `host:port` of the current connection, nil when not connected.
    public var endpoint: String? { endpointBox.withLock { $0 } }

    /// Runs `body` on the worker's thread with a live connection, blocking the caller (for dedicated threads).
    public func sync<T>(_ body: (PGConnection) throws(PGError) -> T) throws(PGError) -> T {
        let result: Result<T, PGError> = queue.sync { perform(body) }
        return try result.get()
    }

    /// Runs `body` on the worker's thread without blocking a Swift concurrency thread. With a `timeout`, the caller
    /// gets `.timeout` once it passes and the running query is cancelled (the connection is then replaced); the
    /// outcome of a COMMIT cut off this way is unknown to the caller.
    public func run<T: Sendable>(timeout: Duration? = nil,
                                 _ body: @escaping @Sendable (PGConnection) throws(PGError) -> T) async throws(PGError) -> T {
        let once = ResumeOnce()
        let result: Result<T, PGError> = await withCheckedContinuation { continuation in
            let finish: @Sendable (Result<T, PGError>) -> Void = { value in
                if once.claim() { continuation.resume(returning: value) }
            }
            queue.async { [self] in finish(perform(body)) }
            if let timeout {
                let nanos = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanos))) { [self] in
                    guard !once.claimed else { return }
                    cancel.withLock { $0 }?.cancel()
                    finish(.failure(PGError(kind: .timeout, message: "no answer from PostgreSQL within \(timeout)")))
                }
            }
        }
        return try result.get()
    }

    /// Drops the connection (the next call reconnects), e.g. after a timeline change.
    public func reset() { queue.async { [self] in drop() } }

    private func perform<T>(_ body: (PGConnection) throws(PGError) -> T) -> Result<T, PGError> {
        do {
            let conn = try connected()
            return .success(try body(conn))
        } catch {
            if error.needsReconnect || connection?.isOK == false { drop() }
            return .failure(error)
        }
    }

    private func connected() throws(PGError) -> PGConnection {
        if let connection, connection.isOK { return connection }
        drop()
        let conn = try PGConnection(conninfo: conninfo, defaults: defaults, overrides: overrides)
        connection = conn
        cancel.withLock { $0 = conn.cancelHandle() }
        endpointBox.withLock { $0 = conn.endpoint }
        return conn
    }

    private func drop() {
        connection = nil
        cancel.withLock { $0 = nil }
        endpointBox.withLock { $0 = nil }
    }
}

/// Lets exactly one of several racing completions resume a continuation.
private final class ResumeOnce: Sendable {
    private let done = Mutex(false)
    /// True for the first caller only.
    func claim() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
    /// Whether someone claimed it.
    var claimed: Bool { done.withLock { $0 } }
}
