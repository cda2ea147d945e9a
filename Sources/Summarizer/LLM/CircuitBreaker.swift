/// A circuit breaker as a pure state machine: time comes in as an argument, so tests drive it without sleeping.
///
/// Closed: calls go through; `threshold` consecutive failures open it. Open: calls are refused until `cooldown`
/// seconds have passed, then one probe is let through (half-open). The probe's success closes the breaker, its
/// failure re-opens it for another cool-down. A probe that never reports back (cancelled) is replaced after
/// another cool-down, so the breaker cannot stick half-open.
public struct CircuitBreaker: Sendable, Equatable {
    /// The breaker's state.
    public enum State: Sendable, Equatable {
        /// Calls pass; the count of failures in a row so far.
        case closed(consecutiveFailures: Int)
        /// Calls are refused until this instant.
        case open(until: Double)
        /// One probe call is in flight since this instant.
        case halfOpen(since: Double)
    }

    /// Current state.
    public private(set) var state: State = .closed(consecutiveFailures: 0)
    /// Failures in a row that open the breaker.
    public let threshold: Int
    /// Seconds the breaker stays open.
    public let cooldown: Double

    /// Creates a closed breaker.
    public init(threshold: Int, cooldown: Double) {
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
    }

    /// Whether a call may start at `now`; moves open → half-open when the cool-down has passed.
    public mutating func allowsCall(now: Double) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen(since: now)
            return true
        case .halfOpen(let since):
            guard now - since >= cooldown else { return false }
            state = .halfOpen(since: now)
            return true
        }
    }

    /// Whether a further call of a summary already let through (a map window, the reduce) may go out: refused only
    /// while the breaker is open, i.e. it opened after the summary started. Unlike `allowsCall` it changes nothing,
    /// so a half-open probe's own windows are not refused as a second probe.
    public func permitsFollowUp(now: Double) -> Bool {
        if case .open(let until) = state { return now >= until }
        return true
    }

    /// Records a successful call: closes the breaker.
    public mutating func recordSuccess() {
        state = .closed(consecutiveFailures: 0)
    }

    /// Records a failed call at `now`.
    public mutating func recordFailure(now: Double) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= threshold ? .open(until: now + cooldown) : .closed(consecutiveFailures: failures + 1)
        case .halfOpen:
            state = .open(until: now + cooldown)
        case .open:
            break
        }
    }

    /// True while calls are being refused (open, or half-open with the probe still out).
    public var isOpen: Bool {
        if case .closed = state { return false }
        return true
    }
}
