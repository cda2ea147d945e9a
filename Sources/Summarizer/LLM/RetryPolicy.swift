/// When and how long to wait before another LLM attempt: jittered exponential backoff that honours `Retry-After`.
public struct RetryPolicy: Sendable {
    /// Extra attempts after the first.
    public var maxRetries: Int
    /// First delay in seconds.
    public var base: Double
    /// Ceiling of the exponential delay in seconds.
    public var cap: Double
    /// Longest `Retry-After` honoured; longer means "give up now".
    public var maxRetryAfter: Double

    /// Creates a policy.
    public init(maxRetries: Int, base: Double, cap: Double, maxRetryAfter: Double) {
        self.maxRetries = max(0, maxRetries)
        self.base = base
        self.cap = cap
        self.maxRetryAfter = maxRetryAfter
    }

    /// Whether an HTTP status deserves another attempt: 429 and 5xx do, every other status does not.
    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// Delay before retry number `attempt` (0 = first retry). `unit` is a random draw in [0, 1): the
    /// "equal jitter" scheme waits between half and all of the exponential delay, so bursts of clients spread out.
    /// A server's `Retry-After` wins when it asks for longer. `nil` means do not retry (the server asked for
    /// longer than `maxRetryAfter`).
    public func delay(attempt: Int, retryAfter: Double?, unit: Double) -> Double? {
        let exponential = min(cap, base * Double(1 << min(attempt, 30)))
        let jittered = exponential * (0.5 + 0.5 * min(max(unit, 0), 1))
        guard let retryAfter else { return jittered }
        if retryAfter > maxRetryAfter { return nil }
        return max(retryAfter, jittered)
    }

    /// Parses a `Retry-After` value given in delta-seconds; HTTP-dates and junk give `nil` (backoff applies).
    public static func parseRetryAfter(_ value: String?) -> Double? {
        guard let value, let seconds = Double(value.trimmingSpaces), seconds >= 0, seconds.isFinite else { return nil }
        return seconds
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
