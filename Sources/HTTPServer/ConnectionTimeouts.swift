/// Per-connection timeouts as a pure state machine: given the phase and "now", is the connection overdue, and
/// what should happen? No clock inside, so tests drive it with plain numbers.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// Whole request head must arrive within this after its first byte (cuts off clients that trickle headers).
    public var header: Double = 10
    /// Whole body must arrive within this after the head.
    public var body: Double = 30
    /// A keep-alive connection with no request in progress is closed after this.
    public var idle: Double = 60
    /// A response the client does not read is abandoned after this.
    public var write: Double = 30
    /// After the final response, wait at most this for the client to close before closing ourselves.
    public var linger: Double = 2

    /// The defaults.
    public init() {}

    /// Where a connection is in its life; the associated value is when that phase started (nanoseconds).
    public enum Phase: Sendable, Equatable {
        /// Waiting for the first byte of the next request.
        case idle(since: UInt64)
        /// Receiving a request head.
        case head(since: UInt64)
        /// Receiving a request body.
        case body(since: UInt64)
        /// A handler is running; no network timeout applies (handlers own their deadlines).
        case processing
        /// Blocked writing a response the client is not reading.
        case writing(since: UInt64)
        /// Response sent and write side shut; draining the client's leftovers before close.
        case lingering(since: UInt64)
    }

    /// What to do with an overdue connection.
    public enum Action: Sendable, Equatable {
        /// Close silently (nothing useful to say, or nobody listening).
        case close
        /// Answer 408 and close: the client was mid-request.
        case requestTimeout
    }

    /// The action due at `now` for a connection in `phase`, or nil while it is within its time.
    public func action(for phase: Phase, now: UInt64) -> Action? {
        func overdue(_ since: UInt64, _ seconds: Double) -> Bool {
            now >= since && Double(now - since) >= seconds * 1e9
        }
        switch phase {
        case .idle(let since): return overdue(since, idle) ? .close : nil
        case .head(let since): return overdue(since, header) ? .requestTimeout : nil
        case .body(let since): return overdue(since, body) ? .requestTimeout : nil
        case .processing: return nil
        case .writing(let since): return overdue(since, write) ? .close : nil
        case .lingering(let since): return overdue(since, linger) ? .close : nil
        }
    }
}
